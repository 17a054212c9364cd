// Speech recognition with CMU pocketsphinx (Debian's libpocketsphinx, the
// 5prealpha API) and the US English model from the pocketsphinx-en-us
// package: an acoustic model, a trigram language model and a dictionary.
//
//   auto asr = TRY(voice::make_pocketsphinx({}));
//   auto said = TRY(asr->recognize(utterance_16k));   // words, times, confidences
//
// One recogniser decodes one utterance at a time (not thread safe); make
// one per thread to decode utterances in parallel. Making one loads the
// model (about a second), so keep it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "voice/audio.h"

namespace os1::voice {

struct PocketsphinxOptions {
    // The model folder holding en-us/ (acoustic model), en-us.lm.bin and
    // cmudict-en-us.dict; empty: $OS1_POCKETSPHINX_MODEL, then the Debian
    // location /usr/share/pocketsphinx/model/en-us.
    std::filesystem::path model_dir;
    // Decoder settings as pocketsphinx flags ({"-beam", "1e-60"}), applied
    // after ours (POCKETSPHINX_TUNED) so a caller can override any of them.
    std::vector<std::pair<std::string, std::string>> flags;
    // false: pocketsphinx's own defaults (what pocketsphinx_continuous
    // uses), for comparing.
    bool tuned = true;
    // Streaming: the first this many seconds of each stream set its
    // cepstral mean (the mean of their cepstra, as a whole utterance would
    // have), then the search starts and runs as the rest comes; 0: the
    // decoder's running mean from the utterances before (pocketsphinx's
    // live CMN). Chosen on the kit's clips (BENCHMARKS.md, "Her reply
    // sooner, her voice heard back").
    double stream_prime_s = 0.8;
};

// Decoder settings os1 adds to pocketsphinx's defaults. A sweep on the
// tuning slice of the kit's clips (bench/voice_wer.cpp; BENCHMARKS.md,
// "Speech in": -lw, -wip, beams, -pl_window, -topn, -bestpath, -silprob,
// -remove_noise) found none better than the defaults, so it is empty: what
// beats pocketsphinx_continuous is the pipeline around the decoder
// (resampling, whole-utterance normalisation, segmentation).
extern const std::vector<std::pair<std::string, std::string>> POCKETSPHINX_TUNED;

// The voice conversation's settings on top of those (open_recognizer, the
// live loop's streams): no second, flat-lexicon pass over the utterance at
// its end (-fwdflat no: that pass was nine tenths of the work left at the
// end of speech, 630 M of 690 M instructions on a 3.7 s clip), and at most
// 10000 HMMs searched a frame (-maxhmmpf, 30000 by default: a cap on the
// search's cost in noise and long speech, where it fell behind real time
// on a loaded machine). The tuning slice of the kit's clips, streamed:
// 29.6% WER against 30.6% with the defaults (BENCHMARKS.md, "Her first
// word sooner"). `os1 transcribe` keeps the defaults.
extern const std::vector<std::pair<std::string, std::string>> POCKETSPHINX_LIVE;

// The model folder, or Error::not_found saying which Debian package to install.
Result<std::filesystem::path> find_pocketsphinx_model(const std::filesystem::path& hint = {});

Result<std::unique_ptr<Recognizer>> make_pocketsphinx(const PocketsphinxOptions& options);

// "hello(2)" -> "hello"; "" for silence and filler tokens (<s>, </s>,
// <sil>, [NOISE], ++BREATH++): what a transcript keeps of a decoder word.
std::string clean_pocketsphinx_word(std::string_view word);

}  // namespace os1::voice
