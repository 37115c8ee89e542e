# The Kanwu image used by docker-compose.yml for the web app, the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango for WeasyPrint (PDF letters) and a CJK font for Chinese letters.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# Editable install: the app finds templates/, static/, translations/ and migrations/ beside it.
RUN pip install -e . \
 && for d in translations/*/; do pybabel compile -q -f -d "$d"; done \
 && useradd --create-home --uid 1000 kanwu \
 && mkdir -p /app/instance /data/uploads /data/site /data/mail \
 && chown -R kanwu /app/instance /data

USER kanwu
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]
