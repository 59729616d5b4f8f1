"""The focal point's own profile page, and the photo view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from entities.models import FocalPoint, Theme, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def image_bytes(fmt="PNG", size=(64, 48), exif=False):
    image = Image.new("RGB", size, (0, 104, 157))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCameraMaker"  # Make
        kwargs["exif"] = data
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def form_data(**overrides):
    data = {
        "first_name": "Eve",
        "last_name": "Entity",
        "position": "Programme officer",
        "phone": "+43 1 26060",
        "bio": "Works on border security.",
        "languages": ["en", "fr"],
        "show_email": "on",
        "notification_frequency": "weekly",
    }
    data.update(overrides)
    return data


def test_focal_point_saves_their_profile(client, entity_user):
    themes = list(Theme.objects.order_by("pk")[:2])
    client.force_login(entity_user)
    assert client.get(reverse("profile")).status_code == 200

    response = client.post(
        reverse("profile"),
        form_data(first_name="Evelyn", themes=[theme.pk for theme in themes]),
    )

    assert response.status_code == 302
    focal_point = FocalPoint.objects.get(user=entity_user)
    assert focal_point.position == "Programme officer"
    assert focal_point.phone == "+43 1 26060"
    assert focal_point.languages == ["en", "fr"]
    assert set(focal_point.themes.all()) == set(themes)
    assert focal_point.show_email is True
    assert focal_point.show_phone is False
    assert focal_point.notification_frequency == "weekly"
    entity_user.refresh_from_db()
    assert entity_user.first_name == "Evelyn"


def test_photo_is_re_encoded_as_jpeg_under_a_random_name_without_metadata(client, entity_user):
    client.force_login(entity_user)
    upload = SimpleUploadedFile("me.png", image_bytes("PNG", exif=True), "image/png")

    response = client.post(reverse("profile"), form_data(photo=upload))

    assert response.status_code == 302
    focal_point = FocalPoint.objects.get(user=entity_user)
    assert focal_point.photo.name.startswith("photos/")
    assert "me" not in focal_point.photo.name
    with focal_point.photo.open("rb") as handle:
        data = handle.read()
    assert b"SecretCameraMaker" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"


def test_webp_and_jpeg_photos_are_accepted(client, entity_user):
    client.force_login(entity_user)
    for fmt, name in [("WEBP", "me.webp"), ("JPEG", "me.jpg")]:
        upload = SimpleUploadedFile(name, image_bytes(fmt), "image/" + fmt.lower())
        assert client.post(reverse("profile"), form_data(photo=upload)).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("me.jpg", b"just some text, not a picture\n" * 10, "JPEG, PNG or WebP"),
        ("me.gif", b"GIF89a" + b"\x00" * 50, "JPEG, PNG or WebP"),
        ("me.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40, "JPEG, PNG or WebP"),  # truncated JPEG
        ("big.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024), "2 MB"),
    ],
)
def test_bad_photos_get_a_form_error(client, entity_user, name, content, message):
    client.force_login(entity_user)
    upload = SimpleUploadedFile(name, content, "image/jpeg")

    response = client.post(reverse("profile"), form_data(photo=upload))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FocalPoint.objects.get(user=entity_user).photo


def test_gif_images_are_refused(client, entity_user):
    client.force_login(entity_user)
    upload = SimpleUploadedFile("me.gif", image_bytes("GIF"), "image/gif")
    response = client.post(reverse("profile"), form_data(photo=upload))
    assert response.status_code == 200
    assert "JPEG, PNG or WebP" in response.content.decode()


def test_a_user_without_a_focal_point_gets_a_friendly_page(client, compact):
    admin = User.objects.create_superuser(email="root@test.example", password="x" * 20)
    client.force_login(admin)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    assert "not linked to a focal-point profile" in response.content.decode()


def test_photo_view_serves_active_users_photos_inertly(client, entity_user, state_user):
    client.force_login(entity_user)
    upload = SimpleUploadedFile("me.png", image_bytes("PNG"), "image/png")
    client.post(reverse("profile"), form_data(photo=upload))

    client.force_login(state_user)
    response = client.get(reverse("focal_point_photo", args=[entity_user.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_photo_view_answers_404_for_missing_or_deactivated(client, entity_user, state_user):
    client.force_login(state_user)
    # no photo yet
    assert client.get(reverse("focal_point_photo", args=[entity_user.pk])).status_code == 404
    # no such user
    assert client.get(reverse("focal_point_photo", args=[999999])).status_code == 404

    client.force_login(entity_user)
    upload = SimpleUploadedFile("me.png", image_bytes("PNG"), "image/png")
    client.post(reverse("profile"), form_data(photo=upload))
    User.objects.filter(pk=entity_user.pk).update(is_active=False)

    client.force_login(state_user)
    assert client.get(reverse("focal_point_photo", args=[entity_user.pk])).status_code == 404


def test_photo_view_needs_a_login(client, entity_user):
    response = client.get(reverse("focal_point_photo", args=[entity_user.pk]))
    assert response.status_code == 302
