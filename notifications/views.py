"""The notification centre, the preferences page and the signed unsubscribe links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entities.models import User

from . import services
from .forms import PreferencesForm
from .models import Kind, Notification

PER_PAGE = 25


def _safe_path(request, url: str) -> str | None:
    """Only a path on this site (never another host, never "//evil")."""
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return None
    return url


@require_GET
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    notifications = Notification.objects.for_user(request.user)
    if unread_only:
        notifications = notifications.unread()
    paginator = Paginator(notifications, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number),
        "unread_only": unread_only,
        "unread_total": services.unread_count(request.user.pk),
    }
    template = "notifications/notification_list.html"
    if request.htmx and request.htmx.target == "notification-results":
        template = "notifications/partials/_results.html"
    return render(request, template, context)


@require_GET
def open_notification(request, pk: int):
    notification = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if notification is None:
        raise Http404
    services.mark_read(notification, actor=request.user)
    target = _safe_path(request, notification.url)
    if target is None:
        messages.info(request, _("This notification has no page to open."))
        return redirect("notifications:index")
    return redirect(target)


@require_POST
def read_all(request):
    count = services.mark_all_read(request.user, actor=request.user)
    if request.htmx:
        notifications = Notification.objects.for_user(request.user)
        paginator = Paginator(notifications, PER_PAGE)
        page_obj = paginator.get_page(1)
        response = render(
            request,
            "notifications/partials/_results.html",
            {
                "page_obj": page_obj,
                "page_range": paginator.get_elided_page_range(1),
                "unread_only": False,
                "unread_total": 0,
                "marked": count,
            },
        )
        response["HX-Trigger"] = "notifications-read"
        return response
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:index")


@require_GET
@never_cache
def badge(request):
    """The header badge, for a page rendered while the count was not cached."""
    return render(
        request,
        "notifications/partials/_badge.html",
        {"count": services.unread_count(request.user.pk)},
    )


@require_http_methods(["GET", "POST"])
def preferences(request):
    current = services.preferences_of(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, initial=current)
        if form.is_valid():
            services.set_preferences(request.user, form.cleaned_data, actor=request.user)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial=current)
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
@csrf_exempt  # the signed token is the authority; mail clients' one-click POST has no cookie
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        user_id, kind = services.read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return _bad_link(request, expired=True)
    except signing.BadSignature:
        return _bad_link(request, expired=False)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return _bad_link(request, expired=False)
    context = {"kind_label": Kind(kind).label, "email": user.email, "done": False}
    if request.method == "POST":
        services.turn_off(user, kind)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)


def _bad_link(request, *, expired: bool) -> HttpResponse:
    return render(
        request, "notifications/unsubscribe_invalid.html", {"expired": expired}, status=400
    )
