// The local brain: the in-process engine on a GGUF file. One Model and one
// Session live as long as the brain; the session's KV cache is reused
// across turns (the engine keeps the common prefix of successive prompts)
// and, with a state_dir, across runs: <state_dir>/<model fingerprint>.kv is
// restored when the brain is made and written by save_state().
//
// The system message (persona and profile) also gets a state of its own,
// <fingerprint>-<hash of its tokens>.prefix.kv, written after the first
// reply that used it and loaded whenever the cache does not already start
// with it: a new conversation, another window, a state lost to a forget or
// to another model all start from it rather than reading the persona again.
#include "brain/backends.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <span>

#include "core/clock.h"
#include "core/log.h"
#include "engine/engine.h"

namespace os1::brain {

namespace {

using Clock = std::chrono::steady_clock;

// Breaks control-token spellings ("<|im_end|>", "</s>") inside message text
// with a zero-width space, so words from the person, a mail or a memory
// are read as text and can never close a turn or open a system message.
std::string defuse(std::string text, const std::vector<std::string>& controls) {
    for (const auto& c : controls) {
        size_t pos = 0;
        while ((pos = text.find(c, pos)) != std::string::npos) {
            text.insert(pos + 1, "\u200B");
            pos += c.size() + 3;
        }
    }
    return text;
}

class LocalBrain final : public Brain {
public:
    LocalBrain(BrainConfig config, std::unique_ptr<engine::Model> model, std::unique_ptr<engine::Session> session,
               std::optional<engine::ChatTemplate> tmpl, std::string notice)
        : m_config(std::move(config)), m_model(std::move(model)), m_session(std::move(session)),
          m_template(std::move(tmpl)), m_notice(std::move(notice)) {
        const auto& tok = m_model->tokenizer();
        for (int32_t id = 0; id < tok.n_vocab(); id++) {
            if (!tok.is_control(id)) continue;
            const std::string& t = tok.token_text(id);
            if (t.size() >= 3) m_controls.push_back(t);
        }
    }

    Backend backend() const override { return Backend::Local; }
    std::string describe() const override {
        const auto& info = m_model->info();
        return str("local ", info.name, " (", info.architecture, " ", info.type_summary, ", ", context_tokens(),
                   " ctx, ", m_template ? m_template->name() : std::string("plain transcript"), ") ",
                   m_config.model_path.filename().string());
    }
    std::string notice() const override { return m_notice; }
    int context_tokens() const override { return m_session->n_ctx(); }
    int count_tokens(std::string_view text) const override {
        return static_cast<int>(m_model->tokenizer().encode(text, false, false).size());
    }
    bool counts_exactly() const override { return true; }
    int count_prompt_tokens(const std::vector<ChatMessage>& messages) const override {
        return static_cast<int>(encode_prompt(messages).size());
    }

    Result<ChatResult> chat(const ChatRequest& request, const TokenCallback& on_token, const CancelFlag* cancel) override;

    Result<void> save_state() override;
    int restored_tokens() const override { return m_restored; }
    void forget_state() override;
    bool holds_prefix(const std::vector<ChatMessage>& messages) const override {
        if (messages.empty()) return false;
        auto want = encode(messages, /*generation=*/false);
        const auto& have = m_session->tokens();
        return !want.empty() && have.size() >= want.size() && std::equal(want.begin(), want.end(), have.begin());
    }
    Result<void> read_ahead(const std::vector<ChatMessage>& conversation, const CancelFlag* cancel) override;
    // Restores the saved state when there is a usable one; never fails.
    void restore_state();

private:
    // `generation`: end with the assistant's opening (a prompt), or not (a
    // conversation's start, which later prompts begin with).
    std::string render(const std::vector<ChatMessage>& messages, bool generation = true) const;
    std::vector<int32_t> encode(const std::vector<ChatMessage>& messages, bool generation) const {
        const auto& tok = m_model->tokenizer();
        // Specials are parsed only in template framing; message text was defused.
        return tok.encode(render(messages, generation), tok.add_bos_default(), /*parse_special=*/m_template.has_value());
    }
    std::vector<int32_t> encode_prompt(const std::vector<ChatMessage>& messages) const { return encode(messages, true); }
    // The system message's state: loaded before a prompt the cache does not
    // start with, saved after the first reply that read it.
    void load_prefix_state(const std::vector<ChatMessage>& messages, const std::vector<int32_t>& prompt);
    void save_prefix_state();

