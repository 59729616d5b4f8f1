"""Reads for the site-wide pages."""

from django.db.models import Count, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from entities.models import FocalPoint, Organization, Pillar
from workinggroups.models import JointProgramme, WorkingGroup, WorkingGroupMembership


def compact_figures():
    organizations = Organization.objects.aggregate(
        # distinct: the focal-point join below repeats each organization once per person.
        entities=Count("pk", filter=Q(kind=Organization.Kind.COMPACT_ENTITY), distinct=True),
        states=Count(
            "pk",
            filter=Q(kind=Organization.Kind.MEMBER_STATE, focal_points__user__is_active=True),
            distinct=True,
        ),
        regional=Count(
            "pk",
            filter=Q(kind=Organization.Kind.REGIONAL, focal_points__user__is_active=True),
            distinct=True,
        ),
    )
    focal_points = FocalPoint.objects.active().count()
    groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).count()
    return [
        {"label": _("Compact entities"), "value": organizations["entities"], "note": ""},
        {
            "label": _("Member States with focal points"),
            "value": organizations["states"],
            "note": "",
        },
        {
            "label": _("International and regional organizations"),
            "value": organizations["regional"],
            "note": "",
        },
        {"label": _("Focal points"), "value": focal_points, "note": ""},
        {"label": _("Working Groups"), "value": groups, "note": ""},
    ]


def pillars_with_groups():
    leaders = WorkingGroupMembership.objects.filter(
        role__in=WorkingGroupMembership.LEADERSHIP_ROLES
    ).select_related("organization")
    groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.WORKING_GROUP).prefetch_related(
        Prefetch("memberships", queryset=leaders, to_attr="leader_memberships")
    )
    pillars = list(
        Pillar.objects.prefetch_related(
            Prefetch("working_groups", queryset=groups, to_attr="groups")
        )
    )
    role_order = {role: i for i, role in enumerate(WorkingGroupMembership.LEADERSHIP_ROLES)}
    for pillar in pillars:
        for group in pillar.groups:
            group.leaders = [
                {"role": m.get_role_display(), "acronym": m.organization.label}
                for m in sorted(
                    group.leader_memberships,
                    key=lambda m: (role_order[m.role], m.organization.label),
                )
            ]
    return pillars


def current_programme():
    return JointProgramme.objects.prefetch_related("priorities").first()


def home_context(user):
    """The signed-in home: my panels and the Compact in numbers as I may see them (the
    groups by pillar are on the landing page and the groups' index)."""
    from . import numbers

    return {
        "figures": numbers.figures_for(user),
        "programme": current_programme(),
        **home_panels(user),
    }


# --- the signed-in home's panels ----------------------------------------------------------------

PANEL_SIZE = 5
ACTIVITY_SIZE = 5
EVENT_DAYS = 60
EVENT_CANDIDATES = 200  # recurring series in the window (plus the first singles) considered


def my_groups(user):
    """The Working Groups (and the Committee) my organization belongs to, with its role."""
    from library.visibility import audience_of

    organization_id = audience_of(user).organization_id
    if organization_id is None:
        return []
    memberships = (
        WorkingGroupMembership.objects.filter(organization_id=organization_id)
        .select_related("group")
        .order_by("group__kind", "group__number")
    )
    groups = []
    for membership in memberships:
        group = membership.group
        group.my_role = membership.get_role_display()
        groups.append(group)
    return groups


def group_activity(user, groups) -> list:
    """The latest activity of my groups, as I may see it."""
    if not groups:
        return []
    from . import activity

    return activity.stream_for_groups(user, groups, limit=ACTIVITY_SIZE)


