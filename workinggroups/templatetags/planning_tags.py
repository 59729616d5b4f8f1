"""Work plan panels other pages include (the group spaces).

`{% load planning_tags %}{% group_work_plan group %}` renders the group's activities in figures
(how many, by status, average progress, the next ones to start or end), a link to the group's
filtered activity list and, for the group's work plan managers, "Add an activity".
"""

from django import template

from workinggroups.models import WorkingGroup
from workinggroups.planning import can_manage_work_plan, group_work_plan_summary

register = template.Library()


@register.inclusion_tag("workinggroups/planning/partials/_group_work_plan.html", takes_context=True)
def group_work_plan(context, group):
    request = context.get("request")
    user = getattr(request, "user", None)
    summary = group_work_plan_summary(group, user)
    summary["can_manage"] = can_manage_work_plan(user, group)
    summary["group"] = group
    # The Coordination Committee has no work plan of its own: its panel leads to the programme.
    summary["has_work_plan"] = group.kind == WorkingGroup.Kind.WORKING_GROUP
    return summary
