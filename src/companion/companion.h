// companion::Companion — one turn of conversation, as DESIGN.md "One turn"
// describes it: perceive → remember the message → recall → assemble the
// prompt within the model's budget → stream the reply → remember the reply.
//
//   Companion c(setup, *memory, *brain, *perceiver, SystemClock::instance());
//   TRY(c.resume());                                   // reload recent turns from the store
//   auto turn = TRY(c.turn("My sister Amy moved to Oslo", print_piece, &g_cancel));
//   puts(dump_json(turn.to_json()).c_str());
//
// Invariants:
//  - The person's message is committed to memory (durable) BEFORE the brain
//    is called; a brain that fails, throws or crashes cannot lose it.
//  - The reply (also a partial one the person already saw, when they
//    pressed Ctrl-C) is committed before turn() returns.
//  - The prompt never exceeds the brain's context window minus the reply
//    budget; the newest turns are kept. Turns that must leave the window are
//    summarised into memory first (Memory::reflect), a quarter of the window
//    at a time, and the summary of what left is carried in the context
//    block of the newest message: no silent amnesia.
//  - KV-cache friendly: the system message (persona) is the same every
//    turn and the volatile context (date, mood, summary, memories) rides in
//    the last user message, so turn N+1's prompt starts with turn N's minus
//    its last message until the next eviction (prompt.cpp).
//  - Crisis care runs on every message before any brain (safety.h): when
//    someone may be in danger, the turn carries `safety` (kind, help
//    lines) and the reply gives those lines, whatever the brain.
//  - With the `none` brain the companion still perceives, remembers and
//    recalls, and answers from templates (plain_reply.h), saying plainly
//    that it has no language model and how to get one.
//
// Thread safety: one turn at a time; the cancel flag may be set from a
// signal handler.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brain/brain.h"
#include "companion/perceive.h"
#include "companion/safety.h"
#include "core/clock.h"
#include "core/json.h"
#include "memory/memory.h"
#include "persona/persona.h"

namespace os1::companion {

// A turn that was spoken (the voice conversation, src/voice): the message
// is a transcript, and the reply is heard rather than read, so what is
// stored as said is what the person heard. `heard` is called with the whole
// reply once the brain is done, before it is stored; it returns the part
// that was actually spoken (the voice loop waits there until playback ends
// or the person interrupts) and that part is stored. A reply cut short
// this way finishes as `cancelled`. The reply is stored after it was
// spoken (a crash while she speaks loses the reply, never the message).
struct SpokenTurn {
    double audio_s = 0;      // the person's speech, seconds
    double confidence = 0;   // the recogniser's, 0..1
    std::string recognizer;  // "pocketsphinx", "whisper"
    std::function<std::string(std::string_view reply)> heard;  // null: the whole reply was heard
};

// A memory that was recalled for a turn (shown in --json and /memory).
struct Recalled {
    std::string kind;                  // "fact", "episode", "summary", "profile"
    std::string text;
    int64_t time_ms = 0;
    double score = 0;
    std::vector<std::string> sources;  // message ids it came from
    std::string speaker;               // episodes: "user" or the companion ("os1")
    bool in_window = false;            // an episode already in the recent conversation
    std::string source_text;           // facts: the person's message it came from ("" = unknown)
};

// One message in the conversation window.
struct WindowTurn {
    std::string role;   // "user" or "assistant"
    std::string text;
    int64_t episode_id = 0;
    int64_t time_ms = 0;
    int tokens = -1;    // cached count (-1 = not counted yet)
};

// A front end's limits for one turn (the OpenAI door's max_tokens,
// temperature and stop): they replace the companion's own for what the
// language model generates this turn. Template replies (no model), a
// skill's answer and crisis care are not cut: the help lines always follow.
struct TurnOptions {
    int max_tokens = 0;                // 0 = the companion's reply budget (CompanionOptions::reply_tokens)
    std::optional<float> temperature;  // unset = the companion's
    std::vector<std::string> stop;     // extra stop strings (never part of the reply)
};

struct TurnResult {
    std::string reply;
    Emotion emotion;
    std::vector<Recalled> memories;
    std::vector<std::string> learned;     // facts extracted from the message, as text
    brain::FinishReason finish = brain::FinishReason::Stop;
    std::string brain_error;              // the brain failed after streaming part of the reply
    bool plain = false;                   // answered from templates (no language model)
    int64_t user_id = 0;                  // episode ids in memory
    int64_t reply_id = 0;                 // 0 when nothing was said (cancelled before a word)
    int prompt_tokens = 0;
    int completion_tokens = 0;            // the reply's tokens: as generated (a model), else counted
    int window_turns = 0;                 // conversation turns in the prompt (before this message)
    int evicted = 0;                      // turns that left the window (summarised) this turn
    double overhead_ms = 0;               // everything but the brain's own chat() time
    double brain_ms = 0;
    double first_token_ms = 0;            // from turn() to the first piece shown (0 = none)
    double brain_prompt_ms = 0;           // the brain's own prompt processing time
    int reused_tokens = 0;                // prompt tokens the brain had cached already (local)
    // Where the overhead went (ms): perceive, store the message, recall,
    // assemble (incl. summarising on eviction), store the reply.
    double perceive_ms = 0, remember_ms = 0, recall_ms = 0, assemble_ms = 0, store_reply_ms = 0;
    // After the reply was stored: the brain reading this exchange into its
    // cache without the context block (Brain::read_ahead), so the next turn
    // reads only what is new. Not in overhead_ms (the reply was complete).
    double read_ahead_ms = 0;
    // Crisis care (safety.h): set when the message, or a short answer right
    // after one, may mean the person is in danger. JSON "safety" (absent otherwise).
    std::optional<Safety> safety;
    // A skill answered (skills/desk.h): {"skill","text","data","proposal"}
    // as DeskReply::to_json; JSON "skill" (absent otherwise).
    Json skill;
    // A spoken turn (SpokenTurn): JSON "spoken": {"audio_s", "confidence",
    // "recognizer"} (absent for typed turns).
    std::optional<SpokenTurn> spoken;

