// Session: the KV cache bookkeeping around the architecture's forward pass,
// and the generation loop. Prompts are cut into batches of at most n_batch
// tokens; each batch is one forward() call that appends its keys/values to
// the cache. generate() reuses the cached prefix, reads the prompt in
// batches, then samples -> streams -> evaluates one token at a time until a
// limit, an end-of-generation token, a stop string or the caller says stop.
// Saving and loading the cache: session_state.cpp.
#include <algorithm>
#include <chrono>

#include "core/clock.h"
#include "core/log.h"
#include "engine/engine.h"
#include "engine/runtime/forward.h"
#include "engine/runtime/model.h"
#include "engine/text/stop_strings.h"
#include "engine/text/tokenizer.h"

namespace os1::engine {

ForwardState::ForwardState(const HParams& hp, int n_ctx_, int n_batch_, int n_threads)
    : n_ctx(n_ctx_),
      n_batch(n_batch_),
      mm(n_threads, n_batch_, std::max({hp.n_embd, hp.n_embd_q(), hp.n_ff})) {
    k_cache.assign(static_cast<size_t>(hp.n_layer) * n_ctx * hp.n_embd_kv(), 0);
    v_cache.assign(static_cast<size_t>(hp.n_layer) * n_ctx * hp.n_embd_kv(), 0);
    const int64_t nb = n_batch, d = std::max(hp.n_embd, hp.n_embd_q());
    const int64_t nf = std::min(nb, static_cast<int64_t>(FFN_CHUNK));
    // Each buffer starts on a cache line (16 floats).
    auto padded = [](int64_t n) { return (n + 15) & ~int64_t(15); };
    const int64_t sizes[] = {nb * hp.n_embd, nb * d, nb * d, nb * hp.n_embd_kv(), nb * hp.n_embd_kv(),
                             nf * hp.n_ff,   nf * hp.n_ff,
                             static_cast<int64_t>(mm.team.size()) * attention_scratch(n_ctx, hp.head_dim),
                             nb * hp.n_rot};
    float** views[] = {&x, &xb, &q, &k, &v, &gate, &up, &scratch, &rope_cs};
    arena_floats = 16;
    for (int64_t n : sizes) arena_floats += padded(n);
    arena.reset(new float[static_cast<size_t>(arena_floats)]);
    float* p = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(arena.get()) + 63) & ~uintptr_t(63));
    for (size_t i = 0; i < std::size(views); i++) {
        *views[i] = p;
        p += padded(sizes[i]);
    }
    att = xb;
    xb2 = q;
}

Session::Session(const Model& model, std::unique_ptr<ForwardState> state)
    : m_model(model), m_state(std::move(state)) {
    m_tokens.reserve(static_cast<size_t>(m_state->n_ctx));
    m_logits.resize(static_cast<size_t>(model.info().n_vocab));
}

Session::~Session() = default;

int Session::n_ctx() const { return m_state->n_ctx; }
int Session::n_threads() const { return m_state->mm.team.size(); }

void Session::truncate(size_t n) {
    // Keys/values past n are simply overwritten by later tokens.
    if (n < m_tokens.size()) m_tokens.resize(n);
}

