#!/usr/bin/env bash
# The benchmarks (`make bench`): the home and profile pages under load on PostgreSQL with the
# city-sized borough, served by the production server, and the home page's weight.
#
#   DATABASE_URL   default postgres://postgres@127.0.0.1:5432/coproduce_bench (made if missing)
#   BENCH_PORT     default 8100
#   BENCH_USERS    default 20 concurrent users
#   BENCH_DURATION default 20 seconds for each page and scenario
#   WEB_WORKERS / WEB_THREADS  default 2 processes x 4 threads
#   REDIS_URL      default redis://127.0.0.1:6379/1 (cache and sessions, as in production)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT="${BENCH_PORT:-8100}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coproduce_bench}"
export COPRODUCE_VAR_DIR="${COPRODUCE_VAR_DIR:-$PWD/var/bench}"
unset COPRODUCE_TESTING DEBUG COPRODUCE_ENV
mkdir -p "$COPRODUCE_VAR_DIR"

if [[ "$DATABASE_URL" != postgres* ]]; then
  echo "The benchmarks run on PostgreSQL: set DATABASE_URL to a postgres:// address." >&2
  exit 1
fi

# Production keeps the cache and sessions in Redis (docs/deploy.md); so does the benchmark.
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
bash scripts/ensure-services.sh >/dev/null
# wrk drives the flat-out runs: a C client leaves the two CPUs to the server being measured.
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk from Debian's packages…"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || true; fi
fi

echo "== Database: ${DATABASE_URL}"
"$PY" - <<'EOF'
import os
from urllib.parse import urlsplit

import psycopg

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
server = url._replace(path="/postgres").geturl()
with psycopg.connect(server, autocommit=True) as connection:
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        print(f"Creating the database {name}")
        connection.execute(f'CREATE DATABASE "{name}"')
EOF
"$PY" manage.py migrate --no-input -v0
"$PY" manage.py seed --size city

echo "== Serving with production settings on 127.0.0.1:${PORT}"
export COPRODUCE_ENV=production
export SECRET_KEY
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false
export STATIC_ROOT="$COPRODUCE_VAR_DIR/static"
"$PY" manage.py collectstatic --no-input -v0
"$PY" -m coproduce.cli serve --bind "127.0.0.1:${PORT}" \
  --workers "${WEB_WORKERS:-2}" --threads "${WEB_THREADS:-4}" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fs -o /dev/null "http://127.0.0.1:${PORT}/health/" && break
  sleep 0.5
done

echo "== Load: ${BENCH_USERS:-20} users, ${BENCH_DURATION:-20} s per page and scenario"
"$PY" bench/load.py --base "http://127.0.0.1:${PORT}" \
  --users "${BENCH_USERS:-20}" --duration "${BENCH_DURATION:-20}" \
  --json "$COPRODUCE_VAR_DIR/results.json" --markdown "$COPRODUCE_VAR_DIR/results.md"
echo
echo "Figures saved in $COPRODUCE_VAR_DIR/results.md (copy them into bench/README.md)."

# The time-credit ledger: concurrent writers on the same PostgreSQL database (bench/ledger.py).
echo
echo "== Ledger: ${LEDGER_THREADS:-8} writers, ${LEDGER_ACCOUNTS:-10000} accounts, ${LEDGER_SECONDS:-60} s"
"$PY" bench/ledger.py | tee "$COPRODUCE_VAR_DIR/ledger.txt"

# Sign-ups: 500 people at once for 50 places, over HTTP to the same server (bench/signups.py).
echo
echo "== Sign-ups: ${SIGNUPS_PEOPLE:-500} people at once for ${SIGNUPS_PLACES:-50} places"
"$PY" bench/signups.py --base "http://127.0.0.1:${PORT}" | tee "$COPRODUCE_VAR_DIR/signups.txt"

# Participatory budgeting: 100 voters casting ballots over HTTP for 60 s (bench/casting.py).
echo
echo "== Casting: ${CASTING_VOTERS:-100} voters, ${CASTING_SECONDS:-60} s"
"$PY" bench/casting.py --base "http://127.0.0.1:${PORT}" | tee "$COPRODUCE_VAR_DIR/casting.txt"

# Survey results: 1,000,000 responses in a throwaway database of their own (bench/surveys.py).
echo
echo "== Survey results: ${SURVEYS_RESPONSES:-1000000} responses to 25 questions"
DATABASE_URL="${SURVEYS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coproduce_surveys_bench}" \
  "$PY" bench/surveys.py | tee "$COPRODUCE_VAR_DIR/surveys.txt"

# Co-monitoring: a speed watch with 1,000,000 observations, in a throwaway database of its own.
echo
echo "== Monitoring: ${MONITORING_OBSERVATIONS:-1000000} observations, the scheme page"
DATABASE_URL="${MONITORING_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coproduce_monitoring_bench}" \
  "$PY" bench/monitoring.py | tee "$COPRODUCE_VAR_DIR/monitoring.txt"

# Counting: Equal Shares on 150 projects x 100,000 voters, ours against pabutools, no server
# needed (bench/counting.py; pabutools takes a long while).
echo
echo "== Counting: Method of Equal Shares with completion, against pabutools"
"$PY" bench/counting.py | tee "$COPRODUCE_VAR_DIR/counting.txt"

# Feedback: the staff dashboard of a service with 200,000 items over 5 years (bench/feedback.py,
# in the same database, made once; no server needed).
echo
echo "== Feedback: staff dashboard, 200,000 items for one service"
"$PY" bench/feedback.py | tee "$COPRODUCE_VAR_DIR/feedback.txt"
