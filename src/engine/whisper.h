// Whisper speech recognition in os1's engine, public API: load a ggml
// Whisper model (`ggml-*.bin`), turn 16 kHz audio into Whisper's log-mel
// spectrogram, encode it, decode text tokens with Whisper's rules.
//
//   auto model = TRY(WhisperModel::load("ggml-tiny.en.bin"));
//   auto state = TRY(model->new_state());
//   LogMel mel = model->log_mel(pcm);          // pcm: 16 kHz mono floats in [-1, 1]
//   TRY(state->encode(mel));                  // the first 30 s window
//   auto ids = TRY(whisper_greedy(*state, {}));  // token ids of the window's text
//   std::string text = model->detokenize(ids);
//
// Ownership: WhisperModel owns the mapped file and an aligned copy of the
// weights; a WhisperState borrows its model (which must outlive it) and owns
// the encoder output, the cross-attention keys/values of the current window,
// the decoder's self-attention cache and all scratch: decoding allocates
// nothing per token.
//
// Thread safety: a model is immutable after load and may be shared; a state
// is used by one thread at a time (it runs its own worker threads).
//
// Numerics follow whisper.cpp's CPU path with flash attention off (the
// reference kit's conformance/whisper): K/V and the cross K/V in f16, queries
// and attention weights rounded to f16 for their products, the convolutions
// over f16 inputs, activations rounded to each weight type's dot precision.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1::engine {

namespace whisper {
class WhisperFile;
struct WhisperWeights;
struct StateBuffers;
}  // namespace whisper

struct WhisperHParams {
    int n_vocab = 0;
    int n_audio_ctx = 0;    // encoder positions (1500 for 30 s)
    int n_audio_state = 0;  // encoder width
    int n_audio_head = 0;
    int n_audio_layer = 0;
    int n_text_ctx = 0;     // decoder positions (448)
    int n_text_state = 0;
    int n_text_head = 0;
    int n_text_layer = 0;
    int n_mels = 0;
    int ftype = 0;
};

// Special token ids, derived from n_vocab as whisper.cpp does (English-only
// models have one id fewer before the languages).
struct WhisperTokens {
    int32_t eot = 0, sot = 0, translate = 0, transcribe = 0, solm = 0, prev = 0, nosp = 0, not_timestamps = 0,
            timestamp_begin = 0;
    int32_t lang_begin = 0;  // sot + 1: "en"
    int n_languages = 0;     // ids lang_begin .. lang_begin + n_languages - 1
    bool multilingual = false;
};

// A log-mel spectrogram: data is (n_mels, n_frames) row-major.
struct LogMel {
    int n_mels = 0;
    int n_frames = 0;
    int n_frames_audio = 0;  // frames that cover the audio itself (whisper.cpp's n_len_org)
    std::vector<float> data;
};

struct WhisperOptions {
    int n_threads = 0;  // 0: one per hardware thread
};

class WhisperState;

class WhisperModel {
public:
    static constexpr int SAMPLE_RATE = 16000;
    static constexpr int N_FFT = 400;
    static constexpr int HOP = 160;
    static constexpr int CHUNK_SECONDS = 30;

    static Result<std::unique_ptr<WhisperModel>> load(const std::filesystem::path& path, const WhisperOptions& options = {});
    // A buffer the caller keeps alive (tests).
    static Result<std::unique_ptr<WhisperModel>> from_memory(std::span<const uint8_t> bytes,
                                                             const WhisperOptions& options = {});
    ~WhisperModel();
    WhisperModel(const WhisperModel&) = delete;
    WhisperModel& operator=(const WhisperModel&) = delete;

    const WhisperHParams& hparams() const { return m_hparams; }
    const WhisperTokens& tokens() const { return m_tokens; }
    const WhisperOptions& options() const { return m_options; }
    // The most common matrix type ("f16", "q8_0").
    const std::string& type_summary() const { return m_type_summary; }
    // The bytes of token id (empty for ids without text: specials, timestamps).
    std::string_view token_text(int32_t id) const;
    // Concatenated text of the ids, special tokens and timestamps dropped.
    std::string detokenize(std::span<const int32_t> ids) const;

