#!/usr/bin/env bash
# Time to first token of `os1 chat` with a real-size model and a lived-in
# memory: Qwen2.5-0.5B shapes in q4_K_M (random weights from `os1 model
# synth`), the example persona, 10,000 stored messages, 2 threads.
#
#   bench/first_token.sh [OS1_BINARY]      (default build/apps/os1/os1)
#
# For each ISA (OS1_CPU=avx2 and the machine's own) it times, in a copy of
# the prepared data folder with no saved KV state:
#   fresh-first   a turn in a fresh process, nothing saved for this model
#                 yet (only the persona's prefix state, if a previous
#                 process of this model left one, which here it has not)
#   after-setup   the first turn in a fresh process after `os1 setup` with
#                 the model (setup reads the persona's message ahead)
#   fresh-next    a following turn in a fresh process (what the last
#                 process saved is on disk)
#   fresh-other   a fresh process after the saved conversation state was
#                 deleted but the prefix state kept (a new conversation,
#                 another window, a forget)
#   same-next     a following turn in the same process
# "wall" is the whole process with a one-token reply (start, load, turn,
# store, save); "turn" is first_token_ms from --json (turn() to first
# token). The load average (1 min) is printed with every figure.
# The model and the data folder are cached under $FT_WORK (/tmp/os1-first-token).
# FT_ISAS picks the ISAs ("avx2 native" by default; on a machine without
# AVX-512 the two are the same path, so FT_ISAS=avx2 halves the run).
# FT_RUN names the run folders ($FT_WORK/run-<FT_RUN>-<isa>), so two
# binaries can be compared back to back without sharing a folder.
set -euo pipefail
OS1=$(realpath "${1:-build/apps/os1/os1}")
WORK=${FT_WORK:-/tmp/os1-first-token}
REPO=$(cd "$(dirname "$0")/.." && pwd)
THREADS=${FT_THREADS:-2}
MODEL=$WORK/qwen2.5-0.5b-q4_k_m.gguf
TEMPLATE=$WORK/data-template
mkdir -p "$WORK"

if [ ! -f "$MODEL" ]; then
    "$OS1" model synth --preset qwen2.5-0.5b --type q4_k_m -o "$MODEL" -t "$THREADS" >&2
fi

if [ ! -f "$TEMPLATE/.ready" ]; then
    rm -rf "$TEMPLATE"
    mkdir -p "$TEMPLATE"
    OS1_HOME=$TEMPLATE "$OS1" setup --answers "$REPO/examples/setup-answers.toml" --brain none >/dev/null
    # 10,000 messages over 100 days, alternating speakers, varied enough
    # for recall to find something.
    python3 - "$WORK/messages.jsonl" <<'PY'
