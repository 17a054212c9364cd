#!/usr/bin/env bash
# Issue 15's load target for `os1 serve`'s non-brain endpoints, with
# Debian's `wrk` (apt-get install wrk; not installed by scripts/setup):
# C connections for S seconds over a mix of GET /healthz, the web app's
# index.html and a hashed asset, and a person's /api/me, /api/persona,
# /api/memory, /api/mood and /api/history (Bearer key), against a fresh
# server (temporary OS1_HOME, the none brain, loopback only). The person has
# a little conversation first, so the memory routes read real rows.
#
#   bench/server_wrk.sh [--connections 200] [--seconds 60] [--threads 2] [--os1 build/apps/os1/os1]
# Prints the load average before and after, wrk's latency distribution,
# and "non-2xx" / socket error counts (none is the target), then a
# one-line verdict against p99 <= 50 ms.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
connections=200 seconds=60 threads=2 os1="$here/build/apps/os1/os1"
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --os1) os1="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "server_wrk: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "server_wrk: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "$os1" ] || { echo "server_wrk: no os1 binary at $os1 (build it, or --os1 PATH)" >&2; exit 1; }

work="$(mktemp -d /tmp/os1-wrk.XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export OS1_HOME="$work/home"
mkdir -p "$work/web/assets"
# A web folder shaped like web/dist (the real one when it is built).
if [ -f "$here/web/dist/index.html" ]; then cp -r "$here/web/dist/." "$work/web/"; else
  printf '<!doctype html><title>os1</title><script type="module" src="/assets/app-0123abcd.js"></script>\n' > "$work/web/index.html"
  head -c 60000 /dev/zero | tr '\0' 'x' > "$work/web/assets/app-0123abcd.js"
fi
asset="/assets/$(ls "$work/web/assets" | head -1)"
printf 'a long passphrase\n' | "$os1" user add sam --password-stdin >/dev/null
key="$("$os1" user key sam | tail -1)"

"$os1" serve --brain none --listen 127.0.0.1:0 --web "$work/web" > "$work/serve.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -1 || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "server_wrk: os1 serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

for text in "My sister Rachel lives in Seattle." "I started a new job at the library on Monday." \
            "I feel a bit anxious about the move." "My dog Pixel loves the beach."; do
  curl -s -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"model\":\"os1\",\"messages\":[{\"role\":\"user\",\"content\":\"$text\"}]}" "${url}v1/chat/completions"
done

cat > "$work/mix.lua" <<EOF
local paths = {"/healthz", "/", "$asset", "/api/me", "/api/persona", "/api/memory", "/api/mood?days=14", "/api/history?limit=50"}
local n = 0
request = function()
  n = n + 1
  local p = paths[(n % #paths) + 1]
  return wrk.format("GET", p, {["Authorization"] = "Bearer $key"})
end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  local e = summary.errors
  io.write(string.format("requests %d, non-2xx %d, connect %d, read %d, write %d, timeout %d\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout))
end
EOF

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ulimit -n 4096 2>/dev/null || true
wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$work/mix.lua" "$url" | tee "$work/wrk.out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
p99="$(grep -o 'p99 [0-9.]*' "$work/wrk.out" | cut -d' ' -f2)"
errors="$(awk '/^requests/ {print $4+$6+$8+$10+$12+$14}' "$work/wrk.out" | tr -d ',')"
verdict="missed"
awk -v p="$p99" 'BEGIN { exit !(p <= 50) }' && [ "${errors:-1}" = 0 ] && verdict="met"
echo "target (p99 <= 50 ms, no errors): $verdict (p99 $p99 ms, errors $errors)"
