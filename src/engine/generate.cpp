// The generation loop: reuse the cached prefix, read the prompt in batches,
// then sample -> stream -> evaluate one token at a time until a limit,
// an end-of-generation token, a stop string or the caller says stop.
#include <algorithm>
#include <chrono>

#include "engine/engine.h"
#include "engine/forward.h"
#include "engine/stop_strings.h"
#include "engine/tokenizer.h"

namespace os1::engine {

std::string_view stop_reason_name(StopReason reason) {
    switch (reason) {
        case StopReason::MaxTokens: return "max-tokens";
        case StopReason::EndOfGeneration: return "end-of-generation";
        case StopReason::StopString: return "stop-string";
        case StopReason::Cancelled: return "cancelled";
        case StopReason::ContextFull: return "context-full";
    }
    return "?";
}

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Result<GenerateStats> Session::generate(std::span<const int32_t> prompt, const GenerateOptions& options,
                                        const OnPiece& on_piece) {
    if (prompt.empty()) return Error::invalid("generate() needs a prompt of at least one token (e.g. BOS)");
    if (prompt.size() > static_cast<size_t>(n_ctx()))
        return Error::out_of_range("the prompt has ", prompt.size(), " tokens but the context holds ", n_ctx(),
                                   " (the model was trained with ", m_model.info().n_ctx_train,
                                   "); shorten the prompt or raise the context size (-c)");
    GenerateStats stats;
    stats.n_prompt_tokens = static_cast<int>(prompt.size());

    // KV reuse: keep the common prefix, but always evaluate at least the
    // last prompt token (its logits pick the first generated token).
    size_t keep = 0;
    while (keep < m_tokens.size() && keep < prompt.size() && m_tokens[keep] == prompt[keep]) keep++;
    if (keep == prompt.size()) keep--;
    truncate(keep);
    stats.n_reused_tokens = static_cast<int>(keep);

    auto is_cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
    auto t0 = std::chrono::steady_clock::now();
    // The prompt is read a batch at a time so a cancel is seen between
    // batches; only the last batch's logits are kept.
    const auto rest = prompt.subspan(keep);
    const size_t step = static_cast<size_t>(std::max(1, m_state->n_batch));
    for (size_t start = 0; start < rest.size(); start += step) {
        if (is_cancelled()) {
            stats.prompt_ms = ms_since(t0);
            stats.stop_reason = StopReason::Cancelled;
            return stats;
        }
        const size_t n = std::min(step, rest.size() - start);
        TRY(forward(rest.subspan(start, n), LogitsMode::Last, start + n == rest.size() ? m_logits.data() : nullptr));
    }
    stats.prompt_ms = ms_since(t0);

    t0 = std::chrono::steady_clock::now();
    const Tokenizer& tok = m_model.tokenizer();
    Sampler sampler(options.sampling);
    std::vector<int32_t> history(prompt.begin(), prompt.end());
    // A continuation keeps its first space ("time" + " One"); after a
    // prompt with no text (only BOS) the output starts a text, and loses
    // the SentencePiece space prefix as decode() would.
    const bool starts_text = std::all_of(prompt.begin(), prompt.end(), [&](int32_t id) { return tok.is_control(id); });
    StreamDecoder decoder(tok, /*strip_leading_space=*/starts_text);
    StopMatcher stops(options.stop);
    bool cancelled = false;
    auto emit = [&](const std::string& text) {
        if (text.empty() || cancelled) return;
        stats.text += text;
        if (on_piece && !on_piece(text)) cancelled = true;
    };

    stats.stop_reason = StopReason::MaxTokens;
    for (int i = 0; i < options.max_tokens; i++) {
        if (is_cancelled()) {
            cancelled = true;
            break;
        }
        const int32_t id = sampler.sample(m_logits, history);
        stats.tokens.push_back(id);
        stats.n_generated++;
        if (options.stop_at_eog && tok.is_eog(id)) {
            stats.stop_reason = StopReason::EndOfGeneration;
            break;
        }
        history.push_back(id);
        emit(stops.push(decoder.push(id)));
        if (stops.stopped()) {
            stats.stop_reason = StopReason::StopString;
            stats.stop_string = stops.matched();
            break;
        }
        if (cancelled) {
            stats.stop_reason = StopReason::Cancelled;
            break;
        }
        if (i + 1 == options.max_tokens) break;  // no need to evaluate the last one
        if (m_tokens.size() >= static_cast<size_t>(n_ctx())) {
            stats.stop_reason = StopReason::ContextFull;
            break;
        }
        const int32_t one[1] = {id};
        TRY(forward(one, LogitsMode::Last, m_logits.data()));
    }
    if (stats.stop_reason != StopReason::StopString && stats.stop_reason != StopReason::Cancelled)
        emit(stops.push(decoder.flush()) + stops.flush());
    if (cancelled) stats.stop_reason = StopReason::Cancelled;
    stats.generate_ms = ms_since(t0);
    return stats;
}

}  // namespace os1::engine
