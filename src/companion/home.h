// The companion's front door: every use case a person has, for one owner,
// behind this one header. Front ends (the os1 CLI today; a web server, a
// voice loop and a scheduler later) are adapters: they parse their input,
// call Home, and render what it returns. They never assemble a use case
// from memory, brain or persona parts themselves.
//
//   auto home = TRY(Home::open({}));                   // the local person
//   TRY(home->wake(flags));                            // brain, persona, perceiver
//   auto turn = TRY(home->say("I start the new job on Monday", on_token, &cancel));
//   auto hits = TRY(home->search({.query = "job", .k = 5}));
//   Json view = hit_json(hits[0]);                      // the JSON views live here too
//
// Opening is cheap: the paths are resolved; memory, config and the brain
// are opened on first use (so `os1 memory list` never loads a model, and
// `os1 mood` never creates a database).
//
// Thread safety: one Home per thread (it owns a Memory and a Brain).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "brain/brain.h"
#include "models/download.h"
#include "companion/companion.h"
#include "companion/forget.h"
#include "companion/owner_files.h"
#include "companion/setup_flow.h"
#include "companion/slash.h"
#include "core/config.h"
#include "core/json.h"
#include "core/paths.h"
#include "core/result.h"
#include "memory/memory.h"
#include "persona/persona.h"
#include "skills/checkins.h"
#include "skills/desk.h"
#include "skills/reminders.h"
#include "skills/scheduler.h"

namespace os1::companion {

struct Session;

// The owner id of the person at this computer. Every memory query of a
// Home is scoped by HomeOptions::owner (memory::MemoryOptions::owner), and
// so are the files outside the database (persona.toml, chat history,
// saved KV states): the local owner's are where os1 always kept them, any
// other owner's under <data>/people/<owner>/ (owner_files.h; such an id
// must be safe as a folder name, or open() fails with Error::invalid).
inline constexpr const char* LOCAL_OWNER = "local";

struct HomeOptions {
    std::string owner = LOCAL_OWNER;
    // The wall clock the skills read (reminders, check-ins); tests set a
    // FakeClock. nullptr = the system's.
    const Clock* clock = nullptr;
};

// ---- memory views (os1 memory, /memory) --------------------------------
struct MemorySearch {
    std::string query;
    int k = 10;
    std::string session;    // "" = every conversation
    bool history = false;   // superseded facts too
    int64_t now_ms = 0;     // reference time for "last week" (0 = now)
};

Json hit_json(const memory::Hit& hit);
Json fact_json(const memory::Fact& fact);
Json episode_json(const memory::StoredEpisode& episode);
Json note_json(const memory::Note& note);

// ---- settings (home_settings.cpp; the web app's settings screen) --------
// The brain a person chose: "none", "local" or "openai" ("" = none chosen:
// the defaults, i.e. the server's --brain or config.toml), and for the local
// brain an installed model by the name models() gives it ("" = the default).
struct BrainChoice {
    std::string brain;
    std::string model;
};
struct BrainSettings {
    BrainChoice chosen;                // as saved
    std::string brain;                 // what the next wake builds: none | local | openai
    std::string model;                 // its model: an installed model's name (local), the server's model (openai)
    std::string problem;               // why that brain cannot be built now ("" = it can; the none brain stands in)
    bool openai_configured = false;    // a server URL is set (--url or brain.url)
    std::vector<std::string> models;   // installed chat models, by name (alias, else file name)
};

// ---- models (os1 models, os1 pull) -------------------------------------
struct InstalledModel {
    std::filesystem::path path;
    uint64_t bytes = 0;
    std::string alias;      // "" when not in the catalog
    std::string arch = "?", weight_type = "?", context = "?";  // shown as text (for_terminal'd)
    std::string checksum = "not recorded";
    bool is_default = false;
};
struct ModelList {
    std::vector<InstalledModel> models;
    std::string chosen;                   // brain.model as configured ("" = not set)
    std::optional<Error> manifest_problem;
};
struct CatalogModel {
    std::string alias, summary;
    bool installed = false;
};
// What `os1 pull WHAT` means: a file on this computer, or a download.
struct PullPlan {
    bool local = false;
    std::string source;          // the path (local) or the URL
    std::string alias;           // the catalog alias, when WHAT was one
    std::string file_name;       // install under this name ("" = the source's)
    std::string expected_sha256;
    bool force = false;
};
struct PullOutcome {
    std::filesystem::path path;
    uint64_t bytes = 0;
    bool already_installed = false;
    bool resumed = false;
    models::Verification verified = models::Verification::None;
    std::string sha256;
    std::string became_default;  // the label, when it became the default model ("" = not)
};
using PullProgress = std::function<void(const models::DownloadProgress&)>;

// ---- mood (os1 mood, /mood) --------------------------------------------
struct MoodReport {
    bool any_conversation = true;  // false: no database yet, nothing to show
    size_t messages = 0;
    std::string chart;             // the terminal chart
    std::string svg;               // when asked for
    // Per day with messages, oldest first: {"date", "valence", "arousal",
    // "label" (the strongest emotion, "neutral" when none), "messages"}.
    Json days = Json::array();
};

class Home {
public:
    static Result<std::unique_ptr<Home>> open(HomeOptions options = {});
    ~Home();
    Home(const Home&) = delete;
    Home& operator=(const Home&) = delete;