    BrainConfig m_config;
    std::unique_ptr<engine::Model> m_model;
    std::unique_ptr<engine::Session> m_session;
    std::optional<engine::ChatTemplate> m_template;
    std::string m_notice;
    std::vector<std::string> m_controls;
    std::filesystem::path m_state_file;  // empty: states are not kept
    std::string m_fingerprint;           // hex, the start of every state file name of this model
    std::string m_prefix_text;           // the system message m_prefix was made from
    std::vector<int32_t> m_prefix;       // its tokens, when prompts start with them
    std::filesystem::path m_prefix_file;
    std::string m_forget_mark;           // forget_mark(state_dir) when this conversation began
    int m_restored = 0;
};

void LocalBrain::restore_state() {
    if (m_config.state_dir.empty()) return;
    m_forget_mark = forget_mark(m_config.state_dir);
    char fingerprint[24];
    std::snprintf(fingerprint, sizeof fingerprint, "%016" PRIx64, engine::model_fingerprint(*m_model));
    m_fingerprint = fingerprint;
    m_state_file = m_config.state_dir / (m_fingerprint + ".kv");
    std::error_code ec;
    if (!std::filesystem::exists(m_state_file, ec)) return;
    auto t0 = Clock::now();
    if (auto r = m_session->load_state(m_state_file); !r) {
        log::warn("not restoring the saved conversation state (it will be recomputed): ", r.error().message);
        return;
    }
    m_restored = static_cast<int>(m_session->tokens().size());
    log::info("restored ", m_restored, " tokens of conversation state from ", m_state_file.string(), " in ",
              ms_since(t0), " ms");
}

Result<void> LocalBrain::save_state() {
    if (m_state_file.empty() || m_session->tokens().empty()) return ok();
    if (forget_mark(m_config.state_dir) != m_forget_mark) {
        log::info("a memory was forgotten in another window since this conversation began: its state is not saved");
        return ok();
    }
    TRY(m_session->save_state(m_state_file));
    // States are kept for the model in use only (its conversation and its
    // system message). Others would only take space.
    std::error_code ec;
    for (std::filesystem::directory_iterator it(m_config.state_dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".kv" && !it->path().filename().string().starts_with(m_fingerprint))
            std::filesystem::remove(it->path(), ec);
    return ok();
}

void LocalBrain::load_prefix_state(const std::vector<ChatMessage>& messages, const std::vector<int32_t>& prompt) {
    if (m_state_file.empty() || messages.empty() || messages.front().role != "system") return;
    if (messages.front().content != m_prefix_text || m_prefix_file.empty()) {
        m_prefix_text = messages.front().content;
        m_prefix = encode({messages.front()}, /*generation=*/false);
        m_prefix_file.clear();
        // Only a true prefix of the prompt (a template may fold the system
        // message into the first turn), and shorter than it: generate()
        // reads the prompt's last token again.
        if (m_prefix.size() >= prompt.size() || !std::equal(m_prefix.begin(), m_prefix.end(), prompt.begin())) {
            m_prefix.clear();
            return;
        }
        uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the token ids
        for (int32_t id : m_prefix)
            for (int b = 0; b < 4; b++) h = (h ^ ((static_cast<uint32_t>(id) >> (8 * b)) & 0xff)) * 0x100000001b3ULL;
        char name[64];
        std::snprintf(name, sizeof name, "-%016" PRIx64 ".prefix.kv", h);
        m_prefix_file = m_config.state_dir / (m_fingerprint + name);
    }
    if (m_prefix.empty()) return;
    const auto& have = m_session->tokens();
    if (have.size() >= m_prefix.size() && std::equal(m_prefix.begin(), m_prefix.end(), have.begin())) return;
    std::error_code ec;
    if (!std::filesystem::exists(m_prefix_file, ec)) return;
    auto t0 = Clock::now();
    if (auto r = m_session->load_state(m_prefix_file); !r) {
        log::warn("not using the saved persona state (it will be recomputed): ", r.error().message);
        return;
    }
    if (m_session->tokens() != m_prefix) {  // a hash collision, or a file from elsewhere
        m_session->reset();
        return;
    }
    log::info("started from the saved persona state (", m_prefix.size(), " tokens) in ", ms_since(t0), " ms");
}

void LocalBrain::save_prefix_state() {
    if (m_prefix_file.empty()) return;
    std::error_code ec;
    if (std::filesystem::exists(m_prefix_file, ec)) return;
    const auto& have = m_session->tokens();
    if (have.size() < m_prefix.size() || !std::equal(m_prefix.begin(), m_prefix.end(), have.begin())) return;
    if (forget_mark(m_config.state_dir) != m_forget_mark) return;  // a forget elsewhere: keep nothing
    if (auto r = m_session->save_state(m_prefix_file, m_prefix.size()); !r) {
        log::warn("could not save the persona state: ", r.error().message);
        return;
    }
    // One system message per model is kept: the persona in use.
    const std::string mine = m_prefix_file.filename().string();
    for (std::filesystem::directory_iterator it(m_config.state_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name != mine && name.starts_with(m_fingerprint) && name.ends_with(".prefix.kv"))
            std::filesystem::remove(it->path(), ec);
    }
}

// After a reply the cache holds the prompt (with its context block) and
// the reply; the next prompt starts with the conversation without that
// block. Reading it now, while the person reads the reply, leaves the next
// turn only the new context block and message to read.
Result<void> LocalBrain::read_ahead(const std::vector<ChatMessage>& conversation, const CancelFlag* cancel) {
    if (conversation.empty()) return ok();
    auto t0 = Clock::now();
    const auto want = encode(conversation, /*generation=*/false);
    if (static_cast<int>(want.size()) >= context_tokens()) return ok();  // no prompt could start with it
    if (conversation.size() == 1) {
        // The system message alone (Companion::prepare): only when prompts
        // start with it (some templates fold it into the first user turn).
        auto probe = conversation;
        probe.push_back({"user", "hello"});
        const auto prompt = encode_prompt(probe);
        if (prompt.size() <= want.size() || !std::equal(want.begin(), want.end(), prompt.begin())) return ok();
    }
    const auto& have = m_session->tokens();
    size_t keep = 0;
    while (keep < have.size() && keep < want.size() && have[keep] == want[keep]) keep++;
    if (keep == want.size()) return ok();
    m_session->truncate(keep);
    constexpr size_t STEP = 128;  // a cancel is seen between steps
    const std::span<const int32_t> rest = std::span<const int32_t>(want).subspan(keep);
    for (size_t at = 0; at < rest.size(); at += STEP) {
        if (cancel && cancel->load(std::memory_order_relaxed)) break;
        TRY(m_session->eval(rest.subspan(at, std::min(STEP, rest.size() - at))));
    }
    log::info("read ahead ", m_session->tokens().size() - keep, " tokens of the conversation (", keep, " kept) in ",
              ms_since(t0), " ms");
    return ok();
}

void LocalBrain::forget_state() {
    m_session->reset();
    m_restored = 0;
    if (m_config.state_dir.empty()) return;
    if (auto r = forget_saved_states(m_config.state_dir); !r) log::warn(r.error().message);
    m_forget_mark = forget_mark(m_config.state_dir);  // our own forget: what follows may be kept
}

std::string LocalBrain::render(const std::vector<ChatMessage>& messages, bool generation) const {
    if (m_template) {
        std::vector<engine::ChatMessage> msgs;
        msgs.reserve(messages.size());
        for (const auto& m : messages) msgs.push_back({m.role, defuse(m.content, m_controls)});
        return m_template->render(msgs, /*add_generation_prompt=*/generation);
    }
    // A model trained on plain text: a transcript it can continue.
    std::string out;
    for (const auto& m : messages) {
        if (m.role == "system") out += m.content + "\n\n";
        else if (m.role == "assistant") out += "Assistant: " + m.content + "\n";
        else out += "User: " + m.content + "\n";
    }
    if (generation) out += "Assistant:";
    return out;
}

Result<ChatResult> LocalBrain::chat(const ChatRequest& request, const TokenCallback& on_token, const CancelFlag* cancel) {
    auto t0 = Clock::now();
    ChatResult result;
    auto prompt = encode_prompt(request.messages);
    result.n_prompt_tokens = static_cast<int>(prompt.size());
    if (static_cast<int>(prompt.size()) >= context_tokens())
        return Error::out_of_range("the prompt is ", prompt.size(), " tokens but the model's context holds ",
                                   context_tokens(), "; shorten the conversation");

    engine::GenerateOptions options;
    options.max_tokens = request.max_tokens;
    options.sampling.temperature = request.temperature;
    options.sampling.top_p = request.top_p;
    options.sampling.seed = request.seed == 0 ? engine::SEED_RANDOM : request.seed;
    if (m_template) options.stop = m_template->stop_strings();
    else options.stop = {"\nUser:", "\nAssistant:"};
    for (const auto& s : request.stop) options.stop.push_back(s);
    options.cancel = cancel;  // seen between prompt batches and before every token

    bool cancelled = false;
    int n_pieces = 0;
    auto piece = [&](std::string_view text) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            cancelled = true;
            return false;
        }
        if (text.empty()) return true;
        if (n_pieces++ == 0) result.first_token_ms = ms_since(t0);
        // The plain transcript begins "Assistant:" — drop the space the model writes after it.
        if (!m_template && result.text.empty()) {
            while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
            if (text.empty()) return true;
        }
        result.text += text;
        if (!on_token(text)) {
            cancelled = true;
            return false;
        }
        return true;
    };
    if (cancel && cancel->load()) {
        result.finish_reason = FinishReason::Cancelled;
        return result;
    }
    load_prefix_state(request.messages, prompt);
    auto stats = m_session->generate(prompt, options, piece);
    result.total_ms = ms_since(t0);
    if (stats) save_prefix_state();
    if (!stats) {
        if (n_pieces == 0) return stats.release_error();
        result.finish_reason = FinishReason::Error;
        result.error = stats.error().message;
        return result;
    }
    result.prompt_ms = stats->prompt_ms;
    result.n_generated = stats->n_generated;
    result.n_reused_tokens = stats->n_reused_tokens;
    using engine::StopReason;
    switch (stats->stop_reason) {
        case StopReason::MaxTokens:
        case StopReason::ContextFull: result.finish_reason = FinishReason::Length; break;
        case StopReason::EndOfGeneration:
        case StopReason::StopString: result.finish_reason = FinishReason::Stop; break;
        case StopReason::Cancelled: result.finish_reason = FinishReason::Cancelled; break;
    }
    if (cancelled) result.finish_reason = FinishReason::Cancelled;
    return result;
}

}  // namespace

