#!/usr/bin/env bash
# The production stack of docker-compose.yml, on this machine without Docker: PostgreSQL and
# Redis (the running servers, a dedicated database and db number), gunicorn, a Celery worker
# and beat (deploy/run.sh, deploy/gunicorn.conf.py), nginx (deploy/nginx/kanwu.conf.template)
# and an SMTP sink (aiosmtpd) — every one on loopback.
#
#   bench/stack.sh up | down | status | smoke | env
#
# Environment (defaults in brackets):
#   STACK_DIR [instance/stack]   state: generated configs, pids, logs, site, uploads, maildir
#   STACK_PORT [8480]            nginx; gunicorn listens on STACK_PORT+1, the SMTP sink on +2
#   STACK_PG [postgresql://postgres@127.0.0.1:5432]  server; the database is STACK_DB [kanwu_stack]
#   STACK_REDIS [redis://127.0.0.1:6379/3]
#   STACK_FRESH=1                drop and recreate the database on `up`
#   STACK_DEMO [1]               load the demo journal (columns, pages, logins) into an empty db
#   GUNICORN_WORKERS, GUNICORN_THREADS, CELERY_CONCURRENCY  as in deploy/
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

STACK_DIR="$(mkdir -p "${STACK_DIR:-instance/stack}" && cd "${STACK_DIR:-instance/stack}" && pwd)"
STACK_PORT="${STACK_PORT:-8480}"
WEB_PORT=$((STACK_PORT + 1))
SMTP_PORT=$((STACK_PORT + 2))
STACK_PG="${STACK_PG:-postgresql://postgres@127.0.0.1:5432}"
STACK_DB="${STACK_DB:-kanwu_stack}"
STACK_REDIS="${STACK_REDIS:-redis://127.0.0.1:6379/3}"
VENV_BIN="${VENV_BIN:-$ROOT/.venv/bin}"
PY="$VENV_BIN/python"
SERVICES=(smtp web worker beat nginx)

app_env() {
  [ -f "$STACK_DIR/secret" ] || { umask 077; "$PY" -c 'import secrets; print(secrets.token_hex(32))' >"$STACK_DIR/secret"; }
  export PATH="$VENV_BIN:$PATH"
  export KANWU_ENV=production
  export SECRET_KEY="$(cat "$STACK_DIR/secret")"
  export DATABASE_URL="${STACK_PG/postgresql:/postgresql+psycopg:}/$STACK_DB"
  export CELERY_BROKER_URL="$STACK_REDIS" REDIS_URL="$STACK_REDIS"
  export MAIL_BACKEND=smtp SMTP_HOST=127.0.0.1 SMTP_PORT="$SMTP_PORT"
  export UPLOAD_DIR="$STACK_DIR/uploads" SITE_DIR="$STACK_DIR/site" MAIL_DIR="$STACK_DIR/mail"
  export BASE_URL="http://127.0.0.1:$STACK_PORT"
  export MAX_UPLOAD_MB="${MAX_UPLOAD_MB:-60}"
  export GUNICORN_BIND="127.0.0.1:$WEB_PORT" FORWARDED_ALLOW_IPS=127.0.0.1
  export KANWU_PROXIES=1
  export CELERY_BEAT_SCHEDULE="$STACK_DIR/celerybeat-schedule"
  export CELERY_LOGLEVEL="${CELERY_LOGLEVEL:-WARNING}"
}

pid_of() { cat "$STACK_DIR/pids/$1" 2>/dev/null || true; }
alive() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

wait_port() {  # wait_port PORT NAME
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    alive "$2" || { echo "$2 exited; see $STACK_DIR/logs/$2.log" >&2; tail -n 30 "$STACK_DIR/logs/$2.log" >&2; return 1; }
    sleep 0.1
  done
  echo "$2 did not open port $1" >&2
  return 1
}

start() {  # start NAME COMMAND...: a new session, so `down` stops the service and its children
  local name="$1"; shift
  if alive "$name"; then echo "$name already running (pid $(pid_of "$name"))"; return; fi
  setsid "$@" >"$STACK_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$STACK_DIR/pids/$name"
}

nginx_conf() {  # the nginx.conf that runs deploy/nginx/kanwu.conf.template here
  "$PY" bench/stackctl.py nginx-conf --dir "$STACK_DIR/nginx" --listen "127.0.0.1:$STACK_PORT" \
    --upstream "127.0.0.1:$WEB_PORT" --site "$SITE_DIR" --logs "$STACK_DIR/logs"
}

create_database() {
  local admin="${STACK_PG}/postgres"
  if [ "${STACK_FRESH:-0}" = 1 ]; then
    psql -q -d "$admin" -c "DROP DATABASE IF EXISTS \"$STACK_DB\" WITH (FORCE)"
  fi
  if ! psql -tA -d "$admin" -c "SELECT 1 FROM pg_database WHERE datname = '$STACK_DB'" | grep -q 1; then
    psql -q -d "$admin" -c "CREATE DATABASE \"$STACK_DB\""
  fi
}

up() {
  app_env
  mkdir -p "$STACK_DIR"/{pids,logs,uploads,site,mail} "$STACK_DIR"/maildir/{tmp,new,cur}
  create_database
  redis-cli -u "$STACK_REDIS" ping >/dev/null
  deploy/run.sh migrate >"$STACK_DIR/logs/migrate.log" 2>&1 || { cat "$STACK_DIR/logs/migrate.log" >&2; exit 1; }
  if [ "${STACK_DEMO:-1}" = 1 ]; then  # the journal's columns and pages (and demo logins)
    flask --app wsgi demo-if-empty >"$STACK_DIR/logs/demo.log" 2>&1 || { cat "$STACK_DIR/logs/demo.log" >&2; exit 1; }
  fi
  start smtp "$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$STACK_DIR/maildir"
  wait_port "$SMTP_PORT" smtp
  start web deploy/run.sh web
  start worker deploy/run.sh worker
  start beat deploy/run.sh beat
  nginx_conf
  start nginx nginx -c "$STACK_DIR/nginx/nginx.conf" -p "$STACK_DIR/nginx" -e stderr -g "daemon off;"
  wait_port "$WEB_PORT" web
  wait_port "$STACK_PORT" nginx
  "$PY" bench/stackctl.py wait-worker
  echo "stack up: http://127.0.0.1:$STACK_PORT (nginx) -> 127.0.0.1:$WEB_PORT (gunicorn); SMTP sink 127.0.0.1:$SMTP_PORT -> $STACK_DIR/maildir"
}

down() {
  local name pid
  for name in nginx beat worker web smtp; do
    pid="$(pid_of "$name")"
    [ -n "$pid" ] || continue
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$STACK_DIR/pids/$name"
  done
  echo "stack down"
}

status() {
  local rc=0 name
  for name in "${SERVICES[@]}"; do
    if alive "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; rc=3; fi
  done
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) app_env; env | grep -E '^(KANWU_|DATABASE_URL|CELERY_|REDIS_URL|SMTP_|MAIL_|UPLOAD_DIR|SITE_DIR|BASE_URL|GUNICORN_)' | grep -v SECRET ;;
  smoke)
    trap down EXIT
    up
    app_env
    "$PY" bench/stackctl.py smoke --base "http://127.0.0.1:$STACK_PORT" --maildir "$STACK_DIR/maildir"
    ;;
  *) echo "usage: $0 up|down|status|smoke|env" >&2; exit 2 ;;
esac
