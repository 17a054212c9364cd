#!/usr/bin/env bash
# os1 against llama.cpp on the same machine, the same files, in one run:
# rounds alternate `os1 bench` and `llama-bench` (one repetition each, pp512
# then tg128, 2 threads), so both see the same load; the table gives each
# side's median over the rounds and the ratio of the medians, and the load
# average before each round (the machine may be shared: compare within a run).
#
#   LLAMA_BENCH=/path/to/llama-bench bench/engine_vs_llama.sh [BUILD_DIR] [MODEL_DIR] [ROUNDS]
#     (defaults: build, /tmp/m, 5; llama-bench is built outside this tree)
#   OS1_BIN=/path/to/another/os1 ...    compare another os1 build (before/after)
#   MODELS="llama3.2-1b-q4_k_m qwen2.5-0.5b-q4_k_m" ...   only these rows, in this order
#   LLAMA_ARGS="--poll 0" ...           extra llama-bench options (on a busy
#     machine `--poll 0` lets its worker threads sleep instead of spinning at
#     every barrier, which is llama.cpp's best setting there)
#
# The models are the three reference shapes from `os1 model synth`, written
# first if missing: Qwen2.5-0.5B q8_0 and q4_k_m, Llama-3.2-1B q4_k_m.
set -euo pipefail
build=${1:-build}
models=${2:-/tmp/m}
rounds=${3:-5}
os1=${OS1_BIN:-$build/apps/os1/os1}
llama=${LLAMA_BENCH:?set LLAMA_BENCH to a llama-bench binary}
read -r -a llama_args <<<"${LLAMA_ARGS:-}"
threads=${THREADS:-2}
[[ -x "$os1" ]] || { echo "engine_vs_llama: $os1 not built" >&2; exit 2; }
[[ -x "$llama" ]] || { echo "engine_vs_llama: $llama is not executable" >&2; exit 2; }
mkdir -p "$models"

rows=(
  "qwen2.5-0.5b-q8_0   qwen2.5-0.5b q8_0"
  "qwen2.5-0.5b-q4_k_m qwen2.5-0.5b q4_k_m"
  "llama3.2-1b-q4_k_m  llama3.2-1b  q4_k_m"
)
if [[ -n "${MODELS:-}" ]]; then
  picked=()
  for want in $MODELS; do
    for row in "${rows[@]}"; do [[ "${row%% *}" == "$want" ]] && picked+=("$row"); done
  done
  ((${#picked[@]})) || { echo "engine_vs_llama: no row named in MODELS=$MODELS" >&2; exit 2; }
  rows=("${picked[@]}")
fi

os1_field() {  # os1_field NAME < json
  sed -n "s/^ *\"$1\": \([-0-9.e+]*\),\{0,1\}$/\1/p" | head -1
}
llama_ts() {  # llama_ts N_PROMPT N_GEN < jsonl: avg_ts of that test
  grep "\"n_prompt\": $1, \"n_gen\": $2" | sed -n 's/.*"avg_ts": \([0-9.e+]*\).*/\1/p' | head -1
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "cpu: $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1), $(nproc) cores; OS1_CPU=${OS1_CPU:-(not set)}; $threads threads; llama-bench options: ${LLAMA_ARGS:-(none)}"
echo
echo "| model | round | load1 | llama.cpp pp512 | llama.cpp tg128 | os1 pp512 | os1 tg128 |"
echo "|---|---|---|---|---|---|---|"
summary=()
for row in "${rows[@]}"; do
  read -r name preset type <<<"$row"
  file="$models/$name.gguf"
  [[ -f "$file" ]] || "$os1" model synth --preset "$preset" --type "$type" -o "$file" >/dev/null
  tmp=$(mktemp -d)
  for ((r = 1; r <= rounds; r++)); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    lj=$("$llama" -m "$file" -p 512 -n 128 -t "$threads" -r 1 -o jsonl "${llama_args[@]}" 2>/dev/null)
    lpp=$(llama_ts 512 0 <<<"$lj")
    ltg=$(llama_ts 0 128 <<<"$lj")
    oj=$("$os1" bench -m "$file" -p 512 -n 128 -t "$threads" -r 1 --json 2>/dev/null)
    opp=$(os1_field pp_tps <<<"$oj")
    otg=$(os1_field tg_tps <<<"$oj")
    echo "$lpp" >>"$tmp/lpp"; echo "$ltg" >>"$tmp/ltg"; echo "$opp" >>"$tmp/opp"; echo "$otg" >>"$tmp/otg"
    echo "| $name | $r | $load | $lpp | $ltg | $opp | $otg |"
  done
  m_lpp=$(median <"$tmp/lpp"); m_ltg=$(median <"$tmp/ltg"); m_opp=$(median <"$tmp/opp"); m_otg=$(median <"$tmp/otg")
  summary+=("$(awk -v n="$name" -v a="$m_lpp" -v b="$m_ltg" -v c="$m_opp" -v d="$m_otg" \
    'BEGIN { printf "| %s | %.1f / %.1f | %.1f / %.1f | %.2fx / %.2fx |", n, a, b, c, d, c / a, d / b }')")
  rm -r "$tmp"
done
echo
echo "| model (medians of $rounds rounds) | llama.cpp pp512 / tg128 t/s | os1 pp512 / tg128 t/s | os1 / llama.cpp pp / tg |"
echo "|---|---|---|---|"
printf '%s\n' "${summary[@]}"
