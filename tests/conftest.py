"""The shared cast and fixtures. The test database holds the Compact's reference data."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from workinggroups.reference_data import load_compact

    with django_db_blocker.unblock():
        load_compact()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, real worker, backup drill) ends with the database
    flushed: put the reference data back once, committed, rather than letting every later test
    reload it inside its own rolled-back transaction."""
    yield
    if not _is_transactional(item) or nextitem is None:  # the last test: the database is gone
        return
    from pytest_django.plugin import blocking_manager_key

    from entities.models import Pillar
    from workinggroups.reference_data import load_compact

    with item.config.stash[blocking_manager_key].unblock():
        if not Pillar.objects.exists():
            load_compact()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture
def compact(db):
    """The reference data, reloaded if a transactional test flushed it."""
    from entities.models import Pillar
    from workinggroups.reference_data import load_compact

    if not Pillar.objects.exists():
        load_compact()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request leaves its reader's language active in the thread; each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts from none."""
    from django.core.cache import cache

    cache.clear()


def make_focal_point(email, organization_lookup, *, password=PASSWORD, **user_fields):
    from entities.models import FocalPoint, Organization, User

    user = User.objects.create_user(email=email, password=password, **user_fields)
    organization = Organization.objects.get(**organization_lookup)
    FocalPoint.objects.create(user=user, organization=organization, position="Focal point")
    return user


@pytest.fixture
def secretariat_user(compact):
    from compact_portal.roles import ensure_secretariat_group

    user = make_focal_point(
        "secretariat@test.example",
        {"acronym": "UNOCT"},
        first_name="Sam",
        last_name="Secretariat",
        is_staff=True,
    )
    user.groups.add(ensure_secretariat_group())
    return user


@pytest.fixture
def entity_user(compact):
    return make_focal_point(
        "entity@test.example", {"acronym": "UNODC"}, first_name="Eve", last_name="Entity"
    )


@pytest.fixture
def state_user(compact):
    return make_focal_point(
        "state@test.example", {"iso3": "KEN"}, first_name="Stella", last_name="State"
    )


@pytest.fixture
def regional_user(compact):
    return make_focal_point(
        "regional@test.example", {"acronym": "AU"}, first_name="Rey", last_name="Regional"
    )


# --- browser tests ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under tests/artifacts/<test name>/<step>.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> Path:
        path = folder / f"{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
