#!/usr/bin/env bash
# npm test: everything CI checks, in order: build, lint, type-check (tests included), unit and
# node tests, then end-to-end tests in a real n8n. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
results=.test-results
rm -rf "$results"; mkdir -p "$results"
status=0

step() { echo; echo "=== $*"; }

step build;      bash scripts/build.sh || exit 1
step lint;       npm run --silent lint || status=1
step typecheck;  npx tsc -p tsconfig.json --noEmit || status=1
step "unit and node tests"
# Redis for the write-lock tests (and Postgres for the queue-mode e2e test): Debian's packages.
bash scripts/ensure-queue-services.sh || exit 1
npx jest --selectProjects unit --json --outputFile="$results/unit.json" || status=1
if [ "${SKIP_E2E:-}" != "1" ]; then
  step "end-to-end tests (real n8n)"
  bash scripts/ensure-n8n.sh >/dev/null || exit 1
  # Debian's chromium for the editor and note screenshots (apt-get on a fresh machine, as root).
  bash scripts/ensure-chromium.sh >/dev/null || exit 1
  SUPPORT_COORD_E2E_SKIP_BUILD=1 npx jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json" || status=1
fi

node -e "
const fs = require('fs');
let passed = 0, failed = 0;
for (const f of fs.readdirSync('$results')) {
  const r = JSON.parse(fs.readFileSync('$results/' + f, 'utf8'));
  passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
}
console.log('');
console.log('tests: ' + passed + ' passed, ' + failed + ' failed');
if (passed === 0) process.exit(1);
" || status=1
exit $status