    const std::string& owner() const { return m_options.owner; }
    const Paths& paths() const { return m_paths; }  // the installation's (shared by every owner)
    const OwnerFiles& files() const { return m_files; }  // this owner's own

    // ---- a conversation ------------------------------------------------
    // Opens config, memory, the brain, the perceiver and the persona. A
    // brain that cannot be built is an error unless `brain_optional` (the
    // none brain stands in, the reason logged).
    Result<void> wake(const brain::BrainFlags& flags, bool brain_optional = false);
    // Whether wake() has run (setup(), brain() and config() need it).
    bool awake() const { return m_session != nullptr; }
    // After wake():
    const persona::Setup& setup() const;
    brain::Brain& brain();
    const Config& config() const;
    std::filesystem::path persona_file() const;
    // Where a terminal keeps this owner's line history.
    std::filesystem::path chat_history_file() const;

    // The first meeting: the interview (with the previous answers as
    // defaults), then the companion names itself and persona.toml is
    // written. complete_meeting() makes the result the current setup.
    Result<persona::Answers> interview(MeetingIo& io);
    Result<persona::Setup> complete_meeting(const persona::Answers& answers, bool rename);
    // A temporary persona for a conversation without a meeting (scripts).
    void use_temporary_setup();

    struct ConversationOptions {
        int reply_tokens = 256;
        uint64_t seed = 0;
        bool no_model_notice_given = false;
    };
    // Starts the conversation (after wake and a setup): reloads the recent
    // window so a restarted os1 carries on.
    Result<void> start_conversation(const ConversationOptions& options);
    bool window_empty() const;
    // A turn; `on_token` sees the reply as it is made. `spoken`: the
    // message was said aloud and the reply is heard (the voice loop; see
    // SpokenTurn in companion.h).
    // `conversation`: the skills' conversation ("" = this Home's own, one
    // per conversation started); a front end with several windows on one
    // Home (the server's WebSockets) gives each its new_conversation().
    // `options`: this turn's max_tokens, temperature and stop (TurnOptions;
    // the OpenAI door's), or null.
    Result<TurnResult> say(std::string_view text, const brain::TokenCallback& on_token, const brain::CancelFlag* cancel,
                           const SpokenTurn* spoken = nullptr, const std::string& conversation = {},
                           const TurnOptions* options = nullptr);
    // A conversation id of its own for one window (companion.h new_conversation_id).
    std::string new_conversation() const;
    // /help, /memory, /mood, /forget, /model, /quit (slash.h).
    SlashResult slash(std::string_view line);
    // When the conversation ends: saves the brain's working memory.
    void end_conversation();
    // Reads the persona's system message into the model ahead of the first
    // turn and keeps it on disk (once per model and persona); after wake().
    // Starts the conversation when it has not been started.
    Result<void> prepare();