    // Whisper's log-mel of 16 kHz mono samples, padded as whisper.cpp pads
    // (200 reflected samples in front, 30 s of zeros behind): n_frames =
    // (n_samples + 480000) / 160. Uses the model file's filters.
    LogMel log_mel(std::span<const float> pcm) const;

    Result<std::unique_ptr<WhisperState>> new_state(int n_threads = 0) const;

    const whisper::WhisperWeights& weights() const { return *m_weights; }

private:
    WhisperModel();
    static Result<std::unique_ptr<WhisperModel>> from_file(std::unique_ptr<whisper::WhisperFile> file,
                                                           const WhisperOptions& options);

    WhisperOptions m_options;
    WhisperHParams m_hparams;
    WhisperTokens m_tokens;
    std::string m_type_summary;
    std::unique_ptr<whisper::WhisperFile> m_file;
    std::unique_ptr<whisper::WhisperWeights> m_weights;
};

class WhisperState {
public:
    ~WhisperState();
    WhisperState(const WhisperState&) = delete;
    WhisperState& operator=(const WhisperState&) = delete;

    const WhisperModel& model() const { return m_model; }

    // Encodes the 2 * n_audio_ctx mel frames starting at `offset` (frames
    // past the mel's end are 0, as whisper.cpp fills them),
    // computes the cross-attention keys/values and clears the decoder's
    // cache. Invalid when the mel has another n_mels or offset is negative.
    // n_audio_ctx: the window's encoder positions, 0 = the model's (1500:
    // 30 s); fewer encode a shorter window (2 n_audio_ctx frames, the first
    // n_audio_ctx positional embeddings, as whisper.cpp's audio_ctx): a short
    // utterance costs a fraction of a full pass. OutOfRange past the model's.
    Result<void> encode(const LogMel& mel, int offset = 0, int n_audio_ctx = 0);
    // (audio_ctx(), n_audio_state), after ln_post.
    std::span<const float> encoder_output() const;
    // Positions of the window encoded last (0 before encode()).
    int audio_ctx() const;

    // Appends tokens to the decoder's cache and returns the logits after the
    // last one, (n_vocab), valid until the next call. OutOfRange past
    // n_text_ctx tokens; Invalid for ids outside the vocabulary or before
    // encode().
    Result<std::span<const float>> decode(std::span<const int32_t> tokens);
    // The same, and also the logits after tokens[row] into row_logits
    // (n_vocab floats), from the same pass: what Whisper reads at sot for
    // the no-speech probability when the prompt goes on past it.
    Result<std::span<const float>> decode(std::span<const int32_t> tokens, int row, std::span<float> row_logits);
    // Forgets the decoded tokens (the encoder output stays).
    void reset_decoder() { m_n_past = 0; }
    int n_past() const { return m_n_past; }

private:
    friend class WhisperModel;
    explicit WhisperState(const WhisperModel& model);

    const WhisperModel& m_model;
    std::unique_ptr<whisper::StateBuffers> m_buf;
    int m_n_past = 0;
    bool m_encoded = false;
};

// Encoder positions come in whole steps of this many (whisper_fit_audio_ctx).
constexpr int WHISPER_AUDIO_CTX_STEP = 16;
// The encoder positions that cover n_frames mel frames of audio (LogMel's
// n_frames_audio): ceil(n_frames / 2) rounded up to WHISPER_AUDIO_CTX_STEP
// (the attention's query blocks and the matmul's token tiles stay full), at
// most the model's n_audio_ctx.
int whisper_fit_audio_ctx(const WhisperModel& model, int n_frames);

