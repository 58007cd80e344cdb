#!/bin/sh
# Installs what the oracle test needs into DIR (inside the build
# directory; nothing is cached elsewhere): ODK's form engine and jsdom
# from the npm registry (npm ci, versions pinned by package-lock.json),
# and, when the system's Node is older than the engine needs (Debian 12
# ships 18), Node 24 from the npm registry's node-linux-<arch> package.
# Writes DIR/node, the path of the node to run.
#
#   sh setup.sh DIR
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$dir/"
node_ok() { # the engine wants ^20.19 || ^22.12 || ^24.11
    "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);
             process.exit((a===20&&b>=19)||(a===22&&b>=12)||(a===24&&b>=11)||
                          a>24 ? 0 : 1)' 2>/dev/null
}
node=$(command -v node || true)
if [ -z "$node" ] || ! node_ok "$node"; then
    case $(uname -m) in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "oracle: no Node package for $(uname -m)" >&2; exit 1 ;;
    esac
    if [ ! -x "$dir/node-dist/package/bin/node" ]; then
        (cd "$dir" && npm pack --silent "node-linux-$arch@24" > pack.name)
        mkdir -p "$dir/node-dist"
        tar -xzf "$dir/$(cat "$dir/pack.name")" -C "$dir/node-dist"
    fi
    node="$dir/node-dist/package/bin/node"
    node_ok "$node"
fi
if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
   ! cmp -s "$here/package-lock.json" "$dir/package-lock.json.done"; then
    (cd "$dir" && npm ci --silent --no-audit --no-fund)
    cp "$here/package-lock.json" "$dir/package-lock.json.done"
fi
echo "$node" > "$dir/node"
"$node" --version
