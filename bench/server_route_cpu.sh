#!/usr/bin/env bash
# The server CPU one request of a route costs, with the store's statement
# cache on and off (OS1_STATEMENT_CACHE=0), in one run: the machine is
# shared, so what is compared is CPU seconds per request (read from
# /proc/PID/stat), which the load barely changes, and the ratio of the two.
# Each configuration gets its own fresh server (temporary OS1_HOME, the none
# brain, loopback only) and one person who said MESSAGES things first; the
# rounds alternate off/on so a change in load hits both alike.
#
#   bench/server_route_cpu.sh [--route /api/memory] [--messages 4] [--seconds 5]
#                             [--rounds 2] [--connections 20] [--os1 build/apps/os1/os1]
# Needs wrk (apt-get install wrk) and curl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
route=/api/memory messages=4 seconds=5 rounds=2 connections=20 os1="$here/build/apps/os1/os1"
while [ $# -gt 0 ]; do
  case "$1" in
    --route) route="$2"; shift 2 ;;
    --messages) messages="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --os1) os1="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "server_route_cpu: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "server_route_cpu: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "$os1" ] || { echo "server_route_cpu: no os1 binary at $os1 (build it, or --os1 PATH)" >&2; exit 1; }

work="$(mktemp -d /tmp/os1-route-cpu.XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
ticks="$(getconf CLK_TCK)"
sentences=("My sister Rachel lives in Seattle." "I started a new job at the library on Monday."
           "I feel a bit anxious about the move." "My dog Pixel loves the beach." "My brother Tom is a nurse in Leeds."
           "I love making bread on Sundays." "My friend Amy moved to Lisbon last year." "I work as a teacher at Hill School.")

# Starts a server with OS1_STATEMENT_CACHE=$1 in a fresh home; sets pid, url, key.
start_server() {
  local cache="$1" home="$work/home-$2"
  export OS1_HOME="$home"
  printf 'a long passphrase\n' | "$os1" user add sam --password-stdin >/dev/null
  key="$("$os1" user key sam 2>/dev/null | tail -1)"
  OS1_STATEMENT_CACHE="$cache" "$os1" serve --brain none --listen 127.0.0.1:0 > "$home.log" 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 200); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$home.log" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "server_route_cpu: os1 serve did not start:" >&2; cat "$home.log" >&2; exit 1; }
  for ((i = 0; i < messages; i++)); do
    text="${sentences[$((i % ${#sentences[@]}))]}"
    curl -s -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"model\":\"os1\",\"messages\":[{\"role\":\"user\",\"content\":\"$text\"}]}" "${url}v1/chat/completions"
  done
  curl -s -o /dev/null -H "Authorization: Bearer $key" "${url}${route#/}"  # the person's companion is open
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')," \
     "$(grep -qw avx512f /proc/cpuinfo && echo AVX-512 || echo AVX2)"
echo "route $route, $messages messages said first, wrk -c$connections -d${seconds}s per run"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-5s %9s %9s %12s %9s\n' round cache requests req/s "us CPU/req" "facts"
declare -A total_cpu total_req
for ((r = 1; r <= rounds; r++)); do
  for cache in 0 64; do
    start_server "$cache" "$r-$cache"
    facts="$(curl -s -H "Authorization: Bearer $key" "${url}api/memory" | grep -o '"id"' | wc -l)"
    before="$(cpu_ticks "$pid")"
    out="$(wrk -t1 -c"$connections" -d"${seconds}s" -H "Authorization: Bearer $key" "${url}${route#/}")"
    after="$(cpu_ticks "$pid")"
    requests="$(echo "$out" | awk '/requests in/ {print $1}')"
    non2xx="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
    [ -n "$non2xx" ] && { echo "server_route_cpu: $non2xx non-2xx answers" >&2; exit 1; }
    cpu_us=$(( (after - before) * 1000000 / ticks ))
    total_cpu[$cache]=$(( ${total_cpu[$cache]:-0} + cpu_us ))
    total_req[$cache]=$(( ${total_req[$cache]:-0} + requests ))
    printf '%-6s %-5s %9s %9s %12s %9s\n' "$r" "$([ "$cache" = 0 ] && echo off || echo on)" "$requests" \
      "$((requests / seconds))" "$((cpu_us / (requests > 0 ? requests : 1)))" "$facts"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
off=$(( total_cpu[0] / (total_req[0] > 0 ? total_req[0] : 1) ))
on=$(( total_cpu[64] / (total_req[64] > 0 ? total_req[64] : 1) ))
echo "all rounds: cache off $off us CPU/request, cache on $on us CPU/request" \
     "(on/off $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'))"