def upcoming_events(user, *, days: int = EVENT_DAYS, limit: int = PANEL_SIZE):
    """Coming occurrences of events I registered for, my groups hold or my organization runs."""
    import datetime as dt

    from django.db.models import Case, IntegerField, When
    from django.utils import timezone

    from calendar_app.models import Event
    from calendar_app.recurrence import occurrences
    from calendar_app.selectors import filtered_events

    now = timezone.now()
    end = now + dt.timedelta(days=days)
    events = filtered_events(user, {"mine": True}).exclude(status=Event.Status.CANCELLED)
    # One pass of the visibility rule: the window's recurring series first (there are few; they
    # are expanded in Python), then single events by start, of which the first few are enough.
    rows = (
        events.in_window(now, end)
        .annotate(single=Case(When(rrule="", then=1), default=0, output_field=IntegerField()))
        .order_by("single", "starts_at", "pk")
        .values_list("pk", "single")[:EVENT_CANDIDATES]
    )
    ids, singles = [], 0
    for pk, single in rows:
        if single:
            if singles == limit:
                break
            singles += 1
        ids.append(pk)
    if not ids:
        return []
    # The ids come from the rule above: the events are read without applying it again, and
    # only series have exceptions to read (most viewers have none in the window).
    events = Event.objects.filter(pk__in=ids).select_related("organizer", "working_group")
    if singles < len(ids):
        events = events.prefetch_related("exceptions")
    found = []
    for event in events:
        exceptions = list(event.exceptions.all()) if event.rrule else []
        found.extend(occurrences(event, now, end, exceptions))
    found.sort(key=lambda o: (o.start, o.event.title))
    return found[:limit]


def subscribed_documents(user, *, limit: int = PANEL_SIZE):
    """New documents matching what I follow in the library, that I may see (newest first).

    Theme, group and organization subscriptions are matched live; saved searches (and
    newsletters) through the notifications the library recorded for me."""
    from django.db.models import Exists, OuterRef

    from library.models import Document, DocumentNotification, Subscription

    subscriptions = list(
        Subscription.objects.filter(user_id=user.pk).values_list(
            "kind", "theme_id", "group_id", "organization_id"
        )
    )
    if not subscriptions:
        return [], False
    themes = {t for kind, t, _g, _o in subscriptions if kind == Subscription.Kind.THEME}
    groups = {g for kind, _t, g, _o in subscriptions if kind == Subscription.Kind.GROUP}
    organizations = {
        o for kind, _t, _g, o in subscriptions if kind == Subscription.Kind.ORGANIZATION
    }
    match = Exists(DocumentNotification.objects.filter(document_id=OuterRef("pk"), user_id=user.pk))
    if themes:
        match |= Exists(
            Document.themes.through.objects.filter(document_id=OuterRef("pk"), theme_id__in=themes)
        )
    if groups:
        match |= Exists(
            Document.working_groups.through.objects.filter(
                document_id=OuterRef("pk"), workinggroup_id__in=groups
            )
        )
    if organizations:
        match |= Exists(
            Document.author_organizations.through.objects.filter(
                document_id=OuterRef("pk"), organization_id__in=organizations
            )
        ) | Exists(
            Document.countries.through.objects.filter(
                document_id=OuterRef("pk"), organization_id__in=organizations
            )
        )
    documents = (
        Document.objects.visible_to(user)
        .filter(match, status=Document.Status.PUBLISHED)
        .exclude(created_by_id=user.pk)
        .only("pk", "title", "doc_type", "publication_date", "created_at", "languages")
        .order_by("-created_at", "-pk")[:limit]
    )
    return list(documents), True


