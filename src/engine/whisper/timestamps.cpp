// Whisper's timestamps mode: the rules that keep timestamp tokens well
// formed (the paper's ApplyTimestampRules, as whisper.cpp applies them) and
// words with times from a segment's tokens.
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/whisper/weights.h"

namespace os1::engine {

void whisper_apply_timestamp_rules(const WhisperModel& model, std::span<float> logits,
                                   std::span<const int32_t> sampled, const WhisperDecodeOptions& options) {
    const WhisperTokens& t = model.tokens();
    const float ninf = -std::numeric_limits<float>::infinity();
    const int n = static_cast<int>(logits.size());
    const int ts = std::min(t.timestamp_begin, n);
    auto kill_range = [&](int from, int to) {  // [from, to)
        for (int id = std::max(0, from); id < std::min(to, n); id++) logits[static_cast<size_t>(id)] = ninf;
    };
    auto is_ts = [&](int32_t id) { return id >= t.timestamp_begin; };
    const size_t len = sampled.size();
    const bool last_ts = len >= 1 && is_ts(sampled[len - 1]);
    const bool penultimate_ts = len < 2 || is_ts(sampled[len - 2]);
    if (last_ts) {
        if (penultimate_ts) kill_range(ts, n);  // a pair (or the opening one): text comes next
        else kill_range(0, t.eot);              // a segment's end: its partner or end-of-text
    }
    // Never back in time; a segment has a length.
    for (size_t i = len; i-- > 0;) {
        if (!is_ts(sampled[i])) continue;
        const int last = sampled[i];
        kill_range(ts, last_ts && !penultimate_ts ? last : last + 1);
        break;
    }
    if (len == 0) {
        kill_range(0, ts);  // the window opens with a timestamp
        // 0.02 s a timestamp: at most max_initial_timestamp in.
        const int max_initial = static_cast<int>(std::lround(options.max_initial_timestamp / 0.02f));
        if (options.max_initial_timestamp >= 0) kill_range(ts + max_initial + 1, n);
    }
    // Timestamps likelier together than any single text token: one is due.
    float mx = ninf;
    for (float x : logits) mx = std::max(mx, x);
    if (mx == ninf) return;
    double sum_ts = 0;
    for (int id = ts; id < n; id++) sum_ts += std::exp(static_cast<double>(logits[static_cast<size_t>(id)] - mx));
    float best_text = ninf;
    for (int id = 0; id < ts; id++) best_text = std::max(best_text, logits[static_cast<size_t>(id)]);
    if (sum_ts > 0 && std::log(sum_ts) + mx > best_text) kill_range(0, ts);
}

std::vector<WhisperWord> whisper_words(const WhisperModel& model, std::span<const int32_t> tokens,
                                       std::span<const float> logprobs, double start_s, double end_s) {
    struct Piece {
        std::string text;
        double logprob_sum = 0;
        int n = 0;
    };
    std::vector<Piece> pieces;
    for (size_t i = 0; i < tokens.size(); i++) {
        std::string_view s = model.token_text(tokens[i]);
        if (s.empty()) continue;  // specials, timestamps
        const bool starts = s.front() == ' ';
        if (pieces.empty() || (starts && !pieces.back().text.empty())) pieces.emplace_back();
        Piece& p = pieces.back();
        p.text += starts && p.text.empty() ? s.substr(1) : s;
        p.logprob_sum += i < logprobs.size() ? static_cast<double>(logprobs[i]) : 0.0;
        p.n++;
    }
    std::erase_if(pieces, [](const Piece& p) {
        return std::all_of(p.text.begin(), p.text.end(), [](char c) { return c == ' '; });
    });
    // Times by length: a longer word takes longer to say.
    size_t chars = 0;
    for (const auto& p : pieces) chars += p.text.size();
    std::vector<WhisperWord> out;
    const double span = std::max(0.0, end_s - start_s);
    size_t done = 0;
    for (auto& p : pieces) {
        WhisperWord w;
        w.start_s = start_s + span * static_cast<double>(done) / static_cast<double>(std::max<size_t>(chars, 1));
        done += p.text.size();
        w.end_s = start_s + span * static_cast<double>(done) / static_cast<double>(std::max<size_t>(chars, 1));
        w.confidence = std::exp(p.logprob_sum / std::max(1, p.n));
        w.text = std::move(p.text);
        out.push_back(std::move(w));
    }
    return out;
}

}  // namespace os1::engine
