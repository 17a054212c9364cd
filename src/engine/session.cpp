// Session: the KV cache bookkeeping around the architecture's forward pass.
// Prompts are cut into batches of at most n_batch tokens; each batch is one
// forward() call that appends its keys/values to the cache.
#include "engine/engine.h"
#include "engine/forward.h"
#include "engine/tokenizer.h"

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

}  // namespace os1::engine
