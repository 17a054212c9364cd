// Sampling: turn a row of logits into the next token.
//
// The chain, in llama.cpp's order: repetition/frequency/presence penalties
// over the recent tokens -> top-k -> top-p (nucleus) -> min-p ->
// temperature -> draw from the softmax. temperature <= 0 means greedy
// (argmax after the penalties; ties go to the lowest id).
//
// Determinism: a Sampler with a fixed seed draws the same tokens from the
// same logits on every run and machine (our own uniform conversion, no
// std::uniform_real_distribution). SEED_RANDOM draws a seed from the OS.
//
// Thread safety: one Sampler per generation stream.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace os1::engine {

inline constexpr uint64_t SEED_RANDOM = ~uint64_t{0};

struct SamplerOptions {
    float temperature = 0.8f;        // <= 0: greedy
    int top_k = 40;                  // <= 0: off
    float top_p = 0.95f;             // >= 1: off
    float min_p = 0.05f;             // <= 0: off (keep p >= min_p * p_max)
    float repeat_penalty = 1.0f;     // 1: off; divides positive logits, multiplies negative ones
    float frequency_penalty = 0.0f;  // subtracts count * this
    float presence_penalty = 0.0f;   // subtracts this once a token occurred
    int penalty_last_n = 64;         // recent tokens the penalties look at; -1: all, 0: none
    uint64_t seed = SEED_RANDOM;

    // Plain greedy decoding, the setting conformance tests use.
    static SamplerOptions greedy() {
        SamplerOptions o;
        o.temperature = 0.0f;
        return o;
    }
};

class Sampler {
public:
    explicit Sampler(const SamplerOptions& options);

    // The next token. logits: (n_vocab), modified in place by the
    // penalties. history: the tokens so far (prompt + generated).
    int32_t sample(std::span<float> logits, std::span<const int32_t> history);

    // Applies only the penalties (exposed for tests).
    void apply_penalties(std::span<float> logits, std::span<const int32_t> history) const;

    // The candidates that survive top-k/top-p/min-p, with their
    // probabilities after temperature, most likely first (for tests and
    // for showing alternatives). Does not draw.
    struct Candidate {
        int32_t id;
        float logit;
        float p;
    };
    const std::vector<Candidate>& candidates(std::span<const float> logits);

    const SamplerOptions& options() const { return m_options; }

private:
    double uniform();  // [0, 1)

    SamplerOptions m_options;
    std::mt19937_64 m_rng;
    std::vector<Candidate> m_candidates;  // (n_vocab) scratch, reused
};

}  // namespace os1::engine
