// Transcription of a recording: the public entry of speech in for front
// ends (`os1 transcribe`) and benchmarks.
//
//   auto said = TRY(voice::transcribe_file("note.wav", {}));
//   said.text;  // "" when nobody spoke
//
// The recording (any common WAV rate and width) is resampled to 16 kHz,
// cut into utterances by the voice-activity detector (voice/vad.h), each
// utterance brought to a working level and recognised, and the pieces are
// joined with word times counted from the start of the recording.
//
// Thread safety: a Transcriber is used from one thread at a time; it
// decodes the utterances of one recording on `threads` threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "voice/audio.h"

namespace os1::voice {

struct TranscribeOptions {
    // The recogniser: "pocketsphinx", "whisper", or "auto" (Whisper when a
    // Whisper model is installed, else pocketsphinx: what front ends use).
    std::string asr = "pocketsphinx";
    // pocketsphinx: utterances decoded at once; Whisper: the engine's
    // threads for each utterance (1..8).
    int threads = 1;
    bool segment = true;               // false: the whole recording is one utterance
    bool normalise = true;             // bring each utterance to a working level
    // Recogniser settings (pocketsphinx flags) on top of the tuned ones;
    // tuned = false starts from pocketsphinx's defaults instead.
    std::vector<std::pair<std::string, std::string>> asr_flags;
    bool tuned = true;
    // pocketsphinx's streams: seconds that set each one's cepstral mean
    // (PocketsphinxOptions::stream_prime_s).
    double stream_prime_s = 0.8;
    std::filesystem::path model_dir;   // empty: found at run time
    // Whisper's model file (empty: find_whisper_model(), asr_whisper.h).
    std::filesystem::path whisper_model;
    // Whisper's encoder positions per window (WhisperAsrOptions::audio_ctx):
    // 0 = the full 30 s window, -1 = sized to each utterance (voice mode), N.
    int whisper_audio_ctx = 0;
    // Whisper's language: a code ("en", "de", ...) or "auto" (detected).
    std::string whisper_language = "en";
};

// Which recogniser a TranscribeOptions::asr means here, and why.
struct AsrChoice {
    std::string name;                 // "whisper" or "pocketsphinx"
    std::filesystem::path model;      // Whisper's model file (empty for pocketsphinx)
    std::string why;                  // for "auto": why this one
};
// Error::invalid for an unknown name; for "whisper", Error::not_found
// saying how to install a model when none is.
Result<AsrChoice> choose_asr(const std::string& asr, const std::filesystem::path& whisper_model = {});

class Transcriber {
public:
    // Loads the recogniser(s): Error::not_found naming the Debian package
    // when the model is missing, Error::invalid for an unknown `asr`.
    static Result<std::unique_ptr<Transcriber>> make(const TranscribeOptions& options);
    ~Transcriber();

    // Audio at any rate.
    Result<Transcript> run(const Pcm& audio);

    // One utterance heard while it is spoken (Recognizer's streaming,
    // audio.h), 16 kHz: pocketsphinx decodes it as it comes (no level or
    // segmentation: the detector that feeds it found the utterance);
    // Whisper keeps it and run()s it at finish.
    bool streams() const;
    Result<void> begin_stream();
    Result<void> feed_stream(std::span<const int16_t> samples);
    Result<Transcript> finish_stream();
    void cancel_stream();
    // The recogniser in use ("whisper", "pocketsphinx") and Whisper's model.
    const AsrChoice& asr() const { return m_choice; }

private:
    Transcriber() = default;
    TranscribeOptions m_options;
    AsrChoice m_choice;
    std::vector<std::unique_ptr<Recognizer>> m_recognizers;  // (threads)
    Pcm m_stream;  // a stream's audio, for a recogniser that does not stream
};

// Reads and transcribes one file.
Result<Transcript> transcribe_file(const std::filesystem::path& file, const TranscribeOptions& options);

// The JSON a front end prints: {"text","words":[{"word","start","end",
// "confidence"}],"confidence","duration"} on one line, "asr" (the
// recogniser) when `asr` is given, and Whisper's "no_speech_prob",
// "language" and "language_prob" when the recogniser gave them.
std::string transcript_json(const Transcript& t, const std::string& asr = {});

}  // namespace os1::voice