Result<void> Session::forward(std::span<const int32_t> tokens, LogitsMode mode, float* logits) {
    const int n_vocab = m_model.info().n_vocab;
    for (int32_t id : tokens)
        if (id < 0 || id >= n_vocab)
            return Error::invalid("token id ", id, " is outside the vocabulary (0 .. ", n_vocab - 1, ")");
    const size_t n_past = m_tokens.size();
    if (n_past + tokens.size() > static_cast<size_t>(n_ctx())) {
        if (n_past == 0)
            return Error::out_of_range("the prompt has ", tokens.size(), " tokens but the context holds ", n_ctx(),
                                       " (the model was trained with ", m_model.info().n_ctx_train,
                                       "); shorten the prompt or raise the context size (-c)");
        return Error::out_of_range(n_past, " tokens are in the context and ", tokens.size(), " more do not fit in ",
                                   n_ctx(), "; start a new session, shorten the input or raise the context size (-c)");
    }
    const Architecture& arch = m_model.architecture();
    const size_t n_batch = static_cast<size_t>(m_state->n_batch);
    for (size_t start = 0; start < tokens.size(); start += n_batch) {
        const size_t n = std::min(n_batch, tokens.size() - start);
        const bool last_batch = start + n == tokens.size();
        float* out = nullptr;
        if (logits && mode == LogitsMode::All) out = logits + start * static_cast<size_t>(n_vocab);
        if (logits && mode == LogitsMode::Last && last_batch) out = logits;
        arch.forward(m_model, *m_state, tokens.data() + start, static_cast<int>(n), static_cast<int>(m_tokens.size()),
                     out, mode == LogitsMode::All);
        m_tokens.insert(m_tokens.end(), tokens.begin() + static_cast<ptrdiff_t>(start),
                        tokens.begin() + static_cast<ptrdiff_t>(start + n));
    }
    return ok();
}

Result<std::vector<float>> Session::eval(std::span<const int32_t> tokens, LogitsMode mode) {
    if (tokens.empty()) return Error::invalid("eval() needs at least one token");
    const size_t n_vocab = static_cast<size_t>(m_model.info().n_vocab);
    std::vector<float> logits(mode == LogitsMode::All ? tokens.size() * n_vocab : n_vocab);
    TRY(forward(tokens, mode, logits.data()));
    if (mode == LogitsMode::Last) m_logits = logits;
    else std::copy(logits.end() - static_cast<ptrdiff_t>(n_vocab), logits.end(), m_logits.begin());
    return logits;
}

Result<std::unique_ptr<Session>> Model::new_session(const SessionOptions& options) const {
    int n_ctx = options.n_ctx > 0 ? options.n_ctx : m_options.n_ctx;
    if (n_ctx <= 0) n_ctx = std::min(m_info.n_ctx_train, 4096);
    if (n_ctx > m_info.n_ctx_train)
        log::warn("context of ", n_ctx, " tokens is longer than the ", m_info.n_ctx_train,
                  " the model was trained with; quality may drop past that");
    if (n_ctx > (1 << 20)) return Error::invalid("context of ", n_ctx, " tokens is too large (at most 1048576)");
    // The KV cache: 2 (K and V) x n_layer x n_ctx x n_embd_kv halves.
    const double kv_bytes = 2.0 * m_hparams->n_layer * n_ctx * m_hparams->n_embd_kv() * sizeof(uint16_t);
    if (kv_bytes > 64.0 * (1ull << 30))
        return Error::invalid("a context of ", n_ctx, " tokens needs ", static_cast<int64_t>(kv_bytes / (1 << 20)),
                              " MiB of KV cache; choose a smaller context (-c)");
    int n_threads = options.n_threads > 0 ? options.n_threads : m_options.n_threads;
    int n_batch = options.n_batch > 0 ? options.n_batch : 256;
    n_batch = std::min(n_batch, n_ctx);
    std::unique_ptr<ForwardState> state;
    try {
        state = std::make_unique<ForwardState>(*m_hparams, n_ctx, n_batch, n_threads);
        // Quantized activations for the widest product of a batch.
        std::vector<const Weight*> products{&m_weights->output};
        for (const LayerWeights& L : m_weights->layers)
            for (const Weight* w : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down}) products.push_back(w);
        state->mm.reserve(max_act_bytes(products, n_batch));
    } catch (const std::bad_alloc&) {
        return Error::out_of_range("not enough memory for a context of ", n_ctx, " tokens (",
                                   static_cast<int64_t>(kv_bytes / (1 << 20)), " MiB of KV cache); choose a smaller context (-c)");
    }
    return std::unique_ptr<Session>(new Session(*this, std::move(state)));
}


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