// 16 kHz audio from a WAV file (PCM 8/16/24/32-bit or float 32, channels
// averaged), as floats in [-1, 1). Another sample rate is Unsupported.
Result<std::vector<float>> whisper_read_wav(const std::filesystem::path& path);
Result<std::vector<float>> whisper_parse_wav(std::span<const uint8_t> bytes, const std::string& name);

// --- decoding (Whisper's logit rules, greedy) ---

// WhisperDecodeOptions::language: detect it (whisper_transcribe).
constexpr int WHISPER_LANGUAGE_AUTO = -1;

struct WhisperDecodeOptions {
    // Index of the language (0 = "en", whisper_language_index()); ignored by
    // English-only models. WHISPER_LANGUAGE_AUTO: whisper_transcribe detects
    // it on the first window (elsewhere it reads as "en").
    int language = 0;
    bool translate = false;
    bool no_timestamps = true;
    bool suppress_blank = true;  // no blank (" ") or end-of-text as the first token
    int max_tokens = 0;          // 0: up to half the text context, as whisper.cpp
    // Timestamps mode: the first timestamp is at most this far into the
    // window (seconds; Whisper's max_initial_timestamp).
    float max_initial_timestamp = 1.0f;
};

// --- languages ---

// The code of Whisper's language token `index` ("en", "zh", "de", ... in
// token order; "" past the table).
std::string_view whisper_language_code(int index);
// The index of a code ("de" -> 2), -1 when Whisper has no such language.
int whisper_language_index(std::string_view code);

struct WhisperLanguage {
    int index = 0;
    std::string_view code;   // "en"
    float probability = 0;   // among the language tokens, 0..1
};
// The language spoken in the encoded window, as Whisper identifies it: the
// decoder one step after sot alone, the language token with the highest
// probability (a softmax over the language tokens only; `probs`, when
// given, gets all of them in token order). An English-only model answers
// "en" with probability 1 without decoding. Clears the decoder's cache.
Result<WhisperLanguage> whisper_detect_language(WhisperState& state, std::vector<float>* probs = nullptr);

// The prompt Whisper's decoder starts from: sot [language transcribe|translate] [notimestamps].
std::vector<int32_t> whisper_prompt(const WhisperModel& model, const WhisperDecodeOptions& options);

// Whisper's filter on one step's logits (in place): -inf for the tokens it
// never samples in this mode (sot, solm, prev, nosp, translate, transcribe,
// the languages, notimestamps, and every timestamp when no_timestamps), and
// on the first step (`first`) blank and end-of-text when suppress_blank.
void whisper_filter_logits(const WhisperModel& model, std::span<float> logits, bool first,
                           const WhisperDecodeOptions& options);

// Whisper's timestamp rules (timestamps mode, after whisper_filter_logits),
// given the tokens sampled so far in this window (not the prompt):
// - the window starts with a timestamp, at most max_initial_timestamp in;
// - timestamps come in pairs (end of one segment, start of the next): after
//   a lone timestamp comes another timestamp or end-of-text, after a pair
//   comes text;
// - timestamps never go back, and a segment is never empty;
// - when the timestamps together are likelier than the best text token, a
//   timestamp is due: text is suppressed.
void whisper_apply_timestamp_rules(const WhisperModel& model, std::span<float> logits,
                                   std::span<const int32_t> sampled, const WhisperDecodeOptions& options);

// The greedy id of filtered logits (the first maximum).
int32_t whisper_argmax(std::span<const float> logits);

struct WhisperGreedyStep {
    int32_t id = 0;
    std::span<const float> logits;  // raw (unfiltered) logits this id was chosen from
};

// Greedy decoding of the encoded window: the prompt, then one token at a
// time until end-of-text or max_tokens. on_step (optional) sees each step's
// raw logits before the filter; return false to stop. Returns the ids (not
// the prompt, not end-of-text).
Result<std::vector<int32_t>> whisper_greedy(WhisperState& state, const WhisperDecodeOptions& options,
                                            const std::function<bool(const WhisperGreedyStep&)>& on_step = {});

