#!/usr/bin/env bash
# Runs the test suite (`pnpm test`, or the command given) under Node.js 24 LTS, which the
# engines field promises, from the same checkout.
#
# Node 24 comes from the npm registry (the `node@24` package, cached in .cache/node24). Native
# modules (better-sqlite3) are compiled for one Node ABI; where no prebuilt binary can be
# downloaded, a plain rebuild would compile against the running Node's headers, so node-gyp
# (the copy npm ships) is pointed at Node 24 headers fetched from the registry (`--nodedir`).
# The compile runs in a copy of the driver's sources and its result is kept in .cache/node24
# (per better-sqlite3 version, Node ABI and headers), so a later run skips it. For the run, the driver's
# build/ is that result; afterwards the binary built at install is put back, so the checkout
# works as before.
#
# `scripts/test-node24.sh --prepare` only fetches Node 24 and compiles the driver for it,
# touching nothing in node_modules: CI does that while the browser tests run.
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
echo "Node.js $("$node24" --version)"

# The headers better-sqlite3 is compiled against: Node.js 24.18.1's, while the tests run on the
# newest Node 24. From 24.19.0 on, node::ObjectWrap (better-sqlite3 12 derives its database and
# statement classes from it) adds an environment cleanup hook per object and removes it in its
# destructor, which asserts `(env) != nullptr` and aborts the process when V8 collects such an
# object outside any context (nodejs/node#65262 and the reports beside it): test workers aborted
# at random garbage collections. Compiled against the older headers the driver runs on every
# Node 24 (one ABI), as better-sqlite3's prebuilt binaries do; README.md says so.
HEADERS_VERSION=24.18.1
headers="$cache/headers-$HEADERS_VERSION"
if [[ ! -f "$headers/include/node/node.h" ]]; then
  echo "fetching the headers of Node.js $HEADERS_VERSION from the npm registry"
  fetched="$(mktemp -d)"
  (cd "$fetched" && npm pack --silent "$(basename "$dist")@$HEADERS_VERSION" >/dev/null &&
    tar xzf ./*.tgz package/include)
  rm -rf "$headers"
  mkdir -p "$headers"
  mv "$fetched/package/include" "$headers/include"
  rm -rf "$fetched"
fi

# better-sqlite3's own directory; its build/ holds the binary compiled for the running Node.
driver_dir="$(cd apps/bff && node -p "path.dirname(path.dirname(require.resolve('better-sqlite3')))")"
driver_version="$(node -p "require('$driver_dir/package.json').version")"
compiled="$cache/better-sqlite3-$driver_version-abi$("$node24" -p process.versions.modules)-headers-$HEADERS_VERSION"
if [[ ! -f "$compiled/build/Release/better_sqlite3.node" ]]; then
  echo "compiling better-sqlite3 $driver_version for Node.js 24 (about a minute)"
  sources="$(mktemp -d)"
  cp -rL "$driver_dir"/{binding.gyp,package.json,src,deps} "$sources/"
  (cd "$sources" && "$node24" "$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js" \
    rebuild --release --nodedir="$headers" --loglevel=error >/dev/null)
  rm -rf "$compiled"
  mkdir -p "$compiled"
  mv "$sources/build" "$compiled/build"
  rm -rf "$sources"
fi
if [[ "${1:-}" == "--prepare" ]]; then
  echo "better-sqlite3 for Node.js 24 ready in $compiled"
  exit 0
fi

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

rm -rf "$driver_dir/build"
cp -a "$compiled/build" "$driver_dir/build"
"$node24" -e "new (require('$driver_dir'))(':memory:').close(); console.info('better-sqlite3 loads on', process.version)"

if (($# == 0)); then set -- pnpm test; fi
PATH="$dist/bin:$PATH" "$@"
