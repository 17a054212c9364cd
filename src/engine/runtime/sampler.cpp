// The sampling chain. Each step narrows m_candidates (kept sorted by logit,
// highest first, once top-k has run) and the last step draws from it.
#include "engine/runtime/sampler.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace os1::engine {

namespace {

uint64_t os_seed() {
    std::random_device rd;
    return (uint64_t{rd()} << 32) ^ rd();
}

// Softmax over the candidates' logits, in place into .p (sum in double,
// as llama.cpp does).
void softmax(std::vector<Sampler::Candidate>& cands) {
    if (cands.empty()) return;
    float max_logit = cands[0].logit;
    for (const auto& c : cands) max_logit = std::max(max_logit, c.logit);
    double sum = 0.0;
    for (auto& c : cands) {
        c.p = std::exp(c.logit - max_logit);
        sum += c.p;
    }
    for (auto& c : cands) c.p = static_cast<float>(c.p / sum);
}

bool by_logit_desc(const Sampler::Candidate& a, const Sampler::Candidate& b) {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
}

}  // namespace

Sampler::Sampler(const SamplerOptions& options)
    : m_options(options), m_rng(options.seed == SEED_RANDOM ? os_seed() : options.seed) {}

double Sampler::uniform() {
    // 53 random bits -> [0, 1), identical on every platform.
    return static_cast<double>(m_rng() >> 11) * (1.0 / 9007199254740992.0);
}

void Sampler::apply_penalties(std::span<float> logits, std::span<const int32_t> history) const {
    const auto& o = m_options;
    bool any = o.repeat_penalty != 1.0f || o.frequency_penalty != 0.0f || o.presence_penalty != 0.0f;
    if (!any || o.penalty_last_n == 0 || history.empty()) return;
    size_t n = o.penalty_last_n < 0 ? history.size() : std::min(history.size(), static_cast<size_t>(o.penalty_last_n));
    std::unordered_map<int32_t, int> counts;
    for (size_t i = history.size() - n; i < history.size(); i++) counts[history[i]]++;
    for (const auto& [id, count] : counts) {
        if (id < 0 || static_cast<size_t>(id) >= logits.size()) continue;
        float& l = logits[id];
        l = l <= 0.0f ? l * o.repeat_penalty : l / o.repeat_penalty;
        l -= static_cast<float>(count) * o.frequency_penalty + (count > 0 ? o.presence_penalty : 0.0f);
    }
}

const std::vector<Sampler::Candidate>& Sampler::candidates(std::span<const float> logits) {
    const auto& o = m_options;
    m_candidates.resize(logits.size());
    for (size_t i = 0; i < logits.size(); i++) m_candidates[i] = {static_cast<int32_t>(i), logits[i], 0.0f};

    // top-k: keep the k highest logits, sorted.
    size_t k = m_candidates.size();
    if (o.top_k > 0) k = std::min(k, static_cast<size_t>(o.top_k));
    std::partial_sort(m_candidates.begin(), m_candidates.begin() + k, m_candidates.end(), by_logit_desc);
    m_candidates.resize(k);

    // top-p: the smallest prefix whose probability reaches p (at least one).
    if (o.top_p < 1.0f && !m_candidates.empty()) {
        softmax(m_candidates);
        double cum = 0.0;
        size_t keep = m_candidates.size();
        for (size_t i = 0; i < m_candidates.size(); i++) {
            cum += m_candidates[i].p;
            if (cum >= o.top_p) {
                keep = i + 1;
                break;
            }
        }
        m_candidates.resize(keep);
    }

    // min-p: keep tokens at least min_p times as likely as the best one,
    // i.e. logit >= best + log(min_p).
    if (o.min_p > 0.0f && !m_candidates.empty()) {
        float threshold = m_candidates[0].logit + std::log(o.min_p);
        size_t keep = 1;
        while (keep < m_candidates.size() && m_candidates[keep].logit >= threshold) keep++;
        m_candidates.resize(keep);
    }

    // temperature, then the final probabilities.
    if (o.temperature > 0.0f)
        for (auto& c : m_candidates) c.logit /= o.temperature;
    softmax(m_candidates);
    return m_candidates;
}

int32_t Sampler::sample(std::span<float> logits, std::span<const int32_t> history) {
    apply_penalties(logits, history);
    if (m_options.temperature <= 0.0f) {
        // Greedy: the first maximum.
        return static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
    }
    const auto& cands = candidates(logits);
    double r = uniform();
    double cum = 0.0;
    for (const auto& c : cands) {
        cum += c.p;
        if (r < cum) return c.id;
    }
    return cands.back().id;  // rounding left r just above the total
}

}  // namespace os1::engine
