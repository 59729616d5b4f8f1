"""Discussion panels other pages include (the group spaces).

`{% load discussion_tags %}{% group_discussions group %}` renders the latest threads of the group
the viewer may read (hidden ones only for its moderators), a link to all of them and, for those
who may post, "Start a discussion". Readers outside the group's audience see a short note instead
(the rules are in `workinggroups.discussions`).
"""

from django import template

from workinggroups.discussions import area_threads, can_post_area, can_read_area

register = template.Library()

PANEL_SIZE = 5


@register.inclusion_tag(
    "workinggroups/discussions/partials/_group_discussions.html", takes_context=True
)
def group_discussions(context, group):
    request = context.get("request")
    user = getattr(request, "user", None)
    readable = can_read_area(user, group)
    threads = []
    if readable:
        threads = list(
            area_threads(user, group)
            .select_related("created_by")
            .order_by("-pinned", "-last_post_at", "-pk")[:PANEL_SIZE]
        )
    return {
        "group": group,
        "threads": threads,
        "can_read": readable,
        "can_post": readable and can_post_area(user, group),
    }


@register.inclusion_tag(
    "workinggroups/discussions/partials/_document_discussions.html", takes_context=True
)
def document_discussions(context, document):
    """The discussions (the viewer may open) whose visible posts attach `document`."""
    from workinggroups.discussions import threads_visible_to

    request = context.get("request")
    user = getattr(request, "user", None)
    threads = list(
        threads_visible_to(user)
        .filter(posts__documents=document, posts__hidden=False)
        .select_related("group")
        .distinct()
        .order_by("-last_post_at", "-pk")[:PANEL_SIZE]
    )
    return {"threads": threads}


@register.simple_tag
def thread_url(thread):
    """The thread's page, in its group's space or in the Collaboration area."""
    from workinggroups.discussions import thread_path

    return thread_path(thread)
