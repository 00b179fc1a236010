#!/usr/bin/env bash
# Fetches the pinned llama.cpp source from the npm registry and unpacks it into the cache.
# The npm tarball is checked against the sha256 and the npm integrity hash in
# deps/llama.cpp.lock, and the cloned commit against the pinned commit.
# Prints the source directory on stdout. Idempotent: a second run only checks a marker file.
set -euo pipefail
source "$(dirname "$0")/common.sh"
load_lock "$R1TUNE_ROOT/deps/llama.cpp.lock"

dest="$R1TUNE_CACHE/src/llama.cpp-$LLAMA_CPP_COMMIT"
if [[ -f "$dest/.r1tune-verified" ]]; then
  echo "$dest"; exit 0
fi

command -v npm >/dev/null || die "npm is needed to fetch llama.cpp (apt-get install npm)"
command -v git >/dev/null || die "git is needed to unpack llama.cpp (apt-get install git)"

npm_dir="$R1TUNE_CACHE/npm"
tarball="$npm_dir/$NPM_PACKAGE-$NPM_VERSION.tgz"
mkdir -p "$npm_dir"
if [[ ! -f "$tarball" ]] || ! echo "$NPM_TARBALL_SHA256  $tarball" | sha256sum -c --quiet 2>/dev/null; then
  say "downloading $NPM_PACKAGE@$NPM_VERSION from the npm registry"
  (cd "$npm_dir" && npm pack --silent "$NPM_PACKAGE@$NPM_VERSION" >/dev/null)
fi
echo "$NPM_TARBALL_SHA256  $tarball" | sha256sum -c --quiet \
  || die "$tarball does not match the pinned sha256; refusing to build from it"
integrity="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[[ "$integrity" == "$NPM_INTEGRITY" ]] || die "$tarball does not match the pinned npm integrity hash"

work="$(mktemp -d "$R1TUNE_CACHE/src/.unpack.XXXXXX" 2>/dev/null || { mkdir -p "$R1TUNE_CACHE/src"; mktemp -d "$R1TUNE_CACHE/src/.unpack.XXXXXX"; })"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
git clone --quiet "$work/package/llama/gitRelease.bundle" "$work/llama.cpp" 2>/dev/null
commit="$(git -C "$work/llama.cpp" rev-parse HEAD)"
[[ "$commit" == "$LLAMA_CPP_COMMIT" ]] || die "the bundle holds commit $commit, expected $LLAMA_CPP_COMMIT"
cp "$work/package/llama/llama.cpp.info.json" "$work/llama.cpp/.r1tune-release.json"
touch "$work/llama.cpp/.r1tune-verified"
rm -rf "$dest"
mv "$work/llama.cpp" "$dest"
say "llama.cpp $LLAMA_CPP_COMMIT ready in $dest"
echo "$dest"
