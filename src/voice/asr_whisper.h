// Speech recognition with Whisper in os1's own engine (engine/whisper.h):
// a ggml Whisper model (`ggml-tiny.en.bin`, `ggml-base.bin`, ...: what
// `os1 pull whisper-tiny.en` installs) behind the same Recognizer as
// pocketsphinx, with words, their times (Whisper's timestamps) and their
// confidences.
//
//   auto model = TRY(voice::find_whisper_model());      // installed, or NotFound
//   auto asr = TRY(voice::make_whisper({.model = model}));
//   auto said = TRY(asr->recognize(utterance_16k));
//
// The model is loaded once and may be shared by several recognisers (it is
// immutable); each recogniser has its own decoding state and is used by one
// thread at a time (its state runs the engine's own worker threads).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "voice/audio.h"

namespace os1::engine {
class WhisperModel;
}

namespace os1::voice {

struct WhisperAsrOptions {
    std::filesystem::path model;  // the ggml .bin (find_whisper_model())
    int threads = 0;              // the engine's threads per utterance (0: one per core)
    bool timestamps = true;       // Whisper's timestamp tokens give the words' times
    // Decode each utterance greedily only (no temperature fallback): faster,
    // for tests and latency-bound use.
    bool greedy_only = false;
    // Tokens per 30 s window (0: 16 + 12 per second of the utterance, at
    // most Whisper's 224: a loop on noise stops early).
    int max_tokens = 0;
    // Encoder positions per window: 0 = the full 30 s window (Whisper's
    // own); -1 = sized to each utterance (a 3 s utterance costs about a
    // tenth of a full encoder pass: what voice mode uses); N = N positions
    // (20 ms each), at most the model's 1500.
    int audio_ctx = 0;
    // The language spoken: a code ("en", "de", ...) or "auto" (detected per
    // utterance by multilingual models). English-only models (*.en) take
    // "en" and "auto" only.
    std::string language = "en";
    // An utterance whose no-speech probability is above this (and whose
    // words the model is unsure of, mean log-probability <= -1) is silence:
    // no words. Whisper's default 0.6; 1: never.
    float no_speech_threshold = 0.6f;
};

// The model file, loaded and validated (Error::invalid naming the file and
// what is wrong for anything that is not a usable Whisper model).
Result<std::shared_ptr<const engine::WhisperModel>> load_whisper_model(const std::filesystem::path& file, int threads = 0);

Result<std::unique_ptr<Recognizer>> make_whisper(std::shared_ptr<const engine::WhisperModel> model,
                                                 const WhisperAsrOptions& options);
Result<std::unique_ptr<Recognizer>> make_whisper(const WhisperAsrOptions& options);

// The installed Whisper model os1 listens with: $OS1_WHISPER_MODEL when set
// (a file), else the best Whisper model (*.bin) in the models folder (`models_dir`,
// empty: os1's own): base.en, base, small.en, small, tiny.en, tiny, then any
// other. Error::not_found saying how to install one.
Result<std::filesystem::path> find_whisper_model(const std::filesystem::path& models_dir = {});

}  // namespace os1::voice