    // ---- memory ---------------------------------------------------------
    // Free-text time ("last week", ISO-8601) as epoch milliseconds.
    Result<int64_t> parse_time(const std::string& text) const;
    Result<std::vector<memory::Hit>> search(const MemorySearch& search);
    Result<std::vector<memory::Fact>> facts(bool history);
    Result<std::vector<memory::StoredEpisode>> recent_messages(const std::string& session, int n);
    Result<std::vector<memory::Note>> notes();  // profile entries, then summaries
    // One record (f12, e34, s5 or a message's own id) as JSON, a message
    // with the facts derived from it. Error::not_found when nothing is.
    Result<Json> show(const std::string& ref);
    Result<ForgetOutcome> forget(const std::string& ref);
    // Corrects a current fact (f12) with the person's words: a new version
    // in its chain, the old one kept in history (memory.h correct_fact).
    // Error::invalid for a message or note (what was said is corrected by
    // saying it again, or forgotten) and for an older version.
    Result<memory::Corrected> correct(const std::string& ref, const std::string& text);
    // "Delete my data": everything of this owner in every store (forget.h
    // forget_everything), after the front end has the person's typed
    // confirmation (FORGET_EVERYTHING_CONFIRMATION). A conversation going
    // on starts over: the brain's state dropped, the window empty, no persona.
    Result<EraseOutcome> forget_everything();
    // The person's complete data, every store (export.h: the layout).
    Result<std::string> export_json();
    // Imports JSON lines; the person's messages get an affect reading at
    // their own time. `on_committed` sees ids once durably stored.
    Result<memory::ImportReport> import_jsonl(const std::filesystem::path& file,
                                              const std::function<void(const std::vector<std::string>&)>& on_committed);
    Result<memory::ReflectResult> reflect();

    // ---- mood -----------------------------------------------------------
    // The last `days` days ending today, grouped by local (or UTC) day.
    Result<MoodReport> mood(int days, bool utc, bool with_svg);

    // ---- settings (home_settings.cpp) ------------------------------------
    // The persona's style as `os1 setup` changes it: answers "style.tone",
    // "style.humour", "style.length" (persona.h's names) merged into
    // persona.toml; nothing else changes. After wake(). Error::invalid for
    // another key or a bad choice (the allowed ones named), or before the
    // first meeting. The next conversation started uses it.
    Result<persona::Setup> change_style(const persona::Answers& style);
    // The person's brain choice, kept where the CLI keeps it: the local
    // owner's in config.toml (brain.backend, brain.model: what `os1 models
    // default` writes), any other owner's in <data>/people/<owner>/config.toml
    // with the same keys.
    Result<BrainChoice> brain_choice();
    // The flags a wake uses for this person: their choice over `defaults`
    // (a server's --brain/--model; the url and key stay the defaults').
    Result<brain::BrainFlags> brain_flags(const brain::BrainFlags& defaults);
    // Checks and saves a choice; the next wake() with brain_flags() uses it.
    // Error::invalid: an unknown brain, a model that is not an installed chat
    // model (by name: never a path), a model for another brain than local,
    // local with no model installed, openai with no server URL.
    Result<BrainChoice> choose_brain(const BrainChoice& choice, const brain::BrainFlags& defaults);
    Result<BrainSettings> brain_settings(const brain::BrainFlags& defaults);

    // ---- models ---------------------------------------------------------
    // config.toml, read once (errors: a damaged file, with its line).
    Result<const Config*> settings();
    Result<ModelList> models();
    // Sets brain.model; returns the value written (the alias as typed, the
    // file name, or the absolute path for a file elsewhere).
    Result<std::string> set_default_model(const std::string& name, std::filesystem::path* resolved = nullptr);
    Result<std::filesystem::path> remove_model(const std::string& name);
    std::vector<CatalogModel> catalog() const;
    // Error::invalid (a usage problem) for an unknown alias or a file URL
    // without an absolute path.
    Result<PullPlan> plan_pull(const std::string& what, const std::string& name, const std::string& sha256,
                               bool force) const;
    Result<PullOutcome> pull(const PullPlan& plan, const PullProgress& progress, brain::CancelFlag* cancel);

