// One turn: perceive → remember → recall → assemble → respond → remember.
// Prompt assembly lives in prompt.cpp; template replies in plain_reply.cpp.
#include "companion/companion.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <exception>
#include <random>
#include <set>

#include "companion/plain_intent.h"
#include "companion/plain_match.h"
#include "companion/plain_reply.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/text.h"

namespace os1::companion {

namespace {

// How many of the person's next messages stay in crisis care.
constexpr int CARE_TURNS = 3;

// Streams a reply in words like a model would, so every front end behaves
// the same. False when the person stopped it (`reply` is cut there).
bool stream_words(std::string& reply, size_t from, const brain::TokenCallback& on_token) {
    if (!on_token) return true;
    size_t pos = from;
    while (pos < reply.size()) {
        size_t next = reply.find(' ', pos + 1);
        if (next == std::string::npos) next = reply.size();
        if (!on_token(std::string_view(reply).substr(pos, next - pos))) {
            reply = reply.substr(0, next);
            return false;
        }
        pos = next;
    }
    return true;
}

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
    j["first_token_ms"] = first_token_ms;  // turn() to the first piece (0 = none)
    if (safety) j["safety"] = safety->to_json();
    if (!skill.is_null()) j["skill"] = skill;
    if (spoken)
        j["spoken"] = {{"audio_s", spoken->audio_s}, {"confidence", spoken->confidence}, {"recognizer", spoken->recognizer}};
    return j;
}

Companion::Companion(persona::Setup setup, memory::Memory& memory, brain::Brain& brain, Perceiver& perceiver,
                     Clock& clock, CompanionOptions options)
    : m_setup(std::move(setup)), m_memory(memory), m_brain(brain), m_perceiver(perceiver), m_clock(clock),
      m_options(std::move(options)) {
    if (m_options.session.empty()) m_options.session = "chat-" + format_day(m_clock.wall_ms());
    if (m_options.conversation.empty()) m_options.conversation = new_conversation_id(m_options.session);
}

std::string new_conversation_id(const std::string& session) {
    std::random_device random;
    const uint64_t n = (static_cast<uint64_t>(random()) << 32 | random()) & 0xffffffffffffULL;
    char hex[16];
    std::snprintf(hex, sizeof hex, "%012llx", static_cast<unsigned long long>(n));
    return session + "#" + hex;
}

Result<void> Companion::prepare() {
    if (!m_brain.available()) return ok();
    return m_brain.read_ahead({brain::ChatMessage{"system", system_prompt()}}, nullptr);
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
    m_window_resumed = true;
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

// Recall hygiene: what comes back is memory, not an echo of the talk. The
// companion's own words only when the person asks what it said; the
// person's questions and small talk never (they say nothing about anyone);
// nothing already in the conversation window (it is in the prompt as it is).
std::vector<Recalled> Companion::recall(std::string_view text, int64_t user_id, int64_t now_ms) {
    std::set<int64_t> in_window;
    for (const auto& t : m_window) in_window.insert(t.episode_id);
    const bool asked_what_i_said = asks_what_i_said(text);
    const auto& own = memory::MemoryOptions{}.assistant_speakers;
    memory::SearchOptions options;
    options.now_ms = now_ms;
    // For a question, three searches, merged in this order: a few facts for
    // the key words alone (with stems and synonyms: they find the memory
    // behind a question better than its every word, and the talk around it
    // cannot crowd facts out), everything for the key words, everything for
    // the message as written; for anything else the last one only. More
    // than needed: hygiene drops some.
    const int k = m_options.recall_k * 2 + 8;
    std::vector<memory::Hit> hits;
    std::set<std::pair<int, int64_t>> seen;
    auto add = [&](const std::string& query, int n, const memory::SearchOptions& o) {
        auto found = m_memory.search(query, n, o);
        if (!found) {
            log::warn("recall failed: ", found.error().message);
            return;
        }
        for (auto& h : *found)
            if (seen.insert({static_cast<int>(h.kind), h.id}).second) hits.push_back(std::move(h));
    };
    const Intent intent = read_intent(text).intent;
    const bool asks = intent == Intent::MemoryQuestion || asked_what_i_said || is_question(text);
    if (std::string focused = asks ? focused_query(text) : ""; !focused.empty()) {
        memory::SearchOptions facts_only = options;
        facts_only.episodes = facts_only.summaries = false;
        add(focused, std::max(1, m_options.recall_k / 2), facts_only);
        add(focused, 2 * k, options);
    }
    add(std::string(text), k, options);
    std::vector<Recalled> out;
    for (const auto& h : hits) {
        const bool episode = h.kind == memory::HitKind::Episode;
        if (episode && h.id == user_id) continue;
        const bool mine = episode && std::find(own.begin(), own.end(), h.speaker) != own.end();
        if (mine && !asked_what_i_said) continue;
        if (episode && !mine && (in_window.count(h.id) || !worth_recalling(h.text))) continue;
        Recalled r;
        r.in_window = episode && in_window.count(h.id);
        r.kind = std::string(memory::hit_kind_name(h.kind));
        r.text = h.text;
        r.speaker = h.speaker;
        r.time_ms = h.time_ms;
        r.score = h.score;
        r.sources = h.sources;
        if (h.kind == memory::HitKind::Fact && !h.sources.empty() && h.sources[0].starts_with("e")) {
            // The message a fact came from, for answers that quote it ("you told me on May 8: ...").
            int64_t id = std::strtoll(h.sources[0].c_str() + 1, nullptr, 10);
            if (auto said = m_memory.episode(id); said && *said && (*said)->episode.speaker == "user")
                r.source_text = (*said)->episode.text;
        }
        out.push_back(std::move(r));
        if (static_cast<int>(out.size()) >= m_options.recall_k) break;
    }
    return out;
}

// Crisis care comes first, on every message: a crisis now, or a short
// answer ("yeah", "I don't know") in the turns right after one. While
// care goes on, a model brain is guided by one line in the context block.
std::optional<Safety> Companion::check_safety(std::string_view text) {
    const CrisisSignal signal = detect_crisis(text);
    std::optional<Safety> out;
    if (signal) {
        m_care = {signal.kind, signal.rule, CARE_TURNS};
        out = Safety{signal.kind, false, signal.rule, m_options.safety_region,
                     help_lines(signal.kind, m_options.safety_region)};
        m_care_guidance = crisis_guidance(signal.kind, false);
        return out;
    }
    m_care_guidance.clear();
    if (m_care.turns_left <= 0) return out;
    m_care.turns_left--;
    m_care_guidance = crisis_guidance(m_care.kind, true);
    if (says_safe(text) || is_vague_reply(text)) {
        out = Safety{m_care.kind, true, m_care.rule, m_options.safety_region,
                     help_lines(m_care.kind, m_options.safety_region)};
        if (says_safe(text)) m_care.turns_left = 0;
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
                                   const brain::CancelFlag* cancel, const SpokenTurn* spoken,
                                   const std::string& conversation, const TurnOptions* options) {
    const int64_t start_ns = m_clock.mono_ns();
    std::string text = trim(raw_text);
    if (text.empty()) return Error::invalid("an empty message; say something first");

    TurnResult out;
    if (spoken) {
        out.spoken = *spoken;
        out.spoken->heard = nullptr;
    }
    out.emotion = m_perceiver.perceive(text);
    m_last_emotion = out.emotion;
    const int64_t now = m_clock.wall_ms();
    int64_t phase = m_clock.mono_ns();
    out.safety = check_safety(text);
    out.perceive_ms = ms_since(m_clock, start_ns);
    auto lap = [&](double& into) {
        into = ms_since(m_clock, phase);
        phase = m_clock.mono_ns();
    };

    // Remember first: durable before anything can go wrong further down.
    memory::Episode episode{"user", text, now, m_options.session, "", out.emotion.to_memory()};
    episode.learn = !out.safety;  // said in crisis: stored, not learned from
    auto added = TRY(m_memory.add_episode(episode));
    out.user_id = added.id;
    for (const auto& f : added.facts) out.learned.push_back(f.text);
    lap(out.remember_ms);

    // The skills come after crisis care and before the brain: a request
    // they recognise ("remind me to ...", a yes to their question) is
    // answered by them. Their failure is logged and the brain answers.
    if (!out.safety && m_options.ask_skills) {
        auto answered = m_options.ask_skills(text, str("e", added.id), conversation.empty() ? m_options.conversation : conversation);
        if (!answered) log::warn("the skills could not answer: ", answered.error().message);
        if (answered && *answered) {
            out.reply = (*answered)->text;
            out.skill = std::move((*answered)->json);
            out.window_turns = static_cast<int>(m_window.size());
            m_window.push_back({"user", text, added.id, now, -1});
            if (!stream_words(out.reply, 0, on_token)) out.finish = brain::FinishReason::Cancelled;
            phase = m_clock.mono_ns();
            const int64_t reply_ms = std::max(m_clock.wall_ms(), now + 1);
            auto stored = TRY(m_memory.add_episode({"os1", out.reply, reply_ms, m_options.session, "", std::nullopt}));
            out.reply_id = stored.id;
            m_window.push_back({"assistant", out.reply, stored.id, reply_ms, -1});
            lap(out.store_reply_ms);
            out.completion_tokens = m_brain.count_tokens(out.reply);
            out.overhead_ms = ms_since(m_clock, start_ns);
            return out;
        }
    }

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

    // The conversation as the next prompt will begin: this prompt without
    // the context block, then the reply (filled in once it is final).
    std::vector<brain::ChatMessage> next_start;
    int generated = -1;  // the model's own count of the reply's tokens (-1: no model made it)
    if (m_brain.available()) {
        brain::ChatRequest request;
        request.messages = std::move(prompt.messages);
        next_start.assign(request.messages.begin(), request.messages.end() - 1);
        next_start.push_back({"user", std::string(text)});
        request.max_tokens = m_options.reply_tokens;
        request.temperature = m_options.temperature;
        request.seed = m_options.seed;
        if (options) {  // this turn's own limits (the OpenAI door's max_tokens, temperature, stop)
            if (options->max_tokens > 0) request.max_tokens = options->max_tokens;
            if (options->temperature) request.temperature = *options->temperature;
            request.stop = options->stop;
        }
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
        if (result) {
            out.reply = repair_utf8(trim(result->text));  // model output enters as valid UTF-8 (core/text.h)
            out.finish = result->finish_reason;
            out.brain_error = repair_utf8(result->error);
            out.brain_prompt_ms = result->prompt_ms;
            out.reused_tokens = result->n_reused_tokens;
            generated = result->n_generated;
        } else if (!out.safety) {
            return result.release_error();  // the person's message is stored already
        }
        if (out.safety && (!result || out.reply.empty())) {
            // The model failed someone in crisis: the care reply stands in.
            if (!result) out.brain_error = result.error().message;
            out.reply = out.safety->follow_up ? follow_up_reply(*out.safety, text)
                                              : care_reply(*out.safety, m_setup.profile.name);
            out.plain = true;
            generated = -1;
            if (!stream_words(out.reply, 0, timed)) out.finish = brain::FinishReason::Cancelled;
        } else if (out.safety && !out.safety->follow_up) {
            // The model is never the only safeguard: the help lines follow its words.
            const size_t from = out.reply.size();
            out.reply += "\n\n" + resources_text(*out.safety);
            generated += m_brain.count_tokens(std::string_view(out.reply).substr(from));
            stream_words(out.reply, from, timed);
        }
    } else if (out.safety) {
        // No model: the care reply replaces the template reply entirely.
        out.reply = out.safety->follow_up ? follow_up_reply(*out.safety, text)
                                          : care_reply(*out.safety, m_setup.profile.name);
        out.plain = true;
        if (!stream_words(out.reply, 0, on_token)) out.finish = brain::FinishReason::Cancelled;
    } else {
        int index = m_plain_turns++ + (m_options.no_model_notice_given ? 1 : 0);
        PlainContext ctx{m_setup, text, out.emotion, added.facts, out.memories, m_brain.unavailable_reason(), index, now,
                         &m_window};
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

    if (spoken && spoken->heard) {
        // Spoken: what is stored as said is what the person heard (a barge-in cuts it).
        std::string heard = repair_utf8(trim(spoken->heard(out.reply)));
        if (heard != out.reply) {
            out.reply = std::move(heard);
            out.finish = brain::FinishReason::Cancelled;
            generated = -1;
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
    out.completion_tokens = generated >= 0 ? generated : out.reply.empty() ? 0 : m_brain.count_tokens(out.reply);
    out.overhead_ms = ms_since(m_clock, start_ns) - out.brain_ms;
    if (!next_start.empty() && out.finish != brain::FinishReason::Cancelled && !(cancel && cancel->load())) {
        if (!out.reply.empty()) next_start.push_back({"assistant", out.reply});  // as the window holds it
        try {  // only a cost when it fails: the next prompt reads it
            if (auto r = m_brain.read_ahead(next_start, cancel); !r)
                log::warn("could not read the conversation ahead: ", r.error().message);
        } catch (...) {
            log::warn("could not read the conversation ahead: the language model failed");
        }
        lap(out.read_ahead_ms);
    }
    return out;
}

}  // namespace os1::companion
