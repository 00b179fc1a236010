#!/usr/bin/env bash
# Decoding strategies against doing the same work one sequence at a time, and against llama.cpp's
# own batched benchmark: wall time and aggregate decode tokens/s of vote:N and beam:W next to N (W)
# sequential single runs of the same length, and next to llama-batched-bench at the same batch
# sizes and threads (same model, same pinned llama.cpp). Prints a Markdown table.
#
#   scripts/bench-strategies.sh [MODEL] [THREADS] [TOKENS]
#
# MODEL defaults to the random-weight R1-Distill-Qwen-1.5B-shaped model (written on first use).
# Times are generation only (prompt + decode, from r1tune's JSON trace; loading is left out), so
# each row is one measurement on a shared machine: repeat the script and compare ratios.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$R1TUNE_ROOT"

model="${1:-}"
threads="${2:-2}"
tokens="${3:-32}"
[[ -n "$model" ]] || model="$(scripts/make-r1-shaped-model.sh)"
[[ -f "$model" ]] || die "no model at $model"
cmake --build build --target r1tune llama-batched-bench >/dev/null

question="Count to 200."
solve() { # prints "<generation ms> <decoded tokens>" of one solve run with the given options
  build/bin/r1tune solve -m "$model" -t "$threads" -n "$tokens" --retries 0 --loops off --json "$@" "$question" |
    jq -r '[.attempts[0].timings.prompt_ms + .attempts[0].timings.decode_ms, .attempts[0].tokens.generated] | @tsv'
}
# Aggregate decode tokens/s from llama-batched-bench for `parallel` sequences sharing one prompt.
batched_bench() {
  local prompt_tokens="$1" parallel="$2"
  build/bin/llama-batched-bench -m "$model" -t "$threads" -c 4096 -b 2048 -ub 512 -npp "$prompt_tokens" \
    -ntg "$tokens" -npl "$parallel" -pps --output-format jsonl 2>/dev/null | jq -r 'select(.speed_tg != null) | .speed_tg'
}
prompt_tokens="$(build/bin/r1tune solve -m "$model" -n 1 --retries 0 --json "$question" | jq -r '.tokens.prompt')"

row() { # name width strategy-options sequential-options
  local name="$1" width="$2" strategy="$3" sequential="$4"
  read -r ms decoded < <(solve --strategy "$strategy")
  local seq_ms=0 seq_tokens=0
  for ((i = 0; i < width; i++)); do
    # shellcheck disable=SC2086
    read -r one_ms one_tokens < <(solve $sequential --seed $((42 + i)))
    seq_ms=$(echo "$seq_ms + $one_ms" | bc -l)
    seq_tokens=$((seq_tokens + one_tokens))
  done
  local llama; llama="$(batched_bench "$prompt_tokens" "$width")"
  local ours; ours=$(echo "$decoded * 1000 / $ms" | bc -l)
  printf '| %s | %d | %.2f | %.1f | %.2f | %.1f | %.2f | %.1f | %.2f |\n' "$name" "$decoded" "$(echo "$ms / 1000" | bc -l)" \
    "$ours" "$(echo "$seq_ms / 1000" | bc -l)" "$(echo "$seq_tokens * 1000 / $seq_ms" | bc -l)" \
    "$(echo "$ms / $seq_ms" | bc -l)" "$llama" "$(echo "$ours / $llama" | bc -l)"
}

echo "model: $(basename "$model"), $threads threads, $tokens tokens per sequence, $prompt_tokens-token prompt"
echo
echo "| strategy | tokens | wall s | tok/s | sequential wall s | sequential tok/s | wall ratio | llama-batched-bench tok/s | ratio to llama.cpp |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
row "vote:8" 8 "vote:8" "--strategy plain"
row "beam:4" 4 "beam:4" "--strategy plain --temp 0"