def awaiting_discussions(user, *, limit: int = PANEL_SIZE):
    """Discussions awaiting me: threads I follow with posts by others since I last posted (or
    since I started following), and threads where someone mentioned me since I last posted.

    The portal records who follows a thread, who posted and who was mentioned, not who read
    what; my own last post is the best sign of having read a thread.

    Two plain queries: the candidate threads (those I follow or was mentioned in, through the
    discussions' visibility rule) with my last post and when I followed; then the others' posts
    in them since then, counted per thread."""
    from django.db import connection
    from django.db.models import DateTimeField, Subquery

    from workinggroups.discussions import threads_visible_to
    from workinggroups.models import Post, ThreadSubscription

    my_last_post = (
        Post.objects.filter(thread_id=OuterRef("pk"), author_id=user.pk)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    followed_at = ThreadSubscription.objects.filter(
        thread_id=OuterRef("pk"), user_id=user.pk
    ).values("created_at")[:1]
    mentioning = Post.mentions.through.objects.filter(user_id=user.pk).values("post__thread_id")
    followed = ThreadSubscription.objects.filter(user_id=user.pk).values("thread_id")
    candidates = list(
        threads_visible_to(user)
        .filter(Q(pk__in=followed) | Q(pk__in=mentioning), hidden=False)
        .annotate(
            my_last=Subquery(my_last_post, output_field=DateTimeField()),
            followed_at=Subquery(followed_at, output_field=DateTimeField()),
        )
        .select_related("group")
        .order_by("-last_post_at", "-pk")
    )
    if not candidates:
        return []
    epoch = timezone_epoch()
    ids, read_up_to, mentions_since = [], [], []
    for thread in candidates:
        ids.append(thread.pk)
        # followed threads: read up to my last post, or to when I started following;
        read_up_to.append(thread.my_last or thread.followed_at or epoch)
        # mentions: any since my last post in the thread.
        mentions_since.append(thread.my_last or epoch)
    posts = Post._meta.db_table
    mentions = Post.mentions.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT t.id,
                   count(*) FILTER (WHERE p.created_at > t.read_up_to),
                   coalesce(bool_or(p.created_at > t.mentions_since AND EXISTS (
                       SELECT 1 FROM {mentions} m WHERE m.post_id = p.id AND m.user_id = %s
                   )), false)
            FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[])
                 AS t(id, read_up_to, mentions_since)
            JOIN {posts} p ON p.thread_id = t.id
            WHERE NOT p.hidden AND p.author_id IS DISTINCT FROM %s
              AND p.created_at > LEAST(t.read_up_to, t.mentions_since)
            GROUP BY t.id
            """,  # noqa: S608 - table names from the models; every value is a parameter
            [user.pk, ids, read_up_to, mentions_since, user.pk],
        )
        news = {pk: (new_posts, mentioned) for pk, new_posts, mentioned in cursor.fetchall()}
    awaiting = []
    for thread in candidates:
        thread.new_posts, thread.mentioned = news.get(thread.pk, (0, False))
        if (thread.followed_at is not None and thread.new_posts) or thread.mentioned:
            awaiting.append(thread)
            if len(awaiting) == limit:
                break
    return awaiting


def timezone_epoch():
    import datetime as dt

    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def home_panels(user) -> dict:
    groups = my_groups(user)
    documents, follows_something = subscribed_documents(user)
    return {
        "my_groups": groups,  # their latest activity is loaded after the page (`my_activity`)
        "events": upcoming_events(user),
        "documents": documents,
        "follows_something": follows_something,
        "discussions": awaiting_discussions(user),
    }


# --- the public landing page ---


def compact_entities():
    return list(
        Organization.objects.filter(kind=Organization.Kind.COMPACT_ENTITY)
        .only("name", "acronym", "compact_status")
        .order_by("acronym", "name")
    )


def public_news(limit: int = 3):
    """Published newsletters shared with every focal point: title, date and summary only."""
    from library.models import Document
    from library.subscriptions import NEWSLETTER_TYPES

    return list(
        Document.objects.filter(
            doc_type__in=NEWSLETTER_TYPES,
            status=Document.Status.PUBLISHED,
            visibility=Document.Visibility.ALL,
        )
        .only("pk", "title", "summary", "publication_date", "created_at")
        .order_by("-publication_date", "-created_at")[:limit]
    )


def landing_context() -> dict:
    from . import numbers

    return {
        "figures": numbers.public_figures(),
        "pillars": pillars_with_groups(),
        "programme": current_programme(),
        "entities": compact_entities(),
        "news": public_news(),
    }