    // ---- a raw model (the OpenAI door's installed models) ---------------
    // One completion from an installed model named as models() lists it
    // (its alias, else its file name): no persona, memory, mood or skills;
    // the messages are the whole conversation and nothing is remembered.
    // The model is loaded on first use and kept for the next request (one
    // at a time). Error::not_found names the installed models.
    Result<brain::ChatResult> complete_raw(const std::string& model, const brain::ChatRequest& request,
                                           const brain::TokenCallback& on_token, const brain::CancelFlag* cancel);
    // ---- reminders and check-ins (home_skills.cpp; skills_desk.h) -----------
    // A turn asks the skills first (after crisis care): "remind me to call
    // Rachel on Sunday at 5" is asked back, a yes stores it.
    int64_t now_ms() const;
    // Active reminders, soonest first (all: every status, newest first).
    Result<std::vector<skills::Reminder>> reminders(bool all);
    // Due and not acknowledged, soonest first, each marked delivered;
    // `only_new`: only those no front end was handed yet.
    Result<std::vector<skills::Reminder>> due_reminders(bool only_new = false);
    // os1 remind add: `words` is the request ("call Rachel tomorrow at 9")
    // or, with `when` ("tomorrow at 9"), the task alone. The command is the
    // person's yes (the ledger records it with source "cli").
    Result<skills::Reminder> add_reminder(std::string_view words, std::string_view when);
    // Acknowledged: a one-time reminder is done, a repeating one moves on.
    Result<skills::Reminder> reminder_done(int64_t id);
    Json reminder_view(const skills::Reminder& reminder) const;
    // Hands reminders to `deliver` (on a thread of its own) as they fall due.
    Result<std::unique_ptr<skills::ReminderScheduler>> watch_reminders(skills::ReminderScheduler::Deliver deliver);
    // A check-in to say now, if [checkins] is enabled and a rule finds a
    // reason never used before; recorded as said.
    Result<std::optional<skills::CheckIn>> checkin_due();
    // Every proposal the skills made and what became of it, newest first.
    Result<std::vector<skills::Proposal>> proposals(const skills::LedgerFilter& filter);

    // ---- proposals answered with a front end's buttons (home_proposals.cpp)
    // The web app's forms: a proposal a skill made for the person's own
    // request (Home::propose stores it in conversation FORM_CONVERSATION,
    // waiting); the person's yes or no to one waiting proposal, named by id
    // (a yes runs it as the chat's yes would, once). Third-party text never
    // reaches these: only the person's own request makes a proposal.
    static constexpr const char* FORM_CONVERSATION = "web";
    Result<skills::Proposal> propose(skills::Proposal proposal);
    // Waiting for a yes (any conversation), newest first; expired ones are marked so.
    Result<std::vector<skills::Proposal>> waiting_proposals();
    // Error::not_found for an id of no proposal of this owner, Error::invalid
    // for one not waiting (already answered, expired) or made by a command.
    // `said`: what the companion says about it ("Done: ...").
    Result<skills::Proposal> answer_proposal(int64_t id, bool yes, std::string* said = nullptr);
    // The proposal for "call Rachel on Sunday at 5" (words as the person
    // says them, "remind me to" optional), not yet stored.
    Result<skills::Proposal> reminder_proposal(std::string_view words);
    // Takes a reminder off the list (the person's own command).
    Result<skills::Reminder> cancel_reminder(int64_t id);

private:
    Home(HomeOptions options, Paths paths, OwnerFiles files);
    const Clock& clock() const;
    Result<skills::Desk*> desk();
    Result<skills::Context> skills_context(const std::string& conversation, const std::string& message_id);
    Result<std::optional<SkillAnswer>> ask_skills(std::string_view text, const std::string& message_id,
                                                  const std::string& session);
    Result<memory::Memory*> memory();
    Result<Config*> loaded_config();
    std::filesystem::path own_config_file() const;  // where brain_choice() lives

    HomeOptions m_options;
    Paths m_paths;
    OwnerFiles m_files;
    std::unique_ptr<Session> m_session;       // after wake()
    std::unique_ptr<memory::Memory> m_memory;  // memory use cases without a conversation
    std::optional<Config> m_config;
    std::unique_ptr<Companion> m_companion;   // after start_conversation()
    std::unique_ptr<brain::Brain> m_raw_brain;  // complete_raw()'s model, once loaded
    std::filesystem::path m_raw_model;
    std::unique_ptr<skills::Desk> m_desk;     // on first use (skills_desk.h)
};

// ---- tools that need no owner ----------------------------------------------
// `os1 affect`: the emotion reading of a text, as one JSON line.
class EmotionReader {
public:
    // `model_file` "" = the built-in weights.
    static Result<std::unique_ptr<EmotionReader>> open(const std::string& model_file);
    virtual ~EmotionReader() = default;
    virtual std::string json(std::string_view text) const = 0;
};

// `os1 doctor`: the optional parts and their versions, as (name, value).
std::vector<std::pair<std::string, std::string>> components();
// Crisis help lines: the configured region and whether numbers are listed.
std::string configured_safety_region(const Config& config);
bool safety_region_known(std::string_view region);
// What to do without a language model ("os1 pull ..."), for a reason.
std::string advice_without_model(std::string_view reason);
// Hides --api-key values from ps (brain.h); returns argc.
int hide_secret_args(int argc, char** argv);

}  // namespace os1::companion
