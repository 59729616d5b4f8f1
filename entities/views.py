from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import actions
from .forms import AccessRequestForm

ACCESS_REQUEST_LIMIT = 5  # accepted submissions per IP address
ACCESS_REQUEST_WINDOW = 3600  # seconds


def _over_limit(ip: str) -> bool:
    """A fixed-window counter in the cache (Redis): True once the IP used up its submissions."""
    limit = getattr(settings, "ACCESS_REQUEST_RATE_LIMIT", ACCESS_REQUEST_LIMIT)
    key = f"access-request-rate:{ip}"
    cache.add(key, 0, timeout=ACCESS_REQUEST_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=ACCESS_REQUEST_WINDOW)
        count = 1
    return count > limit


@login_not_required
@never_cache
def access_request(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = get_adapter(request).get_client_ip(request)
        if _over_limit(ip):
            return render(request, "entities/access_request_limited.html", status=429)
        data = form.cleaned_data
        duplicate = actions.find_duplicate(data["email"])
        if duplicate:
            return render(request, "entities/access_request_duplicate.html", {"reason": duplicate})
        created = actions.submit_access_request(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            organization=data["organization_object"],
            organization_other=data["organization_other"].strip(),
            position=data["position"],
            country=data["country"],
            working_groups=data["working_groups"],
            justification=data["justification"],
            ip_address=ip,
        )
        if created is None:
            return render(request, "entities/access_request_duplicate.html", {"reason": "pending"})
        return redirect("access_request_done")
    return render(request, "entities/access_request.html", {"form": form})


@login_not_required
def access_request_done(request):
    return render(request, "entities/access_request_done.html")


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request, token):
    invitation = actions.get_invitation_for_token(token)
    if invitation is None:
        raise Http404
    if not actions.invitation_is_usable(invitation):
        return _unusable(request, invitation)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                invitation, password=form.cleaned_data["new_password1"]
            )
        except actions.ActionRefused:
            invitation.refresh_from_db()
            return _unusable(request, invitation)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(
        request, "entities/accept_invitation.html", {"form": form, "invitation": invitation}
    )


def _unusable(request, invitation):
    reasons = {"accepted": "used", "revoked": "replaced"}
    reason = reasons.get(invitation.state, "expired")
    return render(
        request,
        "entities/invitation_unusable.html",
        {"reason": reason, "invitation": invitation},
        status=410,
    )
