#!/usr/bin/env bash
# The README's test command (`npm test`). Installs the system packages the suite needs when they are missing,
# starts PostgreSQL when it is not running, then runs: type check, lint, generated-file drift checks, the web
# build, the unit/database/HTTP suite on PGlite AND on PostgreSQL, and the browser journeys. Ends with one plain
# line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system.sh || { echo "0 passed, 1 failed"; exit 1; }

results_dir=$(mktemp -d)
steps_failed=0
step() {
  local name=$1; shift
  echo "── $name"
  local started=$SECONDS
  if "$@"; then
    echo "   ok ($((SECONDS - started)) s)"
  else
    echo "   FAILED: $name"
    steps_failed=$((steps_failed + 1))
  fi
}

step "type check" npm run --silent typecheck
step "lint" npx biome lint --error-on-warnings .
step "generated files current" npm run --silent check:generated
step "web build" npm run --silent build

export TZ=UTC
step "suite on PGlite" npx vitest run --reporter=default --reporter=json --outputFile.json="$results_dir/pglite.json"
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
step "suite on PostgreSQL" env TEST_DATABASE_URL="$PG_URL" npx vitest run --reporter=default --reporter=json --outputFile.json="$results_dir/postgres.json"
step "fault: kill -9 during submissions (PGlite and PostgreSQL)" \
  env TEST_DATABASE_URL="$PG_URL" npx tsx test/fault/kill-during-submissions.ts --count 60 --concurrency 4 --db both
if [ -f vitest.e2e.config.ts ]; then
  step "browser journeys" npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results_dir/e2e.json"
fi

node scripts/count-results.mjs "$steps_failed" "$results_dir"/*.json
