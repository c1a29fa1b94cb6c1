# Production image: gunicorn (web), Celery (worker, beat). See docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATA_DIR=/data
# WeasyPrint renders with Pango; DejaVu gives it fonts with Swedish letters to embed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The release names the deploy in every tenant-cache key (access.cache): build with
# --build-arg RELEASE=$(git rev-parse --short=12 HEAD); without it the copied .git is read.
ARG RELEASE=
ENV RELEASE=${RELEASE}
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# Static files are collected at build time with throwaway production settings.
RUN DJANGO_DEBUG=false SECRET_KEY=build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    ALLOWED_HOSTS=build DATA_DIR=/app/var python manage.py collectstatic --noinput \
 && useradd --create-home --uid 1000 app && mkdir -p /data && chown app /data
USER app
EXPOSE 8000
# gunicorn takes its worker count from WEB_CONCURRENCY; `check --deploy` refuses a configuration
# that is unsafe with it (several processes without a shared cache) before gunicorn starts.
ENV WEB_CONCURRENCY=3
CMD ["sh", "-c", "python manage.py check --deploy --fail-level ERROR && exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --access-logfile -"]