// --- transcription: any length, 30 s windows, temperature fallback ---

struct WhisperWord {
    std::string text;               // without the leading space
    double start_s = 0, end_s = 0;  // inside its segment
    double confidence = 0;          // exp(mean log-probability of its tokens), 0..1
};
struct WhisperSegment {
    std::string text;
    std::vector<int32_t> tokens;    // text tokens (timestamps dropped)
    std::vector<float> logprobs;    // each token's log-probability
    std::vector<WhisperWord> words;
    // Timestamps mode: the span the model gave it (clamped to the audio);
    // otherwise the window's span of the audio.
    double start_s = 0, end_s = 0;
    double avg_logprob = 0;         // mean log-probability of its tokens (filtered softmax)
    float temperature = 0;          // the temperature that produced it (0 = greedy)
    float no_speech_prob = 0;       // its window's (WhisperTranscript::no_speech_prob)
};
struct WhisperTranscript {
    std::string text;  // the segments' text, concatenated
    std::vector<WhisperSegment> segments;
    double audio_s = 0;
    double confidence = 0;  // exp(mean token log-probability), 0..1
    // Whisper's no-speech probability: the probability of the no-speech
    // token at sot (the raw logits' softmax there, before any filter), the
    // lowest of the windows' (the likeliest to hold speech); -1 when no
    // window was decoded (no audio).
    double no_speech_prob = -1;
    int windows_silent = 0;  // windows dropped as silence (no_speech_threshold)
    std::string language;    // the language decoded ("en"; the detected one for WHISPER_LANGUAGE_AUTO)
    double language_prob = -1;  // its probability when detected, else -1
};
struct WhisperTranscribeOptions {
    WhisperDecodeOptions decode;
    // Each window's decoder starts from the previous windows' text
    // (prev, up to n_text_ctx / 2 - 1 tokens, then the prompt), as Whisper does.
    bool condition_on_previous = true;
    // Temperature fallback: a window whose mean log-probability is below
    // logprob_threshold is decoded again at the next temperature (sampling
    // with `seed`); the best attempt is kept. {0} = greedy only.
    std::vector<float> temperatures = {0.0f, 0.2f, 0.4f, 0.6f, 0.8f, 1.0f};
    float logprob_threshold = -1.0f;
    uint64_t seed = 0;
    // Silence, as Whisper decides it: a window whose no-speech probability
    // is above no_speech_threshold and whose mean log-probability is not
    // above logprob_threshold gives no text (and needs no fallback);
    // 1 or more: never.
    float no_speech_threshold = 0.6f;
    // Encoder positions per window: 0 = the model's (30 s windows);
    // WHISPER_AUDIO_CTX_FIT = sized to the clip (whisper_fit_audio_ctx:
    // a clip under 30 s is one window just long enough for it; a longer
    // one gets full windows); N = N positions (2N mel frames, N * 20 ms of
    // audio a window), at most the model's.
    int audio_ctx = 0;
};
constexpr int WHISPER_AUDIO_CTX_FIT = -1;

// Words of a segment's text tokens (a word starts at a token beginning with
// a space), their times spread over [start_s, end_s] by their length in
// characters, their confidences from the tokens' log-probabilities.
std::vector<WhisperWord> whisper_words(const WhisperModel& model, std::span<const int32_t> tokens,
                                       std::span<const float> logprobs, double start_s, double end_s);

// Transcribes 16 kHz mono audio of any length: the log-mel of the whole
// clip, then one 30 s window after another, each encoded once and decoded
// with the rules above. Without timestamps each window advances by 30 s and
// is one segment; with timestamps (decode.no_timestamps = false) a window
// holds the segments the model delimits, and the next window starts at the
// last complete segment's end (what follows it is decoded again there).
Result<WhisperTranscript> whisper_transcribe(WhisperState& state, std::span<const float> pcm,
                                             const WhisperTranscribeOptions& options = {});

}  // namespace os1::engine
