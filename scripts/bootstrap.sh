#!/usr/bin/env bash
# Makes a fresh Debian machine ready to build, test and run r1tune, then builds it:
#   1. the Debian packages the build needs (only the missing ones are installed),
#   2. the pinned llama.cpp source (scripts/fetch-llama-cpp.sh),
#   3. a configured and built tree in ./build (or $R1TUNE_BUILD_DIR),
#   4. the default model, fetched and assembled by the new binary (`r1tune pull`).
# Everything is cached, so a second run takes seconds.
# Options: --portable builds for any x86-64 CPU instead of this one.
set -euo pipefail
source "$(dirname "$0")/common.sh"

portable=OFF
for arg in "$@"; do
  case "$arg" in
    --portable) portable=ON ;;
    *) die "unknown option $arg (known: --portable)" ;;
  esac
done

apt_packages=(build-essential cmake ninja-build git ccache pkg-config
              nlohmann-json3-dev libcli11-dev libcurl4-openssl-dev libssl-dev libgtest-dev
              libgmp-dev libzip-dev libsqlite3-dev python3 python3-pip python3-venv
              jq bc    # the benchmark scripts
              chromium fonts-wqy-microhei) # the server's web page test, and the Chinese it shows
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

llama_dir="$("$R1TUNE_ROOT/scripts/fetch-llama-cpp.sh")"

# The server's tests talk to it through the official OpenAI Python client and drive its web page
# with Playwright in Debian's Chromium (both from PyPI), kept in a venv of their own so that no
# system Python is changed.
test_python="$R1TUNE_CACHE/python/bin/python3"
[[ -x "$test_python" ]] || python3 -m venv "$R1TUNE_CACHE/python" || die "could not make a Python venv (python3-venv)"
"$test_python" -c 'import openai, playwright' 2>/dev/null \
  || "$test_python" -m pip install --quiet 'openai>=1.0,<2' 'playwright>=1.40,<2' \
  || die "could not install the openai and playwright Python packages from PyPI"

build_dir="${R1TUNE_BUILD_DIR:-$R1TUNE_ROOT/build}"
if [[ ! -f "$build_dir/CMakeCache.txt" ]] || ! grep -q "R1TUNE_PORTABLE:BOOL=$portable" "$build_dir/CMakeCache.txt"; then
  say "configuring $build_dir"
  cmake -S "$R1TUNE_ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DR1TUNE_LLAMA_CPP_DIR="$llama_dir" -DR1TUNE_PORTABLE="$portable" -DR1TUNE_TEST_PYTHON="$test_python" >/dev/null
fi
say "building (the first build compiles llama.cpp and takes several minutes)"
cmake --build "$build_dir" -- -j"$(nproc)" >"$build_dir/build.log" 2>&1 \
  || { tail -40 "$build_dir/build.log" >&2; die "the build failed; the full log is in $build_dir/build.log"; }
default_model="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["default"])' "$R1TUNE_ROOT/data/models.json")"
R1TUNE_CACHE="$R1TUNE_CACHE" "$build_dir/bin/r1tune" pull "$default_model" >/dev/null \
  || die "the default model $default_model could not be fetched (see above)"
say "ready: $build_dir/bin/r1tune"
