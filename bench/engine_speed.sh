#!/usr/bin/env bash
# The issue #4 table in one command: pp512 / tg128 of the three reference
# shapes at 1 and 2 threads, GB/s of weights in tg, peak RSS against file +
# KV cache, and the ratios to llama.cpp's reference figures (2 threads,
# Zen 5). Writes the random-weight models first if they are missing.
#
#   bench/engine_speed.sh [BUILD_DIR] [MODEL_DIR]     (defaults: build, /tmp/m)
#   THREADS="2" bench/engine_speed.sh                 (only some thread counts)
#
# Each figure is `os1 bench` (median of 3 after a warm-up); membw's read
# bandwidth is printed first because generation follows it.
set -euo pipefail
build=${1:-build}
models=${2:-/tmp/m}
os1="$build/apps/os1/os1"
[[ -x "$os1" ]] || { echo "engine_speed: $os1 not built (cmake --build $build)" >&2; exit 2; }
mkdir -p "$models"

# name, preset, type, llama.cpp pp512, llama.cpp tg128 (issue #4)
rows=(
  "qwen2.5-0.5b-q8_0   qwen2.5-0.5b q8_0   316  63.8"
  "qwen2.5-0.5b-q4_k_m qwen2.5-0.5b q4_k_m 238  63.4"
  "llama3.2-1b-q4_k_m  llama3.2-1b  q4_k_m 91.7 41.4"
)

field() {  # field NAME < json: the number after "NAME":
  sed -n "s/^ *\"$1\": \([-0-9.e+]*\),\{0,1\}$/\1/p" | head -1
}

cmake --build "$build" --target membw >/dev/null 2>&1 || true
if [[ -x "$build/bench/membw" ]]; then
  "$build/bench/membw" --threads 2 | tail -1
fi
echo
echo "| model | t | pp512 t/s | tg128 t/s | tg GB/s | peak RSS / (file + KV) | vs llama.cpp pp / tg |"
echo "|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  read -r name preset type ref_pp ref_tg <<<"$row"
  file="$models/$name.gguf"
  [[ -f "$file" ]] || "$os1" model synth --preset "$preset" --type "$type" -o "$file" >/dev/null
  for t in ${THREADS:-1 2}; do
    json=$("$os1" bench -m "$file" -p 512 -n 128 -t "$t" -r 3 --json 2>/dev/null)
    pp=$(field pp_tps <<<"$json")
    tg=$(field tg_tps <<<"$json")
    gbs=$(field tg_gb_per_s <<<"$json")
    rss=$(field peak_over_file_kv <<<"$json")
    vs=""
    [[ $t == 2 ]] && vs=$(awk -v a="$pp" -v b="$ref_pp" -v c="$tg" -v d="$ref_tg" 'BEGIN { printf "%.2fx / %.2fx", a / b, c / d }')
    awk -v n="$name" -v t="$t" -v pp="$pp" -v tg="$tg" -v g="$gbs" -v r="$rss" -v vs="$vs" \
      'BEGIN { printf "| %s | %s | %.1f | %.1f | %.1f | %.3f | %s |\n", n, t, pp, tg, g, r, vs }'
  done
done
