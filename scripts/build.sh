#!/usr/bin/env bash
# Bundles src/ into dist/main and dist/post. TypeScript compiles the ESM sources to build/, which is
# marked as neither ESM nor CommonJS so that ncc emits a CommonJS bundle (an ESM bundle of
# google-gax fails at run time) while still resolving the ESM-only @actions packages by "import".
set -euo pipefail
cd "$(dirname "$0")/.."
# One build at a time: two at once would delete each other's output.
exec 9>"${TMPDIR:-/tmp}/cloud-run-agent-build.lock"
flock 9
rm -rf build dist/main dist/post
npx tsc -p tsconfig.build.json
echo '{}' > build/package.json
npx ncc build build/entries/main.js -o dist/main --license licenses.txt --quiet
npx ncc build build/entries/post.js -o dist/post --license licenses.txt --quiet
# Latin-1 sources take half the memory once loaded (see the script).
node scripts/latin1-bundles.ts dist/main dist/post
# dist/ sits under a "type": "module" package: say its bundles are CommonJS.
echo '{ "type": "commonjs" }' > dist/package.json
rm -rf build
