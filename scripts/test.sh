#!/usr/bin/env bash
# The whole test suite, on the database DATABASE_URL names (SQLite when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
export COPRODUCE_TESTING=1
mkdir -p test-artifacts
echo "Running the tests on ${DATABASE_URL:-SQLite}"
exec .venv/bin/pytest -q -p no:cacheprovider --create-db "$@"
