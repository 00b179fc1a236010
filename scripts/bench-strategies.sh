#!/usr/bin/env bash
# Decoding strategies against doing the same work one sequence at a time, and against llama.cpp's
# own batched benchmark: wall time and aggregate decode tokens/s of vote:N and beam:W next to N (W)
# sequential single runs of the same length, and next to llama-batched-bench at the same batch
# sizes and threads (same model, same pinned llama.cpp). Prints a Markdown table.
#
#   scripts/bench-strategies.sh [MODEL] [THREADS] [TOKENS]
#
# MODEL defaults to the random-weight R1-Distill-Qwen-1.5B-shaped model (written on first use).
# "wall" is generation only (prompt + decode, from r1tune's JSON trace; loading is left out): the
# sequential runs each evaluate the prompt again, as separate runs would. "decode tok/s" counts
# decode steps only, which is what llama-batched-bench's S_TG measures. Each row is one
# measurement on a shared machine: repeat the script and compare ratios.
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
solve() { # prints "<generation ms> <generated tokens> <decode tokens/s>" of one solve run
  build/bin/r1tune solve -m "$model" -t "$threads" -n "$tokens" --retries 0 --loops off --json "$@" "$question" |
    jq -r '.attempts[0] | [.timings.prompt_ms + .timings.decode_ms, .tokens.generated,
                           .timings.decode_tokens_per_second] | @tsv'
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
  local ms generated decode_rate
  read -r ms generated decode_rate < <(solve --strategy "$strategy")
  local seq_ms=0 one_ms one_tokens one_rate
  for ((i = 0; i < width; i++)); do
    # shellcheck disable=SC2086
    read -r one_ms one_tokens one_rate < <(solve $sequential --seed $((42 + i)))
    seq_ms=$(calc "$seq_ms + $one_ms")
  done
  local llama; llama="$(batched_bench "$prompt_tokens" "$width")"
  printf '| %s | %d | %.2f | %.2f | %.2f | %.1f | %.1f | %.2f |\n' "$name" "$generated" "$(calc "$ms / 1000")" \
    "$(calc "$seq_ms / 1000")" "$(calc "$ms / $seq_ms")" "$decode_rate" "$llama" "$(calc "$decode_rate / $llama")"
}
calc() { echo "$1" | bc -l; }

echo "model: $(basename "$model"), $threads threads, $tokens tokens per sequence, $prompt_tokens-token prompt"
echo
echo "| strategy | tokens | wall s | sequential wall s | wall ratio | decode tok/s | llama-batched-bench S_TG | decode ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
row "vote:8" 8 "vote:8" "--strategy plain"
row "beam:4" 4 "beam:4" "--strategy plain --temp 0"
