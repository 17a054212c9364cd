#!/usr/bin/env bash
# Two os1 builds on the same model, interleaved (A, B, A, B, ...), so both
# see the same load on a shared machine: per round `os1 bench -r 1` of each,
# then each side's median and the ratio B / A of the medians, with the load
# average before each run.
#
#   bench/engine_ab.sh OS1_A OS1_B MODEL [ROUNDS=5] [PP=512] [TG=128] [THREADS=2]
#   OS1_CPU=avx2 bench/engine_ab.sh ...     both capped at AVX2
#
# PP or TG 0 skips that figure (tg-only rounds are quicker: -p 0).
set -euo pipefail
a=${1:?usage: engine_ab.sh OS1_A OS1_B MODEL [ROUNDS] [PP] [TG] [THREADS]}
b=${2:?OS1_B}
model=${3:?MODEL}
rounds=${4:-5}
pp=${5:-512}
tg=${6:-128}
threads=${7:-2}
for bin in "$a" "$b"; do [[ -x "$bin" ]] || { echo "engine_ab: $bin is not executable" >&2; exit 2; }; done
[[ -f "$model" ]] || { echo "engine_ab: no model $model" >&2; exit 2; }

field() { sed -n "s/^ *\"$1\": \([-0-9.e+]*\),\{0,1\}$/\1/p" | head -1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "cpu: $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1), $(nproc) cores; OS1_CPU=${OS1_CPU:-(not set)}; $threads threads; pp $pp, tg $tg"
echo "A: $a"
echo "B: $b"
echo "model: $model"
echo
echo "| round | side | load1 | pp t/s | tg t/s |"
echo "|---|---|---|---|---|"
tmp=$(mktemp -d)
trap 'rm -r "$tmp"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for side in A B; do
    bin=$a; [[ $side == B ]] && bin=$b
    load=$(cut -d' ' -f1 /proc/loadavg)
    j=$("$bin" bench -m "$model" -p "$pp" -n "$tg" -t "$threads" -r 1 --json 2>/dev/null)
    p=$(field pp_tps <<<"$j"); g=$(field tg_tps <<<"$j")
    echo "${p:-0}" >>"$tmp/$side.pp"; echo "${g:-0}" >>"$tmp/$side.tg"
    printf '| %d | %s | %s | %.2f | %.2f |\n' "$r" "$side" "$load" "${p:-0}" "${g:-0}"
  done
done
app=$(median <"$tmp/A.pp"); atg=$(median <"$tmp/A.tg"); bpp=$(median <"$tmp/B.pp"); btg=$(median <"$tmp/B.tg")
echo
echo "| medians of $rounds rounds | pp t/s | tg t/s |"
echo "|---|---|---|"
printf '| A | %.2f | %.2f |\n| B | %.2f | %.2f |\n' "$app" "$atg" "$bpp" "$btg"
awk -v a="$app" -v b="$bpp" -v c="$atg" -v d="$btg" \
  'BEGIN { printf "| B / A | %s | %s |\n", (a > 0 ? sprintf("%.2fx", b / a) : "-"), (c > 0 ? sprintf("%.2fx", d / c) : "-") }'
