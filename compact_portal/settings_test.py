"""Test overrides: the development profile, fast password hashing, mail kept in memory."""

import os

os.environ.setdefault("PORTAL_PROFILE", "development")
os.environ.setdefault("DEMO_PASSWORD", "compact-demo-2026")

from .settings import *  # noqa: E402,F403
from .settings import CACHES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only, never production
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES["default"]["KEY_PREFIX"] = "test"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True

# Several test runs may share one PostgreSQL server (e.g. parallel developers): a suffix keeps
# their test databases apart.
if os.environ.get("TEST_DB_SUFFIX"):
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.environ['TEST_DB_SUFFIX']}"  # noqa: F405
    }
