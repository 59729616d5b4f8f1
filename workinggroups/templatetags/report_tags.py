"""`{% group_reports group %}`: the progress-reports panel of a Working Group's space.

Shows the group's latest reports the viewer may read (drafts only to the group's report writers
and the Secretariat, see `workinggroups.reports`), a link to all of them, and "Write a report"
when the viewer may write one.
"""

from django import template

from entities.accounts import is_secretariat
from workinggroups.models import WorkingGroup
from workinggroups.reports import can_write_reports, reports_visible_to

register = template.Library()

PANEL_SIZE = 3


@register.inclusion_tag("workinggroups/reports/partials/_group_reports.html", takes_context=True)
def group_reports(context, group):
    request = context.get("request")
    user = getattr(request, "user", None)
    if group is None or group.kind != WorkingGroup.Kind.WORKING_GROUP or user is None:
        return {"group": group, "reports": [], "can_write": False, "shown": False}
    secretariat = is_secretariat(user)
    reports = list(
        reports_visible_to(user, secretariat=secretariat)
        .filter(group=group)
        .only("pk", "group_id", "period_start", "period_end", "status", "submitted_at")
        .order_by("-period_end", "-pk")[:PANEL_SIZE]
    )
    return {
        "group": group,
        "reports": reports,
        "can_write": can_write_reports(user, group, secretariat=secretariat),
        "shown": True,
    }
