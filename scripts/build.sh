#!/usr/bin/env bash
# npm run build: TypeScript, then icons and codex files (gulp), then the case-file JSON Schema.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
rm -rf dist
npx tsc -p tsconfig.build.json
npx gulp --log-level=warn build:assets
mkdir -p dist/schema
node -e "
const { caseFileJsonSchema } = require('./dist/engine/contracts/jsonSchema');
require('fs').writeFileSync('dist/schema/case-file.schema.json', JSON.stringify(caseFileJsonSchema(), null, 2) + '\n');
"
# The replay command reads the templates' intents and sample policies at run time.
mkdir -p dist/workflows
cp workflows/support-pipeline-webhook.json workflows/support-policy-ingestion.json dist/workflows/
chmod +x dist/cli/main.js
echo "[build] dist/ ready" >&2
