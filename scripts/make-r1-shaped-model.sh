#!/usr/bin/env bash
# Writes a random-weight model of the exact DeepSeek-R1-Distill-Qwen-1.5B shape (28 layers, width
# 1536, 12/2 heads, FFN 8960, vocab 151936, Q4_K_M as llama.cpp quantizes it, ~1.1 GB) into
# <cache>/models/, for speed measurements without the real weights. It answers nonsense; it costs
# exactly what the real model costs per token. Idempotent; the first run takes a few minutes.
# Prints the model's path.
set -euo pipefail
source "$(dirname "$0")/common.sh"

build_dir="${R1TUNE_BUILD_DIR:-$R1TUNE_ROOT/build}"
[[ -f "$build_dir/CMakeCache.txt" ]] || die "no configured build in $build_dir: run scripts/bootstrap.sh first"
dest="$R1TUNE_CACHE/models/r1-1.5b-shape-random-q4_k_m.gguf"
if [[ -f "$dest" ]]; then echo "$dest"; exit 0; fi

llama_dir="$("$R1TUNE_ROOT/scripts/fetch-llama-cpp.sh")"
cmake --build "$build_dir" --target r1tune-make-fixture >/dev/null
mkdir -p "$(dirname "$dest")"
say "writing the R1-1.5B-shaped random model (a few minutes on two cores)"
# The tool writes under a temporary name and renames at the end: no half file is ever left.
"$build_dir/bin/r1tune-make-fixture" --shape r1-1.5b --seed 42 \
  --vocab "$llama_dir/models/ggml-vocab-qwen2.gguf" \
  --template "$llama_dir/models/templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja" \
  --out "$dest" >&2
echo "$dest"
