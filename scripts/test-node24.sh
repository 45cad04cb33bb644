#!/usr/bin/env bash
# Runs the test suite (`pnpm test`, or the command given) under Node.js 24 LTS, which the
# engines field promises, from the same checkout.
#
# Node 24 comes from the npm registry (the `node@24` package, cached in .cache/node24). Native
# modules (better-sqlite3) are compiled for one Node ABI; where no prebuilt binary can be
# downloaded, a plain rebuild would compile against the running Node's headers, so node-gyp is
# pointed at the headers the `node@24` package ships (`npm_config_nodedir`). Afterwards the
# modules are rebuilt for the Node.js that ran this script, so the checkout works as before.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${NODE24_CACHE:-$PWD/.cache/node24}"
if ! compgen -G "$cache/node_modules/node/node_modules/node-*/bin/node" >/dev/null; then
  echo "fetching node@24 from the npm registry into $cache"
  npm install --prefix "$cache" --no-audit --no-fund --loglevel=error node@24 >/dev/null
fi
dist="$(compgen -G "$cache/node_modules/node/node_modules/node-*/bin/node" | head -n1)"
dist="$(dirname "$(dirname "$dist")")"
node24="$dist/bin/node"
echo "Node.js $("$node24" --version) (headers: $dist/include/node)"

restore() {
  echo "rebuilding native modules for $(node --version) again"
  pnpm rebuild better-sqlite3 >/dev/null
}
trap restore EXIT

PATH="$dist/bin:$PATH" npm_config_nodedir="$dist" pnpm rebuild better-sqlite3 >/dev/null
driver="$(cd apps/bff && node -p "require.resolve('better-sqlite3')")"
"$node24" -e "new (require('$driver'))(':memory:').close(); console.info('better-sqlite3 loads on', process.version)"

if (($# == 0)); then set -- pnpm test; fi
PATH="$dist/bin:$PATH" "$@"
