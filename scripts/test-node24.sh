#!/usr/bin/env bash
# Runs the test suite (`pnpm test`, or the command given) under Node.js 24 LTS, which the
# engines field promises, from the same checkout.
#
# Node 24 comes from the npm registry (the `node@24` package, cached in .cache/node24). Native
# modules (better-sqlite3) are compiled for one Node ABI; where no prebuilt binary can be
# downloaded, a plain rebuild would compile against the running Node's headers, so node-gyp
# (the copy npm ships) is pointed at the headers the `node@24` package ships (`--nodedir`).
# Afterwards the binary built at install is put back, so the checkout works as before.
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

# better-sqlite3's own directory; its build/ holds the binary compiled for the running Node.
driver_dir="$(cd apps/bff && node -p "path.dirname(path.dirname(require.resolve('better-sqlite3')))")"
saved="$(mktemp -d)"
cp -a "$driver_dir/build" "$saved/build"
restore() {
  # Back to the binary the install built (a copy: the installed files may be hard links into
  # the package store, so the build directory is replaced, never written into).
  rm -rf "$driver_dir/build"
  mv "$saved/build" "$driver_dir/build"
  rmdir "$saved"
  echo "better-sqlite3 restored for $(node --version)"
}
trap restore EXIT

echo "compiling better-sqlite3 for Node.js 24 (about a minute)"
rm -rf "$driver_dir/build"
(cd "$driver_dir" && "$node24" "$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js" \
  rebuild --release --nodedir="$dist" --loglevel=error >/dev/null)
"$node24" -e "new (require('$driver_dir'))(':memory:').close(); console.info('better-sqlite3 loads on', process.version)"

if (($# == 0)); then set -- pnpm test; fi
PATH="$dist/bin:$PATH" "$@"
