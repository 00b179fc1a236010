#!/usr/bin/env bash
# Regenerates docs/RESULTS.md from real runs on this machine; nothing in it is typed by hand.
#
#   scripts/make-results.sh [--threads T] [--rounds R] [--only PART] [--redo] [--report-only]
#
# Parts (each written to docs/results/PART.md; RESULTS.md strings them together):
#   machine           r1tune doctor on the R1-1.5B-shaped model
#   speed-default     r1tune bench on the default model: one sequence, batched, the thread and
#                     pinning sweep
#   speed-r1-shape    r1tune bench on the random-weight R1-Distill-Qwen-1.5B-shaped model: one
#                     sequence, batched at 1 and 4 sequences, the prefix cache
#   speed-serve       r1tune serve against llama-server on the default model (a real one: llama-server's
#                     reply parser refuses random weights' text): 1, 2 and 4 clients streaming at
#                     once, a lane (a slot) per client
#   speed-spec        speculative decoding on the default model's greedy answers to GSM8K training
#                     questions: r1tune's n-gram proposals and llama-server's (ngram-simple), and
#                     llama-server with the 0.5B sibling as its draft model, each against its
#                     own plain decoding
#   strategies        scripts/bench-strategies.sh: vote:8 and beam:4 against sequential runs
#   accuracy-gsm8k    r1tune eval on the first 100 GSM8K training problems, default model: every
#                     lever, paired against plain sampling
#   accuracy-gsm8k-units the default again on the same items, with the checks that read units in
#                     words (every other GSM8K row was measured before they did), paired against
#                     plain
#   accuracy-gsm8k-0.5b the same items on the 0.5B sibling: plain, the default, and plain with the
#                     model's programs run
#   accuracy-notebook-harvest  plain on GSM8K training items 101-300: its wrong answers, with the
#                     items' worked solutions, fill a mistake notebook (build/notebook-gsm8k.sqlite)
#   accuracy-notebook plain with and without that notebook on items 301-400, paired
#   accuracy-cmath    r1tune eval on the 96 CMATH dev problems of ../shared/data, default model
#   accuracy-generated r1tune eval on 40 generated problems (zh and en), default model: each
#                     carries its constraints, so every answer meets a check that pins it and the
#                     precision of a ✓ is measured where a ✓ is given
#   accuracy-generated-0.5b 200 generated problems on the 0.5B sibling: a weaker model gives
#                     many more wrong answers for the checks to pass by mistake, so a ✓'s
#                     precision is tested where it is hardest to keep
#   accuracy-generated-200 plain on 200 further generated problems (seed 2), default model:
#                     plain gives a ✓ most often per second of machine time, so this is where the
#                     count of ✓ answers, each held against the problem's known answer, grows fastest
#   accuracy-generated-pinned plain on 300 generated chicken-and-rabbit and digit problems
#                     (seed 3), default model: the two families whose answers a check pins (their
#                     constraints, or a search that finds no solution either), so most items can
#                     earn a ✓; the other families never get one and would add time, not evidence
# A part already written is kept unless --redo (or --only names it). The evaluations take hours
# on 2 cores: each resumes from its results file (docs/results/eval/*.jsonl), so it can be spread
# over days, and --report-only writes the parts from the results so far without running more.
# The data is ../shared/data (or $R1TUNE_SHARED_DATA): tuning data, never a public test split.
# Run it on a quiet machine: the speed parts compare ratios measured in the same run, but a
# compile next to them still moves every number.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$R1TUNE_ROOT"

threads=2
rounds=2
only=""
redo=0
report_only=()
while (($#)); do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --redo) redo=1; shift ;;
    --report-only) report_only=(--report-only); shift ;;
    *) die "unknown option $1 (see the top of $0)" ;;
  esac
done

out=docs/results
mkdir -p "$out"
cmake --build build --target r1tune >/dev/null
r1tune=build/bin/r1tune
default_model="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["default"])' data/models.json)"
"$r1tune" pull "$default_model" >/dev/null
shared_data="${R1TUNE_SHARED_DATA:-../shared/data}" # relative to the repository, as the commands show it