    // {"reply", "emotion", "memories":[{"text","kind","time","sources"}], "learned", "finish", ...}
    Json to_json() const;
};

// What the skills said to a message (the desk's reply, companion/skills_desk.h).
struct SkillAnswer {
    std::string text;      // the turn's reply
    Json json;             // for TurnResult::skill
};
// Asks the skills about the person's message (already stored: `message_id`
// "e12"), in conversation `session`. nullopt: not a skill's message.
using AskSkills = std::function<Result<std::optional<SkillAnswer>>(std::string_view text, const std::string& message_id,
                                                                   const std::string& session)>;

struct CompanionOptions {
    std::string session;          // conversation id for new messages ("" = "chat-<date>")
    // This conversation's own id for the skills (a proposal runs only after
    // a yes in the conversation that asked it): "" = "<session>#<random>",
    // new for every Companion, so two terminals open on one day never answer
    // each other's questions while their messages share the day's session.
    std::string conversation;
    int recall_k = 6;             // memories recalled per turn
    int reply_tokens = 256;       // room kept for the reply
    int resume_turns = 40;        // messages reloaded by resume()
    // A fresh process with a local model keeps, of the resumed messages,
    // the ones its saved KV state already holds, or else the newest within
    // this many tokens (each is read again before the first reply).
    int resume_tokens = 150;
    int memory_tokens = 96;       // recalled memories in the context block, at most (tokens)
    int default_context = 4096;   // budget when the brain does not say (none backend)
    float temperature = 0.7f;
    uint64_t seed = 0;
    bool no_model_notice_given = false;  // the front end already said there is no model
    // Saved KV states (brain::kv_state_dir) that /forget deletes, whichever
    // brain is talking now: they may hold the forgotten words. Empty: none.
    std::filesystem::path kv_state_dir;
    // Where the person is, for crisis help lines (safety_region(config));
    // "" = the international default.
    std::string safety_region;

    // The data folder (chat_history, persona.toml) that /forget cleans of
    // forgotten words (forget.h). Empty: none.
    std::filesystem::path data_dir;
    // The owner's skills folder (skills_desk.h) and owner id: /forget takes
    // from the skills' stores what they made of forgotten words. Empty: none.
    std::filesystem::path skills_dir;
    std::string owner = "local";
    // The skills (reminders, calendar, mail, letters), asked after crisis
    // care and before the brain; a message in crisis never reaches them.
    // Their reply is the turn's reply (stored like any). Empty: none.
    AskSkills ask_skills;
};

// The assembled prompt (exposed for tests and the benchmark).
struct Prompt {
    std::vector<brain::ChatMessage> messages;
    int tokens = 0;         // brain.count_prompt_tokens(messages)
    int budget = 0;         // context - reply room
    int turns_kept = 0;     // window turns included
    int memories_kept = 0;  // recalled memories included
};

// The person's words in a user message of an assembled prompt: the content
// without the leading "<context>...</context>" block (unchanged if none).
std::string_view message_text(std::string_view content);

// A fresh conversation id for the skills: "<session>#<12 hex digits>".
std::string new_conversation_id(const std::string& session);

class Companion {
public:
    Companion(persona::Setup setup, memory::Memory& memory, brain::Brain& brain, Perceiver& perceiver,
              Clock& clock, CompanionOptions options = {});

