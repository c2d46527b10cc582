#!/usr/bin/env bash
# Property-based API test: schemathesis against the OpenAPI schema of a gunicorn server on loopback, over a fresh
# seeded SQLite database. Every operation, anonymous and with a company member's token; the run fails on any server
# error or any response that does not match the schema. Usage: .ci/api_fuzz.sh [max examples per operation]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
EXAMPLES=${1:-${API_FUZZ_EXAMPLES:-25}}
MIN_CASES=${API_FUZZ_MIN_CASES:-1000}  # per run (anonymous, token)
WORK=$(mktemp -d)
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT

export DJANGO_SETTINGS_MODULE=config.settings.local DJANGO_DEBUG=false CELERY_BROKER_URL= DJANGO_LOG_LEVEL=WARNING
export DATABASE_URL=sqlite:///$WORK/fuzz.sqlite3 SEARCH_INDEX_PATH=$WORK/search/postings.sqlite3
export DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(60))')
$PY manage.py migrate --noinput -v0
$PY manage.py load_regions >/dev/null
$PY manage.py seed_demo --no-index >/dev/null
$PY manage.py search_reindex --no-progress >/dev/null

GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=${API_FUZZ_WORKERS:-3} GUNICORN_ACCESSLOG=$WORK/access.log \
    $PY -m gunicorn -c config/gunicorn.conf.py config.wsgi:application >"$WORK/gunicorn.log" 2>&1 &
SERVER=$!
cleanup() { kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 120); do
    curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }
    sleep 0.5
done

# The token comes from the API's own login endpoint (one login: the login throttle is never reached).
TOKEN=$(curl -fsS -X POST "$BASE/api/v1/auth/token/" -H 'Content-Type: application/json' \
    -d '{"username": "harzer-praezisionsteile", "password": "demo-password"}' | $PY -c 'import json, sys; print(json.load(sys.stdin)["token"])')

status=0
for who in anonymous token; do
    auth=()
    [ "$who" = token ] && auth=(-H "Authorization: Token $TOKEN")
    echo "--- schemathesis ($who, up to $EXAMPLES examples per operation) ---"
    .venv/bin/schemathesis run "$BASE/api/schema/?format=json" --url "$BASE" "${auth[@]}" \
        --checks not_a_server_error,response_schema_conformance \
        --max-examples "$EXAMPLES" --seed 20261130 --workers 2 --request-timeout 30 \
        --generation-database none --no-color --warnings off 2>&1 | tee "$WORK/$who.out" || status=1
    cases=$(grep -oE '^ *[0-9]+ generated' "$WORK/$who.out" | grep -oE '[0-9]+' | tail -1)
    if [ "${cases:-0}" -lt "$MIN_CASES" ]; then
        echo "schemathesis ($who) generated ${cases:-0} test cases, fewer than $MIN_CASES"; status=1
    fi
done
if grep -q "Traceback" "$WORK/gunicorn.log"; then
    echo "--- server tracebacks ---"; grep -B2 -A30 "Traceback" "$WORK/gunicorn.log" | head -200; status=1
fi
exit $status
