#!/bin/sh
# The production processes, one per service: docker-compose and bench/stack.sh both start them
# with this script, so the commands below are the ones that run in production.
#   deploy/run.sh web | worker | beat | migrate
set -eu
cd "$(dirname "$0")/.."
case "${1:-}" in
  web)
    exec gunicorn -c deploy/gunicorn.conf.py wsgi:app ;;
  worker)
    exec celery -A kanwu.worker:celery worker --loglevel "${CELERY_LOGLEVEL:-INFO}" \
      --queues "${CELERY_QUEUE:-kanwu}" --concurrency "${CELERY_CONCURRENCY:-2}" \
      --without-gossip --without-mingle ;;
  beat)
    exec celery -A kanwu.worker:celery beat --loglevel "${CELERY_LOGLEVEL:-INFO}" \
      --schedule "${CELERY_BEAT_SCHEDULE:-/tmp/kanwu-celerybeat-schedule}" ;;
  migrate)
    exec flask --app wsgi db upgrade ;;
  *)
    echo "usage: $0 web|worker|beat|migrate" >&2
    exit 2 ;;
esac
