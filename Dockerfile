# Compact Portal — production image.
#
# One image for every process of the stack (see docker-compose.yml):
#   web     gunicorn compact_portal.wsgi:application (the default command)
#   worker  celery -A compact_portal worker
#   beat    celery -A compact_portal beat
#   migrate python manage.py migrate && python manage.py load_compact
#
# Only the runtime dependencies are installed (`pip install .`): not the `embedded` extra
# (embedded PostgreSQL and Redis are for `make run` / `make test`) and not the `test` extra.

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_PROFILE=production \
    MEDIA_ROOT=/data/media

WORKDIR /app

# The processes run as an unprivileged user. The code stays owned by root (read-only for the
# app); only the uploaded files and the beat schedule are writable.
RUN groupadd --system --gid 1000 portal \
 && useradd --system --uid 1000 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal \
 && mkdir -p /data/media /data/beat \
 && chown -R portal:portal /data

# Dependencies first, so a code change does not reinstall them. pyproject.toml names README.md
# as the package readme, so it is needed for the build.
COPY pyproject.toml README.md ./
RUN pip install . \
 && rm -rf build ./*.egg-info

COPY . .

# Static files are collected (and compressed, with a manifest) at build time into
# /app/.data/static, where WhiteNoise serves them. Settings require these variables, but
# collectstatic connects to neither the database nor Redis: the values are dummies, for this
# step only, and are not kept in the image.
RUN PORTAL_PROFILE=production \
    SECRET_KEY=build-time-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    DATABASE_URL=postgres://build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --no-input -v 0

USER portal

# Uploaded files live outside the static and web roots and are served by views only.
VOLUME ["/data/media"]

EXPOSE 8000

# /healthz answers 200 when PostgreSQL and Redis both answer, 503 otherwise; urlopen raises on
# 503, so the exit status follows. There is no curl in the slim image. The Host header is the
# first concrete entry of ALLOWED_HOSTS, since production refuses hosts not listed there.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; hosts = [h.strip().lstrip('.') for h in os.environ.get('ALLOWED_HOSTS', '').split(',') if h.strip() not in ('', '*')]; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': (hosts or ['localhost'])[0]}), timeout=8)"]

# Sync workers: 2-3 measured best on a 2-core machine (shared/STACK-NOTES.md).
CMD ["gunicorn", "compact_portal.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--worker-class", "sync", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-"]
