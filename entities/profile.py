"""The signed-in focal point's own profile page, and focal-point photos."""

import io
import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from PIL import Image, ImageOps, UnidentifiedImageError

from compact_portal.i18n import NATIVE_NAMES, set_user_language

from .models import FocalPoint, Theme

logger = logging.getLogger(__name__)

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
PHOTO_SIZE = (800, 800)


def clean_photo_upload(upload) -> ContentFile:
    """A JPEG re-encoded from an uploaded photo (so no metadata survives), or ValidationError."""
    if upload.size > PHOTO_MAX_BYTES:
        raise forms.ValidationError(
            _("The photo is too large: the limit is 2 MB."), code="photo_too_large"
        )
    data = upload.read(PHOTO_MAX_BYTES + 1)
    invalid = forms.ValidationError(
        _("Upload a photo in JPEG, PNG or WebP format."), code="photo_invalid"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise invalid
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise invalid
            probe.verify()
        # verify() leaves the image unusable: open it again to decode the pixels.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            else:
                image = image.convert("RGB")
            image.thumbnail(PHOTO_SIZE)
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise invalid from None
    return ContentFile(out.getvalue(), name="photo.jpg")


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Expertise"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=FocalPoint.Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, up to 2 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=gettext_lazy("Remove my photo"), required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the portal and of your emails"),
        required=False,
        help_text=gettext_lazy("Without a choice, the portal follows your browser's language."),
    )

    class Meta:
        model = FocalPoint
        fields = [
            "position",
            "phone",
            "themes",
            "languages",
            "bio",
            "show_email",
            "show_phone",
            "notification_frequency",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    field_order = ["first_name", "last_name", "position", "phone", "photo", "remove_photo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["language"].choices = [("", gettext_lazy("As my browser asks"))] + [
            (code, NATIVE_NAMES.get(code, code)) for code, _name in settings.LANGUAGES
        ]
        self.fields["language"].initial = user.language
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return clean_photo_upload(upload)


@transaction.atomic
def update_profile(focal_point: FocalPoint, *, actor, cleaned_data: dict) -> FocalPoint:
    """Save a focal point's own profile (and their name), replacing or removing the photo."""
    user = focal_point.user
    user.first_name = cleaned_data["first_name"]
    user.last_name = cleaned_data["last_name"]
    user.save(update_fields=["first_name", "last_name"])
    if "language" in cleaned_data:
        set_user_language(user, cleaned_data["language"] or "", actor=actor)

    fields = [
        "position",
        "phone",
        "languages",
        "bio",
        "show_email",
        "show_phone",
        "notification_frequency",
    ]
    for name in fields:
        setattr(focal_point, name, cleaned_data[name])
    old_photo = focal_point.photo.name if focal_point.photo else ""
    if cleaned_data.get("photo"):
        focal_point.photo.save("photo.jpg", cleaned_data["photo"], save=False)
        fields.append("photo")
    elif cleaned_data.get("remove_photo"):
        focal_point.photo = ""
        fields.append("photo")
    focal_point.save(update_fields=fields)
    focal_point.themes.set(cleaned_data["themes"])

    if "photo" in fields and old_photo:
        storage = focal_point.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    logger.info("profile updated focal_point=%s by user_id=%s", focal_point.pk, actor.pk)
    return focal_point


def profile(request):
    focal_point = (
        FocalPoint.objects.select_related("user", "organization").filter(user=request.user).first()
    )
    if focal_point is None:
        return render(request, "entities/profile_missing.html")
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=focal_point)
        if form.is_valid():
            update_profile(focal_point, actor=request.user, cleaned_data=form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            response = redirect("profile")
            if not form.cleaned_data.get("language"):
                # "As my browser asks": forget the switcher's last pick too.
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            return response
    else:
        form = ProfileForm(instance=focal_point)
    return render(request, "entities/profile.html", {"form": form, "focal_point": focal_point})


@require_GET
def focal_point_photo(request, user_id: int):
    """A focal point's photo, for signed-in users; inert whatever the browser thinks of it."""
    focal_point = get_object_or_404(FocalPoint.objects.active(), user_id=user_id)
    if not focal_point.photo:
        raise Http404
    try:
        handle = focal_point.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response
