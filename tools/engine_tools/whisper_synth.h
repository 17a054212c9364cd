// Synthetic Whisper models: random-weight ggml `.bin` files (whisper.cpp's
// format) with the shapes of the public models (tiny, base, small) or any
// hyper-parameters, for tests (small shapes, hostile copies) and the
// real-time-factor benchmark (the real shapes without downloading weights).
//
// The file has Whisper's sinusoidal encoder positions, triangular mel
// filters (80 or n_mels x 201), a placeholder vocabulary of n_text_tokens
// strings (id 220 is " ", as in GPT-2's), and Gaussian weights from a
// fixed-seed generator (same options, same bytes). Matrices take `type`
// (f32, f16, q8_0, q5_0, q5_1, q4_0, q4_1), conv kernels f16 unless f32,
// vectors and positional embeddings f32, as whisper.cpp's converter and
// quantizer lay them out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/whisper.h"

namespace os1::engine {

struct WhisperSynthOptions {
    WhisperHParams hp;
    std::string type = "f16";
    uint64_t seed = 7;
    float qk_gain = 2.0f;  // scale of the query/key weights (peaked attention, like trained models)
    // A model that hears no speech in anything: the decoder's final
    // LayerNorm gives the same vector h at every position (weight 0, bias
    // h) and the no-speech token's embedding makes its logit 30 there, so
    // the no-speech probability at sot is about 1 and the text tokens are
    // near uniform (mean log-probability far below -1): Whisper's silence.
    bool hears_no_speech = false;
};

// tiny, base, small (and .en variants: n_vocab 51864); n_vocab 51865 otherwise.
Result<WhisperHParams> whisper_synth_shape(std::string_view name);
// A small model for tests: n_state 32, 2 heads, 1 layer each, n_audio_ctx 1500.
WhisperHParams whisper_synth_small();

// The file's bytes.
Result<std::vector<uint8_t>> whisper_synth(const WhisperSynthOptions& options);

}  // namespace os1::engine
