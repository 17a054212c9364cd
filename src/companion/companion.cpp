// One turn: perceive → remember → recall → assemble → respond → remember.
// Prompt assembly lives in prompt.cpp; template replies in plain_reply.cpp.
#include "companion/companion.h"

#include <algorithm>
#include <ctime>
#include <exception>
#include <set>

#include "companion/plain_reply.h"
#include "core/log.h"

namespace os1::companion {

namespace {

std::string trim(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) a++;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) b--;
    return std::string(s.substr(a, b - a));
}

double ms_since(const Clock& clock, int64_t start_ns) { return static_cast<double>(clock.mono_ns() - start_ns) / 1e6; }

}  // namespace

std::string format_day(int64_t wall_ms) {
    std::time_t t = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

Json TurnResult::to_json() const {
    Json j;
    j["reply"] = reply;
    j["emotion"] = emotion.to_json();
    Json mems = Json::array();
    for (const auto& m : memories) {
        mems.push_back({{"text", m.text},
                        {"kind", m.kind},
                        {"time", m.time_ms ? format_iso8601_utc(m.time_ms) : ""},
                        {"score", m.score},
                        {"sources", m.sources}});
    }
    j["memories"] = std::move(mems);
    j["learned"] = learned;
    j["finish"] = std::string(brain::finish_reason_name(finish));
    if (!brain_error.empty()) j["error"] = brain_error;
    j["plain"] = plain;
    j["user_id"] = str("e", user_id);
    j["reply_id"] = reply_id ? str("e", reply_id) : "";
    j["prompt_tokens"] = prompt_tokens;
    j["window_turns"] = window_turns;
    j["evicted"] = evicted;
    j["reused_tokens"] = reused_tokens;
    return j;
}

Companion::Companion(persona::Setup setup, memory::Memory& memory, brain::Brain& brain, Perceiver& perceiver,
                     Clock& clock, CompanionOptions options)
    : m_setup(std::move(setup)), m_memory(memory), m_brain(brain), m_perceiver(perceiver), m_clock(clock),
      m_options(std::move(options)) {
    if (m_options.session.empty()) m_options.session = "chat-" + format_day(m_clock.wall_ms());
}

Result<void> Companion::resume() {
    auto recent = TRY(m_memory.recent_episodes("", m_options.resume_turns));
    m_window.clear();
    m_carried_summary.clear();
    for (const auto& e : recent) {
        if (e.episode.session == "setup") continue;  // the interview is memory, not conversation
        WindowTurn t;
        t.role = e.episode.speaker == "user" ? "user" : "assistant";
        t.text = e.episode.text;
        t.episode_id = e.id;
        t.time_ms = e.episode.time_ms;
        m_window.push_back(std::move(t));
    }
    // Template replies already given: the full "no model" notice is said once per conversation.
    m_plain_turns = 0;
    for (const auto& t : m_window) m_plain_turns += t.role == "assistant";
    return ok();
}

void Companion::replace_setup(persona::Setup setup) {
    m_setup = std::move(setup);
    m_system.clear();
    m_system_tokens = -1;
}

int Companion::count(WindowTurn& t) {
    if (m_message_overhead < 0) {
        std::vector<brain::ChatMessage> probe = {{"user", "x"}};
        m_message_overhead = std::max(0, m_brain.count_prompt_tokens(probe) - m_brain.count_tokens("x"));
    }
    if (t.tokens < 0) t.tokens = m_brain.count_tokens(t.text) + m_message_overhead;
    return t.tokens;
}

int Companion::budget() const {
    int ctx = m_brain.context_tokens();
    if (ctx <= 0) ctx = m_options.default_context;
    int reply = std::min(m_options.reply_tokens, ctx / 4);
    return ctx - reply;
}

std::vector<Recalled> Companion::recall(std::string_view text, int64_t user_id, int64_t now_ms) {
    std::set<int64_t> in_window;
    for (const auto& t : m_window) in_window.insert(t.episode_id);
    memory::SearchOptions options;
    options.now_ms = now_ms;
    auto hits = m_memory.search(std::string(text), m_options.recall_k + 4, options);
    if (!hits) {
        log::warn("recall failed: ", hits.error().message);
        return {};
    }
    std::vector<Recalled> out;
    for (const auto& h : *hits) {
        if (h.kind == memory::HitKind::Episode && h.id == user_id) continue;
        Recalled r;
        r.in_window = h.kind == memory::HitKind::Episode && in_window.count(h.id);
        r.kind = std::string(memory::hit_kind_name(h.kind));
        r.text = h.text;
        r.speaker = h.speaker;
        r.time_ms = h.time_ms;
        r.score = h.score;
        r.sources = h.sources;
        out.push_back(std::move(r));
        if (static_cast<int>(out.size()) >= m_options.recall_k) break;
    }
    return out;
}

Result<int> Companion::evict_oldest(size_t n) {
    n = std::min(n, m_window.size());
    if (n == 0) return 0;
    // Summarise before forgetting: reflect() writes summaries for every
    // message not yet summarised, the ones leaving the window included.
    auto reflected = m_memory.reflect();
    std::string summary;
    if (!reflected) {
        log::warn("could not summarise older conversation: ", reflected.error().message);
    } else if (auto notes = m_memory.summaries(); notes) {
        const memory::Note* best = nullptr;
        std::set<std::string> evicted_ids;
        for (size_t i = 0; i < n; i++) evicted_ids.insert(str("e", m_window[i].episode_id));
        for (const auto& note : *notes) {
            bool covers = false;
            for (const auto& s : note.sources) covers = covers || evicted_ids.count(s);
            if (covers && (!best || note.time_ms >= best->time_ms)) best = &note;
        }
        if (best) summary = best->text;
    }
    if (summary.empty()) {
        // Our own fallback: what the person said, in brief.
        summary = "They said: ";
        for (size_t i = 0; i < n; i++) {
            if (m_window[i].role != "user") continue;
            summary += "\"" + m_window[i].text.substr(0, 80) + "\" ";
        }
    }
    constexpr size_t MAX_CARRIED = 600;
    if (summary.size() > MAX_CARRIED) summary = "..." + summary.substr(summary.size() - MAX_CARRIED);
    m_carried_summary = summary;
    m_window.erase(m_window.begin(), m_window.begin() + static_cast<long>(n));
    return static_cast<int>(n);
}

Result<TurnResult> Companion::turn(std::string_view raw_text, const brain::TokenCallback& on_token,
                                   const brain::CancelFlag* cancel) {
    const int64_t start_ns = m_clock.mono_ns();
    std::string text = trim(raw_text);
    if (text.empty()) return Error::invalid("an empty message; say something first");

    TurnResult out;
    out.emotion = m_perceiver.perceive(text);
    m_last_emotion = out.emotion;
    const int64_t now = m_clock.wall_ms();
    int64_t phase = m_clock.mono_ns();
    out.perceive_ms = ms_since(m_clock, start_ns);
    auto lap = [&](double& into) {
        into = ms_since(m_clock, phase);
        phase = m_clock.mono_ns();
    };

    // Remember first: durable before anything can go wrong further down.
    memory::Episode episode{"user", text, now, m_options.session, "", out.emotion.to_memory()};
    auto added = TRY(m_memory.add_episode(episode));
    out.user_id = added.id;
    for (const auto& f : added.facts) out.learned.push_back(f.text);
    lap(out.remember_ms);

    out.memories = recall(text, added.id, now);
    lap(out.recall_ms);

    size_t evict = 0;
    Prompt prompt = assemble(text, out.memories, out.emotion, &evict);
    if (evict > 0) {
        // Evict in chunks (at least a quarter of the window) so summarising
        // happens now and then, not on every turn.
        evict = std::max(evict, m_window.size() / 4);
        out.evicted = TRY(evict_oldest(evict));
        prompt = assemble(text, out.memories, out.emotion, &evict);
        if (evict > 0) out.evicted += TRY(evict_oldest(evict));
        if (evict > 0) prompt = assemble(text, out.memories, out.emotion, nullptr);
    }
    lap(out.assemble_ms);
    out.prompt_tokens = prompt.tokens;
    out.window_turns = static_cast<int>(m_window.size());
    m_window.push_back({"user", text, added.id, now, -1});

    if (m_brain.available()) {
        brain::ChatRequest request;
        request.messages = std::move(prompt.messages);
        request.max_tokens = m_options.reply_tokens;
        request.temperature = m_options.temperature;
        request.seed = m_options.seed;
        const int64_t brain_start = m_clock.mono_ns();
        Result<brain::ChatResult> result = Error::internal("the brain did not answer");
        auto timed = [&](std::string_view piece) {
            if (out.first_token_ms == 0) out.first_token_ms = ms_since(m_clock, start_ns);
            return on_token ? on_token(piece) : true;
        };
        try {
            result = m_brain.chat(request, timed, cancel);
        } catch (const std::exception& e) {
            result = Error::internal("the language model failed: ", e.what());
        } catch (...) {
            result = Error::internal("the language model failed");
        }
        out.brain_ms = ms_since(m_clock, brain_start);
        if (!result) return result.release_error();  // the person's message is stored already
        out.reply = trim(result->text);
        out.finish = result->finish_reason;
        out.brain_error = result->error;
        out.brain_prompt_ms = result->prompt_ms;
        out.reused_tokens = result->n_reused_tokens;
    } else {
        int index = m_plain_turns++ + (m_options.no_model_notice_given ? 1 : 0);
        PlainContext ctx{m_setup, text, out.emotion, added.facts, out.memories, m_brain.unavailable_reason(), index};
        out.reply = plain_reply(ctx);
        out.plain = true;
        if (on_token) {
            // Stream it in words like a model would, so every front end behaves the same.
            size_t pos = 0;
            while (pos < out.reply.size()) {
                size_t next = out.reply.find(' ', pos + 1);
                if (next == std::string::npos) next = out.reply.size();
                if (!on_token(std::string_view(out.reply).substr(pos, next - pos))) {
                    out.finish = brain::FinishReason::Cancelled;
                    out.reply = out.reply.substr(0, next);
                    break;
                }
                pos = next;
            }
        }
    }

    phase = m_clock.mono_ns();
    if (!out.reply.empty()) {
        const int64_t reply_ms = std::max(m_clock.wall_ms(), now + 1);
        auto stored = TRY(m_memory.add_episode({"os1", out.reply, reply_ms, m_options.session, "", std::nullopt}));
        out.reply_id = stored.id;
        m_window.push_back({"assistant", out.reply, stored.id, reply_ms, -1});
    }
    lap(out.store_reply_ms);
    out.overhead_ms = ms_since(m_clock, start_ns) - out.brain_ms;
    return out;
}

}  // namespace os1::companion