# wanted PART: whether to (re)write the part now.
wanted() {
  local part="$1"
  if [[ -n "$only" ]]; then [[ "$only" == "$part" ]]; return; fi
  # --report-only rewrites every evaluation part from its results so far and runs nothing else.
  if ((${#report_only[@]})); then [[ "$part" == accuracy-* ]]; return; fi
  ((redo)) || [[ ! -s "$out/$part.md" ]]
}

# The speed parts need llama.cpp's tools and the random-weight R1-shaped model; made once, when
# the first of them runs.
r1_model=""
speed_prerequisites() {
  [[ -n "$r1_model" ]] && return 0
  cmake --build build --target llama-bench llama-batched-bench llama-server >/dev/null
  r1_model="$(scripts/make-r1-shaped-model.sh)"
}

# An evaluation part: PART, MODEL, the configurations, then the dataset arguments. Every
# configuration runs on the same items; their rows collect in one results file, so a
# configuration added later runs only itself. The first configuration is the baseline of the
# paired comparisons.
accuracy_part() {
  local part="$1" model="$2" configs="$3"; shift 3
  wanted "$part" || return 0
  local results="$out/eval/$part.jsonl"
  # No file, or only its header line: a run that has not finished its first item yet.
  if ((${#report_only[@]})) && [[ -z "$(sed -n 2p "$results" 2>/dev/null)" ]]; then
    say "$part has no results yet: not run with --report-only"
    return 0
  fi
  mkdir -p "$out/eval"
  ((${#report_only[@]})) || "$r1tune" pull "$model" >/dev/null
  say "accuracy: $part, {$configs} on $model${report_only:+ (report only)}"
  "$r1tune" eval "$@" --configs "$configs" -m "$model" -t "$threads" --results "$results" \
    "${report_only[@]}" >/dev/null
  {
    echo "Command: \`r1tune eval $* --configs $configs -m $model -t $threads --results $results\`"
    echo "(results per item, with each answer's text and verdicts: [$part.jsonl](eval/$part.jsonl); plot: [$part.svg](eval/$part.svg))"
    echo "A row whose latency exceeds its time per item had items answered several at once (\`--parallel\`):"
    echo "each answer is still one fair sample, but a pair is tightest when both ran with \`--parallel 1\` (README, \`eval\`)."
    echo
    sed -e '1s/^# /### /' "$out/eval/$part.md"
  } >"$out/$part.md"
}

# Plain is the bare model (no scaffold, no retries) and the baseline; auto:5+verify is what
# `r1tune solve` does by default with the chat table (auto:5, two feedback rounds). On GSM8K every
# lever the default was chosen from, each paired against plain: the vote alone (auto:5) and
# fixed votes, the confidence filter, beam search, feedback alone, the router's scaffold with and
# without feedback, the scaffold in the user turn as the R1 distills get it (the question last),
# the answer grammar, the guide's sampling and the deepseek table as solve uses
# it, and code execution (plain with the model's programs run, with the scaffold that asks
# for a program at every calculation, and with the default strategy).
gsm8k_levers="plain,auto:5+verify,auto:5,vote:3,vote:5,vote:8,vote:5:conf,beam:4,verify+plain,scaffold+plain"
gsm8k_levers+=",scaffold+verify+plain,scaffold+userturn+plain,boxed+plain,profiles:guide+plain"
gsm8k_levers+=",profiles:deepseek+scaffold+verify"
gsm8k_levers+=",plain+tools,scaffold:program+plain+tools,auto:5+verify+tools"
accuracy_part accuracy-gsm8k "$default_model" "$gsm8k_levers" "$shared_data/gsm8k_train.jsonl" --limit 100
# The checks send back and rank answers, so the default changes with them: measured again after
# they learned to read units in words (`18 \text{ dollars/hour}`, `60元`).
accuracy_part accuracy-gsm8k-units "$default_model" "plain,auto:5+verify" "$shared_data/gsm8k_train.jsonl" --limit 100
accuracy_part accuracy-gsm8k-0.5b qwen2.5-coder-0.5b-instruct "plain,auto:5+verify,plain+tools" \
  "$shared_data/gsm8k_train.jsonl" --limit 100
# The mistake notebook: harvested from one part of the training items, measured on another. The
# measurement's results depend on the notebook (its digest is in their header), so the harvest
# part is finished first; the notebook is made again from its results whenever it runs.
accuracy_part accuracy-notebook-harvest "$default_model" plain "$shared_data/gsm8k_train.jsonl" --skip 100 --limit 200
notebook_file=build/notebook-gsm8k.sqlite
if wanted accuracy-notebook && [[ -s "$out/eval/accuracy-notebook-harvest.jsonl" ]]; then
  # Made the same way every time (the same entries in the same order), a report too needs it;
  # not while a run of the part is going on, which reads it.
  rm -f "$notebook_file" "$notebook_file-wal" "$notebook_file-shm"
  "$r1tune" notebook harvest "$out/eval/accuracy-notebook-harvest.jsonl" --dataset "$shared_data/gsm8k_train.jsonl" \
    --notebook "$notebook_file" >&2
  accuracy_part accuracy-notebook "$default_model" "plain,notebook+plain" "$shared_data/gsm8k_train.jsonl" \
    --skip 300 --limit 100 --notebook "$notebook_file"
fi
# Code execution on Chinese questions and on problems with constraints too (issue 13 asks what it
# does there): plain with the model's programs run, paired with plain.
accuracy_part accuracy-cmath "$default_model" "plain,auto:5+verify,plain+tools,auto:5,vote:5" \
  "$shared_data/cmath_dev_rest.jsonl"
accuracy_part accuracy-generated "$default_model" "plain,auto:5+verify,plain+tools" --generate all --count 40
accuracy_part accuracy-generated-0.5b qwen2.5-coder-0.5b-instruct "plain,auto:5+verify" --generate all --count 200
accuracy_part accuracy-generated-200 "$default_model" plain --generate all --count 200 --generate-seed 2
accuracy_part accuracy-generated-pinned "$default_model" plain --generate chicken_rabbit digit_puzzle --count 300 \
  --generate-seed 3

if wanted machine; then
  speed_prerequisites
  say "machine: r1tune doctor"
  { echo '```'; "$r1tune" doctor -m "$r1_model" -t "$threads"; echo '```'; } >"$out/machine.md"
fi

if wanted speed-default; then
  speed_prerequisites
  say "speed on the default model"
  "$r1tune" bench -m "$default_model" -t "$threads" --rounds "$rounds" --decode-tokens 64 \
    --sections single,batched,sweep --markdown "$out/speed-default.md" >/dev/null
fi

if wanted speed-r1-shape; then
  speed_prerequisites
  say "speed on the R1-1.5B-shaped model"
  "$r1tune" bench -m "$r1_model" -t "$threads" --rounds "$rounds" --decode-tokens 64 --batch 1,4 \
    --sections single,batched,prefix --markdown "$out/speed-r1-shape.md" >/dev/null
fi

if wanted speed-serve; then
  speed_prerequisites
  say "serving on the default model"
  "$r1tune" bench -m "$default_model" -t "$threads" --rounds "$rounds" --sections serve \
    --markdown "$out/speed-serve.md" >/dev/null
fi

if wanted speed-spec; then
  speed_prerequisites
  say "speculative decoding on the default model"
  draft_model=qwen2.5-coder-0.5b-instruct
  "$r1tune" pull "$draft_model" >/dev/null
  "$r1tune" bench -m "$default_model" -t "$threads" --rounds "$rounds" --sections spec --decode-tokens 256 \
    --draft "$draft_model" --markdown "$out/speed-spec.md" >/dev/null
fi

if wanted strategies; then
  speed_prerequisites
  say "decoding strategies on the R1-1.5B-shaped model"
  { echo "Command: \`scripts/bench-strategies.sh R1-SHAPED-MODEL $threads 32\`"; echo;
    scripts/bench-strategies.sh "$r1_model" "$threads" 32; } >"$out/strategies.md"
fi

# RESULTS.md: the parts in order, each under its heading, with the commit they were made from.
{
  echo "# r1tune — measured results"
  echo
  echo "Generated by \`scripts/make-results.sh\` on $(date +%Y-%m-%d) at commit $(git rev-parse --short HEAD);"
  echo "every figure below is the output of the command named with it. Redo a part on your machine with"
  echo "\`scripts/make-results.sh --only PART\`."
  for part in accuracy-gsm8k accuracy-gsm8k-units accuracy-gsm8k-0.5b accuracy-cmath accuracy-generated accuracy-generated-0.5b \
    accuracy-generated-200 accuracy-generated-pinned accuracy-notebook-harvest \
    accuracy-notebook machine speed-default speed-r1-shape speed-serve speed-spec strategies; do
    [[ -s "$out/$part.md" ]] || continue
    case "$part" in
      machine) title="The machine" ;;
      speed-default) title="Speed on the default model ($default_model)" ;;
      speed-r1-shape) title="Speed on the R1-Distill-Qwen-1.5B-shaped model" ;;
      speed-serve) title="Serving on the default model ($default_model)" ;;
      speed-spec) title="Speculative decoding on the default model ($default_model)" ;;
      strategies) title="Decoding strategies on the R1-1.5B shape" ;;
      accuracy-gsm8k) title="Accuracy on GSM8K training problems, default model" ;;
      accuracy-gsm8k-units) title="The default on the same GSM8K problems again, with the checks that read units" ;;
      accuracy-gsm8k-0.5b) title="Accuracy on GSM8K training problems, Qwen2.5-Coder-0.5B-Instruct" ;;
      accuracy-notebook-harvest) title="The mistake notebook's harvest: plain on GSM8K training items 101-300" ;;
      accuracy-notebook) title="The mistake notebook on GSM8K training items 301-400, default model" ;;
      accuracy-cmath) title="Accuracy on CMATH dev problems, default model" ;;
      accuracy-generated) title="Accuracy on generated problems with their constraints, default model" ;;
      accuracy-generated-0.5b) title="Verified precision where wrong answers are many: generated problems on the 0.5B sibling" ;;
      accuracy-generated-200) title="Verified precision on 200 further generated problems, default model" ;;
      accuracy-generated-pinned) title="Verified precision where a check can pin the answer: generated chicken-and-rabbit and digit problems, default model" ;;
    esac
    echo
    echo "## $title"
    echo
    # Every heading of a part sits under its title: bench's report starts at level 2.
    case "$part" in
      speed-*) sed -E -e 's/^(#+) /#\1 /' "$out/$part.md" ;;
      *) sed -e 's/^# /### /' "$out/$part.md" ;;
    esac
  done
} >docs/RESULTS.md
say "wrote docs/RESULTS.md"
