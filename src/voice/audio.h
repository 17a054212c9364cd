// Audio for her voice (issue 16): mono 16-bit PCM at a known rate, WAV files
// in and out, and the interfaces of the recogniser (ASR) and the voice
// (TTS), so stronger backends (Whisper in our engine, issue 20; festival
// HTS voices) plug in beside pocketsphinx and flite.
//
//   auto clip = TRY(voice::read_wav("hello.wav"));        // any common WAV
//   auto pcm16k = voice::resample(clip, 16000);            // what ASR wants
//   auto said = TRY(recognizer->recognize(pcm16k));        // text, words, confidence
//   auto reply = TRY(voice->synthesize("Hello, Theodore."));
//   TRY(voice::write_wav("reply.wav", reply));
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1::voice {

// Mono 16-bit PCM.
struct Pcm {
    std::vector<int16_t> samples;
    int rate = 16000;  // samples per second
    double seconds() const { return rate > 0 ? static_cast<double>(samples.size()) / rate : 0.0; }
};

// Reads a RIFF/WAVE file: PCM 8/16/24/32-bit or IEEE float 32/64, any rate,
// any channel count (mixed down to mono), WAVE_FORMAT_EXTENSIBLE too. A
// damaged or unsupported file is Error::invalid / Error::corrupt naming it.
Result<Pcm> read_wav(const std::filesystem::path& file);
// Writes 16-bit mono PCM WAV (atomically: a temporary file, then rename).
Result<void> write_wav(const std::filesystem::path& file, const Pcm& pcm);
// The same sound at another rate (band-limited; identity when equal).
Pcm resample(const Pcm& pcm, int rate);

// ---- speech in -----------------------------------------------------------
struct Word {
    std::string text;
    double start_s = 0, end_s = 0;  // from the start of the audio given
    double confidence = 0;          // 0..1
};
struct Transcript {
    std::string text;               // "" when there was no speech
    std::vector<Word> words;
    double confidence = 0;          // 0..1, the utterance's
    double audio_s = 0;             // duration of the audio recognised
    // Whisper only (-1 / "" from recognisers without them): the probability
    // that no one spoke (Whisper's no-speech token), the language heard and
    // its probability when it was detected.
    double no_speech_prob = -1;
    std::string language;
    double language_prob = -1;
};
class Recognizer {
public:
    virtual ~Recognizer() = default;
    virtual std::string_view name() const = 0;  // "pocketsphinx", "whisper"
    // One utterance (or a whole clip) of 16 kHz mono audio.
    virtual Result<Transcript> recognize(const Pcm& audio) = 0;

    // ---- streaming: one utterance heard while it is spoken ----------------
    // begin_stream(), feed_stream() as the audio arrives (16 kHz mono),
    // then finish_stream() for the transcript (word times from the first
    // sample fed), or cancel_stream() to drop it (it was not speech). A
    // recogniser that decodes as it goes (`streams()`: pocketsphinx) has
    // only the last of its search left at finish; the default keeps the
    // audio and recognises it whole at finish (Whisper). One stream at a
    // time, and not while recognize() runs.
    virtual bool streams() const { return false; }
    virtual Result<void> begin_stream();
    virtual Result<void> feed_stream(std::span<const int16_t> samples);
    virtual Result<Transcript> finish_stream();
    virtual void cancel_stream();

private:
    Pcm m_stream;  // the default's audio
};

// ---- speech out ----------------------------------------------------------
class Voice {
public:
    virtual ~Voice() = default;
    virtual std::string_view name() const = 0;  // "flite:slt", "espeak-ng:en-us+f3"
    // One sentence (or any text) as audio at the voice's own rate.
    virtual Result<Pcm> synthesize(std::string_view text) = 0;
};

}  // namespace os1::voice
