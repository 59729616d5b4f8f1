"""Discussion pages: the lists, a thread with its posts and reply form, new threads, editing a
post, following a thread, moderation, and the two pickers (people to mention, documents to attach).

The same views serve a group's discussions (`group` set) and the Collaboration area (None). Rules
are in `workinggroups.discussions`: what a person may not read answers 404; what they may read but
not change (post, moderate, edit someone else's post) answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entities.directory import build_search
from entities.models import User

from . import discussion_actions as actions
from .discussion_forms import PickerSearchForm, PostForm, ThreadForm, ThreadSearchForm
from .discussions import (
    area_name,
    area_threads,
    can_edit_post,
    can_moderate_area,
    can_post_area,
    can_read_area,
    can_reply,
    get_post_for_user,
    get_thread_for_user,
    participant_of,
    readers_among,
    thread_path,
    visible_posts,
)
from .models import Post, Thread, ThreadSubscription, WorkingGroup

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 30
PICKER_RESULTS = 8


def _group(slug: str) -> WorkingGroup:
    return get_object_or_404(WorkingGroup.objects.select_related("pillar"), slug=slug)


def _area_context(request, group: WorkingGroup | None) -> dict:
    return {
        "group": group,
        "area_name": area_name(group),
        "can_post": can_post_area(request.user, group),
        "can_moderate": can_moderate_area(request.user, group),
    }


def _new_thread_url(group):
    from django.urls import reverse

    if group is None:
        return reverse("discussions:collaboration_new")
    return reverse("discussions:group_new", args=[group.slug])


def _list_url(group):
    from django.urls import reverse

    if group is None:
        return reverse("discussions:collaboration")
    return reverse("discussions:group_list", args=[group.slug])


# --- lists --------------------------------------------------------------------------------------


def _thread_list(request, group: WorkingGroup | None):
    if not can_read_area(request.user, group):
        raise Http404
    form = ThreadSearchForm(request.GET)
    query = form.query()
    threads = area_threads(request.user, group).select_related("created_by")
    if query:
        threads = threads.filter(title__icontains=query)
    threads = threads.annotate(
        followed=Exists(
            ThreadSubscription.objects.filter(thread_id=OuterRef("pk"), user_id=request.user.pk)
        )
    ).order_by("-pinned", "-last_post_at", "-pk")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **_area_context(request, group),
        "form": form,
        "query": query,
        "page_obj": page,
        "threads": list(page.object_list),
        "new_thread_url": _new_thread_url(group),
        "list_url": _list_url(group),
    }
    for thread in context["threads"]:
        thread.url = thread_path(thread, group.slug if group else None)
    if request.htmx:
        return render(request, "workinggroups/discussions/partials/_thread_list.html", context)
    return render(request, "workinggroups/discussions/thread_list.html", context)


@require_GET
def group_threads(request, slug):
    return _thread_list(request, _group(slug))


@require_GET
def collaboration(request):
    return _thread_list(request, None)


# --- a thread -----------------------------------------------------------------------------------


def _posts_with_details(request, thread: Thread):
    from library.models import Document

    documents = Document.objects.visible_to(request.user).only("pk", "title", "doc_type")
    people = User.objects.select_related("focal_point")
    return (
        visible_posts(request.user, thread)
        .select_related("author", "author__focal_point__organization")
        .prefetch_related(
            Prefetch("documents", queryset=documents.order_by("title")),
            Prefetch("mentions", queryset=people.order_by("last_name", "first_name")),
        )
        .order_by("created_at", "pk")
    )


def _thread_page(request, group, thread, form=None, status=200):
    user = request.user
    posts = Paginator(_posts_with_details(request, thread), POSTS_PER_PAGE)
    page = posts.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for post in rows:
        post.can_edit = can_edit_post(user, post)
    allowed_to_reply = can_reply(user, thread)
    if form is None and allowed_to_reply:
        form = PostForm(user=user, group=group)
    context = {
        **_area_context(request, group),
        "thread": thread,
        "thread_url": thread_path(thread, group.slug if group else None),
        "list_url": _list_url(group),
        "page_obj": page,
        "posts": rows,
        "form": form,
        "can_reply": allowed_to_reply,
        "following": ThreadSubscription.objects.filter(thread=thread, user_id=user.pk).exists(),
    }
    return render(request, "workinggroups/discussions/thread_detail.html", context, status=status)


def _thread(request, group, pk):
    thread = get_thread_for_user(request.user, group, pk)
    if request.method == "POST":
        if not can_reply(request.user, thread):
            raise PermissionDenied
        form = PostForm(request.POST, user=request.user, group=group)
        if form.is_valid():
            post = actions.reply(
                thread,
                body=form.cleaned_data["body"],
                mentions=form.cleaned_data["mentions"],
                documents=form.cleaned_data["documents"],
                actor=request.user,
            )
            messages.success(request, _("Your reply has been posted."))
            return redirect(_post_location(request.user, post))
        return _thread_page(request, group, thread, form=form, status=400)
    return _thread_page(request, group, thread)


def _post_location(user, post: Post) -> str:
    """The page of the thread that shows the post, and its anchor."""
    thread = post.thread
    before = visible_posts(user, thread).filter(created_at__lte=post.created_at).count()
    page = max(1, (before - 1) // POSTS_PER_PAGE + 1)
    suffix = f"?page={page}" if page > 1 else ""
    return f"{thread_path(thread)}{suffix}#post-{post.pk}"


@require_http_methods(["GET", "POST"])
def group_thread(request, slug, pk):
    return _thread(request, _group(slug), pk)


@require_http_methods(["GET", "POST"])
def collaboration_thread(request, pk):
    return _thread(request, None, pk)


# --- new thread ---------------------------------------------------------------------------------


def _new_thread(request, group):
    if not can_read_area(request.user, group):
        raise Http404
    if not can_post_area(request.user, group):
        raise PermissionDenied
    if request.method == "POST":
        form = ThreadForm(request.POST, user=request.user, group=group)
        if form.is_valid():
            thread = actions.start_thread(
                group,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                mentions=form.cleaned_data["mentions"],
                documents=form.cleaned_data["documents"],
                actor=request.user,
            )
            messages.success(request, _("Your discussion has been started."))
            return redirect(thread_path(thread, group.slug if group else None))
        status = 400
    else:
        form = ThreadForm(user=request.user, group=group)
        status = 200
    context = {**_area_context(request, group), "form": form, "list_url": _list_url(group)}
    return render(request, "workinggroups/discussions/thread_new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def group_new_thread(request, slug):
    return _new_thread(request, _group(slug))


@require_http_methods(["GET", "POST"])
def collaboration_new_thread(request):
    return _new_thread(request, None)


# --- editing a post -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def edit_post(request, pk):
    post = get_post_for_user(request.user, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    group = post.thread.group
    if request.method == "POST":
        form = PostForm(request.POST, user=request.user, group=group)
        if form.is_valid():
            actions.edit_post(
                post,
                body=form.cleaned_data["body"],
                mentions=form.cleaned_data["mentions"],
                documents=form.cleaned_data["documents"],
                visible_documents=form.visible_documents,
                actor=request.user,
            )
            messages.success(request, _("Your post has been updated."))
            return redirect(_post_location(request.user, post))
        status = 400
    else:
        form = PostForm(user=request.user, group=group)
        seen = post.documents.filter(pk__in=form.visible_documents.values("pk"))
        form.initial = {
            "body": post.body,
            "mentions": list(post.mentions.values_list("pk", flat=True)),
            "documents": list(seen.values_list("pk", flat=True)),
        }
        status = 200
    context = {
        **_area_context(request, group),
        "form": form,
        "post": post,
        "thread": post.thread,
        "thread_url": thread_path(post.thread),
        "list_url": _list_url(group),
    }
    return render(request, "workinggroups/discussions/post_edit.html", context, status=status)


# --- following and moderation -------------------------------------------------------------------


def _any_thread(request, pk) -> Thread:
    """A thread of any area the user may see (404 otherwise)."""
    thread = Thread.objects.select_related("group").filter(pk=pk).first()
    if thread is None:
        raise Http404
    return get_thread_for_user(request.user, thread.group, pk)


@require_POST
def follow(request, pk):
    thread = _any_thread(request, pk)
    if request.POST.get("action") == "unfollow":
        actions.unsubscribe(thread, actor=request.user)
        messages.success(request, _("You no longer follow this discussion."))
    else:
        actions.subscribe(thread, actor=request.user)
        messages.success(request, _("You follow this discussion: new posts are emailed to you."))
    return redirect(thread_path(thread))


MODERATION = {
    "pin": ("pinned", True, _("The discussion is pinned to the top of the list.")),
    "unpin": ("pinned", False, _("The discussion is no longer pinned.")),
    "lock": ("locked", True, _("The discussion is locked: no new replies.")),
    "unlock": ("locked", False, _("The discussion is open for replies again.")),
    "hide": ("hidden", True, _("The discussion is hidden from everyone but the moderators.")),
    "unhide": ("hidden", False, _("The discussion is visible again.")),
}


@require_POST
def moderate_thread(request, pk):
    thread = _any_thread(request, pk)
    if not can_moderate_area(request.user, thread.group):
        raise PermissionDenied
    action = MODERATION.get(request.POST.get("action", ""))
    if action is None:
        return _bad_request()
    flag, value, message = action
    actions.set_thread_flag(thread, flag, value, actor=request.user)
    messages.success(request, message)
    return redirect(thread_path(thread))


@require_POST
def moderate_post(request, pk):
    post = get_post_for_user(request.user, pk)
    if not can_moderate_area(request.user, post.thread.group):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in ("hide", "unhide"):
        return _bad_request()
    actions.set_post_hidden(post, action == "hide", actor=request.user)
    if action == "hide":
        messages.success(request, _("The post is hidden from everyone but the moderators."))
    else:
        messages.success(request, _("The post is visible again."))
    return redirect(_post_location(request.user, post))


def _bad_request():
    from django.http import HttpResponseBadRequest

    return HttpResponseBadRequest(_("Unknown action."))


# --- pickers (htmx) -----------------------------------------------------------------------------


def _picker_area(request):
    """The area whose readers may be mentioned: `?group=<slug>` or the Collaboration area."""
    slug = request.GET.get("group", "")
    group = WorkingGroup.objects.filter(slug=slug).first() if slug else None
    if slug and group is None:
        raise Http404
    if not can_read_area(request.user, group):
        raise Http404
    return group


@require_GET
def mention_search(request):
    """People the user may see in the directory who may read the area, as picker choices."""
    group = _picker_area(request)
    query = PickerSearchForm(request.GET).query()
    people = []
    if len(query) >= 2 and participant_of(request.user).is_anyone:
        _form, search = build_search({"q": query})
        rows = list(
            search.queryset()
            .exclude(user_id=request.user.pk)
            .select_related("user", "organization")[: PICKER_RESULTS * 3]
        )
        readers = readers_among([row.user_id for row in rows], group)
        people = [row for row in rows if row.user_id in readers][:PICKER_RESULTS]
    return render(
        request,
        "workinggroups/discussions/partials/_mention_choices.html",
        {"people": people, "query": query},
    )


@require_GET
def document_search(request):
    """Library documents the user may see whose title matches, as picker choices."""
    from library.models import Document

    query = PickerSearchForm(request.GET).query()
    documents = []
    if len(query) >= 2:
        documents = list(
            Document.objects.visible_to(request.user)
            .filter(title__icontains=query)
            .only("pk", "title", "doc_type", "publication_date")
            .order_by("-publication_date", "title")[:PICKER_RESULTS]
        )
    return render(
        request,
        "workinggroups/discussions/partials/_document_choices.html",
        {"documents": documents, "query": query},
    )
