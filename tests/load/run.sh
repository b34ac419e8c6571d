#!/usr/bin/env bash
# make load: gunicorn (2 workers) with the production settings on PostgreSQL and Redis with a
# generated catalogue, driven by locust (headless) for a fixed time. Prints per-endpoint figures and,
# last, one JSON object.
set -euo pipefail
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
DB=${LOAD_DB:-openlab_load}
PORT=${LOAD_PORT:-8077}
OUT=var/load
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/3}
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/4}
export DJANGO_SETTINGS_MODULE=openlab.settings.production
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false STATIC_ROOT="$OUT/static"
mkdir -p "$OUT"
rm -f "$OUT/gunicorn.log"
redis-cli -u "$CACHE_URL" flushdb >/dev/null
if [ "${REUSE:-0}" = 1 ] && [ -s "$OUT/data.json" ] && [ -s "$OUT/secret_key" ]; then
  echo "reusing the catalogue in ${DB} (REUSE=1)"
  export SECRET_KEY=$(cat "$OUT/secret_key")
  "$PY" manage.py migrate -v0
else
  "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > "$OUT/secret_key"  # signs the load sessions
  export SECRET_KEY=$(cat "$OUT/secret_key")
  dropdb --if-exists -h 127.0.0.1 -U postgres "$DB" && createdb -h 127.0.0.1 -U postgres "$DB"
  "$PY" manage.py migrate -v0
  "$PY" manage.py load_catalogue --listings "${LISTINGS:-10000}" --output "$OUT/data.json"
fi
export SECRET_KEY=$(cat "$OUT/secret_key")
"$PY" manage.py collectstatic --noinput -v0
"$BIN/gunicorn" openlab.wsgi -c openlab/gunicorn_conf.py --workers 2 --bind "127.0.0.1:${PORT}" --pid "$OUT/gunicorn.pid" \
  --error-logfile "$OUT/gunicorn.log" --daemon  # no access log: the proxy in front keeps one
trap 'kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true' EXIT
# Measure warm workers only: wait until both have loaded the analyser and the index.
for _ in $(seq 1 300); do [ "$(cat "$OUT/gunicorn.log" 2>/dev/null | grep -c ' warmed in ')" -ge 2 ] && break; sleep 0.2; done
curl -sf "http://127.0.0.1:${PORT}/healthz" >/dev/null
OPENLAB_LOAD_DATA="$OUT/data.json" "$BIN/locust" -f tests/load/locustfile.py --headless \
  --users "${USERS:-10}" --spawn-rate 10 --run-time "${DURATION:-60s}" --host "http://127.0.0.1:${PORT}" \
  --csv "$OUT/run" --only-summary --loglevel WARNING > "$OUT/locust.log" 2>&1 || true
"$PY" tests/load/report.py "$OUT/run_stats.csv"