    // Reloads the most recent messages (any session) into the window, so a
    // restarted os1 carries on where it stopped. (Also after a forget: the
    // summary carried from evicted turns is dropped with the old window.)
    Result<void> resume();
    // Reads the stable system message (persona, profile) into the brain
    // ahead of the first turn, so that turn reads only itself: after the
    // first meeting, or while the person reads the greeting. A no-op when
    // the brain already holds it (a restored state) or has no model.
    Result<void> prepare();
    // A new persona/profile (after a forget took interview answers out of
    // it): the system message is chosen again from it.
    void replace_setup(persona::Setup setup);

    // One turn. `on_token` sees the reply as it is made (also the template
    // replies of the none brain). Errors: memory failures (nothing was
    // acknowledged), or the brain failing before its first word (the
    // person's message is stored; the error says what to do).
    // `spoken`: the message was said aloud (the voice loop; see SpokenTurn).
    // `conversation`: the skills' conversation of this turn ("" = the
    // Companion's own, options().conversation); a server gives each of a
    // person's WebSockets its own (new_conversation_id()).
    // `options`: this turn's own limits (TurnOptions), or null.
    Result<TurnResult> turn(std::string_view text, const brain::TokenCallback& on_token,
                            const brain::CancelFlag* cancel = nullptr, const SpokenTurn* spoken = nullptr,
                            const std::string& conversation = {}, const TurnOptions* options = nullptr);

    // Builds the prompt for `text` with these recalled memories and mood,
    // keeping the newest window turns that fit: {system: persona}, the window
    // turns, {user: "<context>\n...\n</context>\n\n" + text}. Turns that do
    // not fit are reported in `evict` (oldest first) and left in the window.
    Prompt assemble(std::string_view text, const std::vector<Recalled>& memories, const Emotion& emotion,
                    size_t* evict = nullptr);

    const std::vector<WindowTurn>& window() const { return m_window; }
    const persona::Setup& setup() const { return m_setup; }
    memory::Memory& memory() { return m_memory; }
    brain::Brain& brain() { return m_brain; }
    const std::string& session() const { return m_options.session; }
    const std::string& conversation() const { return m_options.conversation; }
    const CompanionOptions& options() const { return m_options; }
    const std::string& carried_summary() const { return m_carried_summary; }
    // The last emotion perceived (for /mood).
    const Emotion& last_emotion() const { return m_last_emotion; }

private:
    int count(WindowTurn& t);
    int budget() const;
    const std::string& system_prompt();  // the stable system message, chosen once
    void fit_resumed_window();           // the first prompt of a fresh process (prompt.cpp)
    Result<int> evict_oldest(size_t n);
    std::vector<Recalled> recall(std::string_view text, int64_t user_id, int64_t now_ms);
    std::optional<Safety> check_safety(std::string_view text);  // crisis care, before any brain

    persona::Setup m_setup;
    memory::Memory& m_memory;
    brain::Brain& m_brain;
    Perceiver& m_perceiver;
    Clock& m_clock;
    CompanionOptions m_options;
    std::vector<WindowTurn> m_window;  // oldest first
    std::string m_carried_summary;     // what left the window, summarised
    Emotion m_last_emotion;
    int m_message_overhead = -1;       // chat-template tokens per message (measured once)
    int m_plain_turns = 0;             // template replies given this session
    // Crisis care carries over a few turns of the same conversation (not
    // across restarts): the kind, the rule that fired, turns left.
    struct Care {
        CrisisKind kind = CrisisKind::None;
        std::string rule;
        int turns_left = 0;
    } m_care;
    std::string m_care_guidance;       // the line for the model's context block ("" = none)
    std::string m_system;              // the system message (the same every turn)
    int m_system_tokens = -1;          // its tokens incl. template overhead (-1 = not chosen yet)
    bool m_window_resumed = false;     // resume() filled the window; no prompt made from it yet
};

// "2026-11-24" for a wall time (UTC).
std::string format_day(int64_t wall_ms);

}  // namespace os1::companion
