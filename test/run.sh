#!/usr/bin/env bash
# `npm test`: lint, typecheck, then every unit, integration and e2e test against real PostgreSQL
# and Redis. Ends with the plain line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test/.tmp
passed=0; failed=0
step() { # name, command…
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAILED: $name" >&2; failed=$((failed + 1)); fi
}
bash test/setup/ensure-redis.sh || { echo "0 passed, 1 failed"; exit 1; }
bash test/setup/ensure-poppler.sh || { echo "0 passed, 1 failed"; exit 1; }
step lint npx eslint --max-warnings 0 .
step typecheck npx tsc --noEmit -p tsconfig.json
rm -f test/.tmp/results.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test/.tmp/results.json "$@"
vitest_rc=$?
if [ -f test/.tmp/results.json ]; then
  read -r p f < <(node -e '
    const r = require("./test/.tmp/results.json");
    console.log(r.numPassedTests, r.numFailedTests || r.numFailedTestSuites || 0);')
  passed=$((passed + p)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi
[ "$vitest_rc" = 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$vitest_rc" = 0 ]
