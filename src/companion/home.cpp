// Home: opening for one owner, and the conversation use cases (the first
// meeting, a turn, slash commands, the end of a conversation). The memory,
// mood and model use cases are in home_memory.cpp and home_models.cpp.
#include "companion/home.h"

#include "companion/plain_reply.h"
#include "companion/safety.h"
#include "companion/session_internal.h"
#include "companion/skills_desk.h"
#include "core/clock.h"

namespace os1::companion {

Home::Home(HomeOptions options, Paths paths, OwnerFiles files)
    : m_options(std::move(options)), m_paths(std::move(paths)), m_files(std::move(files)) {}

Home::~Home() = default;

Result<std::unique_ptr<Home>> Home::open(HomeOptions options) {
    auto paths = TRY(Paths::resolve());
    auto files = TRY(owner_files(paths, options.owner));  // checks the owner id
    return std::unique_ptr<Home>(new Home(std::move(options), std::move(paths), std::move(files)));
}

Result<memory::Memory*> Home::memory() {
    if (m_session) return m_session->memory.get();
    if (!m_memory) {
        memory::MemoryOptions options;
        options.owner = m_options.owner;
        m_memory = TRY(memory::Memory::open(m_paths, options));
    }
    return m_memory.get();
}

Result<Config*> Home::loaded_config() {
    if (m_session) return &m_session->config;
    if (!m_config) m_config = TRY(Config::load(m_paths.config_file));
    return &*m_config;
}

Result<void> Home::wake(const brain::BrainFlags& flags, bool brain_optional) {
    m_memory.reset();  // the session opens its own
    m_session = std::make_unique<Session>(TRY(open_session(flags, brain_optional, m_options.owner)));
    m_paths = m_session->paths;
    m_files = m_session->files;
    return {};
}

const persona::Setup& Home::setup() const { return m_session->setup; }
brain::Brain& Home::brain() { return *m_session->brain; }
const Config& Home::config() const { return m_session->config; }
std::filesystem::path Home::persona_file() const { return m_files.persona_file(); }
std::filesystem::path Home::chat_history_file() const { return m_files.chat_history_file(); }

Result<persona::Answers> Home::interview(MeetingIo& io) { return run_interview(io, m_session->setup); }

Result<persona::Setup> Home::complete_meeting(const persona::Answers& answers, bool rename) {
    auto& s = *m_session;
    auto setup = TRY(companion::complete_meeting(answers, s.setup, rename, *s.memory, s.brain.get(),
                                                 SystemClock::instance(), persona_file()));
    s.setup = setup;
    return setup;
}

void Home::use_temporary_setup() {
    m_session->setup = persona::build_setup({}, {}, false, SystemClock::instance().wall_ms());
}

Result<void> Home::start_conversation(const ConversationOptions& options) {
    auto& s = *m_session;
    CompanionOptions copt;
    copt.reply_tokens = options.reply_tokens;
    copt.seed = options.seed;
    copt.no_model_notice_given = options.no_model_notice_given;
    copt.kv_state_dir = s.files.kv_state_dir();
    copt.safety_region = safety_region(s.config);  // crisis help lines (safety.h)
    copt.data_dir = s.files.data_dir;              // /forget cleans chat_history and persona.toml too
    copt.skills_dir = skills_dir(s.files);          // ... and the skills' stores (forget.h)
    copt.owner = m_options.owner;
    copt.ask_skills = [this](std::string_view text, const std::string& message_id, const std::string& session) {
        return ask_skills(text, message_id, session);
    };
    m_companion = std::make_unique<Companion>(s.setup, *s.memory, *s.brain, *s.perceiver, SystemClock::instance(), copt);
    return m_companion->resume();
}

bool Home::window_empty() const { return m_companion->window().empty(); }

Result<TurnResult> Home::say(std::string_view text, const brain::TokenCallback& on_token, const brain::CancelFlag* cancel,
                             const SpokenTurn* spoken, const std::string& conversation,
                             const TurnOptions* options) {
    return m_companion->turn(text, on_token, cancel, spoken, conversation, options);
}

std::string Home::new_conversation() const {
    return new_conversation_id(m_companion ? m_companion->session() : std::string("chat"));
}

SlashResult Home::slash(std::string_view line) { return run_slash(*m_companion, line); }

Result<void> Home::prepare() {
    if (!m_companion) TRY(start_conversation({}));
    return m_companion->prepare();
}

void Home::end_conversation() {
    if (m_session) end_session(*m_session);
}

std::string configured_safety_region(const Config& config) { return safety_region(config); }
bool safety_region_known(std::string_view region) { return region_known(region); }
std::string advice_without_model(std::string_view reason) { return no_model_advice(reason); }
int hide_secret_args(int argc, char** argv) { return brain::hide_api_key_args(argc, argv); }

}  // namespace os1::companion