Result<std::unique_ptr<Brain>> make_local_brain(const BrainConfig& config) {
    if (config.model_path.empty())
        return Error::not_found("no model file given; run 'os1 pull qwen2.5-0.5b' or pass --model PATH");
    engine::ModelOptions mo;
    mo.n_ctx = config.n_ctx;
    mo.n_threads = config.threads;
    auto model = engine::Model::load(config.model_path, mo);
    if (!model) return model.error().context(str("cannot load model ", config.model_path.string()));
    auto session = TRY((*model)->new_session());

    std::optional<engine::ChatTemplate> tmpl;
    std::string notice;
    if (!config.chat_template.empty()) {
        tmpl = TRY(engine::ChatTemplate::by_name(config.chat_template));
    } else if ((*model)->chat_template()) {
        tmpl = (*model)->chat_template();
    } else {
        bool declared = (*model)->gguf().find("tokenizer.chat_template") != nullptr;
        notice = declared ? "this model's chat template is not one os1 knows; using a plain 'User:/Assistant:' "
                            "transcript (set brain.chat_template to chatml, llama3, ... to choose one)"
                          : str(config.model_path.filename().string(),
                                " is not a chat model (it has no chat template), so its replies will not make "
                                "much sense; for a companion that talks, run 'os1 pull qwen2.5-0.5b' (or set "
                                "brain.chat_template if you know it is a chat model)");
    }
    auto brain = std::make_unique<LocalBrain>(config, model.release_value(), std::move(session), std::move(tmpl),
                                              std::move(notice));
    brain->restore_state();
    return std::unique_ptr<Brain>(std::move(brain));
}

}  // namespace os1::brain