import json, sys, random
random.seed(7)
people = ["Amy", "Jo", "Miso", "my manager", "the night nurse", "my neighbour", "Dr Patel", "my dad"]
places = ["the hospital", "Lisbon", "the park", "the ward", "the bakery", "the gym", "the station", "home"]
acts = ["talked about", "worried about", "laughed with", "argued with", "walked to", "cooked for", "called", "visited"]
feel = ["tired", "happy", "anxious", "calm", "annoyed", "hopeful", "lonely", "proud"]
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        day, minute = divmod(i, 100)
        t = "2026-%02d-%02dT%02d:%02d:00Z" % (8 + day // 30, 1 + day % 28, 8 + minute // 10, (minute % 10) * 5)
        if i % 2 == 0:
            text = "Today I %s %s at %s and felt %s. %s" % (random.choice(acts), random.choice(people),
                random.choice(places), random.choice(feel), random.choice(["", "It was a long shift.", "The coffee was awful.", "We made plans for Friday."]))
            speaker = "user"
        else:
            text = "That sounds %s. How did %s take it?" % (random.choice(["hard", "lovely", "like a lot"]), random.choice(people))
            speaker = "os1"
        f.write(json.dumps({"id": "m%d" % i, "speaker": speaker, "text": text.strip(), "time": t,
                            "session": "chat-day%d" % day}) + "\n")
PY
    OS1_HOME=$TEMPLATE "$OS1" memory import "$WORK/messages.jsonl" >/dev/null 2>"$WORK/import.log"
    printf '\n[brain]\nthreads = %s\nchat_template = "chatml"\n' "$THREADS" >>"$TEMPLATE/config.toml"
    touch "$TEMPLATE/.ready"
fi

load() { cut -d' ' -f1 /proc/loadavg; }

# Runs one os1 chat; prints "wall_ms turn_first_token_ms reused_tokens prompt_tokens" of the LAST turn.
chat_run() {
    local home=$1
    shift
    python3 - "$home" "$OS1" "$MODEL" "$THREADS" "$@" <<'PY'
import json, os, subprocess, sys, time
home, os1, model, threads, *msgs = sys.argv[1:]
env = dict(os.environ, OS1_HOME=home)
args = [os1, "chat", "--brain", "local", "--model", model, "--json", "--max-tokens", "1", "--seed", "1"]
t0 = time.monotonic()
if len(msgs) == 1:
    p = subprocess.run(args + ["--once", msgs[0]], env=env, capture_output=True, text=True)
else:
    p = subprocess.run(args, env=env, input="\n".join(msgs) + "\n", capture_output=True, text=True)
wall = (time.monotonic() - t0) * 1000
lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
if p.returncode not in (0, 1) or not lines:
    sys.stderr.write(p.stderr)
    sys.exit("os1 chat failed")
j = json.loads(lines[-1])
print("%.0f %.0f %d %d" % (wall, j.get("first_token_ms", -1), j.get("reused_tokens", -1), j.get("prompt_tokens", -1)))
PY
}

printf "%-7s %-12s %9s %9s %7s %7s %5s\n" isa case wall_ms turn_ms reused prompt load1
for isa in ${FT_ISAS:-avx2 native}; do
    run=$WORK/run-${FT_RUN:+$FT_RUN-}$isa
    rm -rf "$run"
    cp -a "$TEMPLATE" "$run"
    if [ "$isa" = native ]; then unset OS1_CPU; else export OS1_CPU=$isa; fi
    l=$(load); r=$(chat_run "$run" "I had a long shift at the hospital today.")
    printf "%-7s %-12s %9s %9s %7s %7s %5s\n" $isa fresh-first $r "$l"
    # The first turn after `os1 setup` with the model (setup reads the
    # persona's message ahead and keeps its state, as the first meeting does).
    ready=$WORK/run-$isa-setup
    rm -rf "$ready"
    cp -a "$TEMPLATE" "$ready"
    OS1_HOME=$ready "$OS1" setup --answers "$REPO/examples/setup-answers.toml" --brain local --model "$MODEL" >/dev/null
    l=$(load); r=$(chat_run "$ready" "I had a long shift at the hospital today.")
    printf "%-7s %-12s %9s %9s %7s %7s %5s\n" $isa after-setup $r "$l"
    rm -rf "$ready"
    l=$(load); r=$(chat_run "$run" "Amy called me from Lisbon afterwards.")
    printf "%-7s %-12s %9s %9s %7s %7s %5s\n" $isa fresh-next $r "$l"
    find "$run" -path '*/kv/*' -name '*.kv' ! -name '*prefix*' -delete 2>/dev/null || true
    l=$(load); r=$(chat_run "$run" "I think I will sleep until noon.")
    printf "%-7s %-12s %9s %9s %7s %7s %5s\n" $isa fresh-other $r "$l"
    l=$(load); r=$(chat_run "$run" "Miso woke me up early." "Then I made coffee and called Jo.")
    printf "%-7s %-12s %9s %9s %7s %7s %5s\n" $isa same-next $r "$l"
done
