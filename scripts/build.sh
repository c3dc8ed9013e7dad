#!/usr/bin/env bash
# Bundles src/ into dist/: one ncc bundle both steps share (dist/bundle), and the two entry files
# action.yml names (dist/main, dist/post), which only call their step in it, so each chunk ships
# once. TypeScript compiles the ESM sources to build/, which is marked as neither ESM nor CommonJS
# so that ncc emits a CommonJS bundle (an ESM bundle of google-gax fails at run time) while still
# resolving the ESM-only @actions packages by "import".
set -euo pipefail
cd "$(dirname "$0")/.."
# One build at a time: two at once would delete each other's output.
exec 9>"${TMPDIR:-/tmp}/cloud-run-agent-build.lock"
flock 9
rm -rf build dist/bundle dist/main dist/post dist/agent-runtime
npx tsc -p tsconfig.build.json
echo '{}' > build/package.json
npx ncc build build/action/entry.js -o dist/bundle --license licenses.txt --quiet
for step in main post; do
  mkdir -p "dist/$step"
  printf "// The %s step (written by scripts/build.sh): its code is in the bundle both steps share.\nrequire('../bundle/index.js').%s();\n" \
    "$step" "$step" > "dist/$step/index.js"
done
# The one-shot entry of project-mode images, with upstream's pinned manifest and lockfile.
npx ncc build build/agent-runtime/run-once.js -o build/agent-runtime-bundle --quiet
mkdir -p dist/agent-runtime
cp build/agent-runtime-bundle/index.js dist/agent-runtime/entry.cjs
cp src/agent-runtime/npm/package.json src/agent-runtime/npm/package-lock.json dist/agent-runtime/
# Latin-1 sources take half the memory once loaded (see the script).
node scripts/latin1-bundles.ts dist/bundle dist/agent-runtime
# dist/ sits under a "type": "module" package: say its bundles are CommonJS.
echo '{ "type": "commonjs" }' > dist/package.json
rm -rf build
