#!/usr/bin/env bash
# Word error rate of `os1 transcribe`'s pipeline beside Debian's own
# recogniser, pocketsphinx_continuous with its default model, on the kit's
# clips (../shared/data/speech or $OS1_SHARED/data/speech).
#   bench/voice_wer.sh               # both, per clip and in total (+ --rtf)
#   bench/voice_wer.sh --flag -lw=8  # extra arguments go to build/bench/voice_wer
#   bench/voice_wer.sh --asr whisper [--model ggml-base.en.bin] [--threads 2]
#                                    # Whisper (the installed model, or --model)
# The baseline's hypotheses are kept in build/voice_wer_baseline.tsv (delete
# it to run pocketsphinx_continuous again).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${OS1_BUILD_DIR:-$here/build}"
kit="${OS1_SHARED:-$here/../shared}/data/speech"
baseline="$build/voice_wer_baseline.tsv"
command -v pocketsphinx_continuous >/dev/null || { echo "voice_wer.sh: install the Debian package pocketsphinx" >&2; exit 2; }
[ -f "$kit/transcripts.tsv" ] || { echo "voice_wer.sh: no clips at $kit" >&2; exit 2; }
cmake --build "$build" --target voice_wer >/dev/null
if [ ! -s "$baseline" ]; then
  tmp="$baseline.tmp"
  : > "$tmp"
  tail -n +2 "$kit/transcripts.tsv" | cut -f1 | while read -r clip; do
    # Its hypotheses go to stdout, one line per utterance it found.
    hyp="$(pocketsphinx_continuous -infile "$kit/$clip" -logfn /dev/null 2>/dev/null | tr '\n' ' ' | sed 's/ *$//')"
    printf '%s\t%s\n' "$clip" "$hyp" >> "$tmp"
  done
  mv "$tmp" "$baseline"
fi
exec "$build/bench/voice_wer" --kit "$kit" --baseline "$baseline" "$@"
