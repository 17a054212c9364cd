// Home's settings: the persona's style and the brain a person chose, kept
// where the command line keeps them (persona.toml; config.toml's [brain]),
// each person's in their own files.
#include <algorithm>

#include "companion/home.h"
#include "companion/session_internal.h"
#include "core/clock.h"
#include "models/catalog.h"

namespace os1::companion {

namespace fs = std::filesystem;

namespace {

const char* const STYLE_KEYS[] = {"style.tone", "style.humour", "style.length"};

// Installed chat models by the name /api/models and `os1 models` give them.
std::vector<std::string> chat_model_names(const fs::path& models_dir) {
    std::vector<std::string> out;
    for (const auto& m : models::installed_models(models_dir)) {
        std::string alias(models::alias_for_file(m.filename().string()));
        out.push_back(alias.empty() ? m.filename().string() : alias);
    }
    return out;
}

// A choice over the defaults: a brain other than theirs drops their model
// (it names another brain's); a model applies to the local brain (or to the
// defaults' choice between local and none).
brain::BrainFlags flags_for(const BrainChoice& choice, const brain::BrainFlags& defaults) {
    brain::BrainFlags flags = defaults;
    if (!choice.brain.empty() && choice.brain != defaults.brain) {
        flags.brain = choice.brain;
        flags.model.clear();
    }
    if (!choice.model.empty() && (flags.brain == "local" || flags.brain.empty())) flags.model = choice.model;
    return flags;
}

}  // namespace

Result<persona::Setup> Home::change_style(const persona::Answers& style) {
    if (!m_session) return Error::internal("Home::change_style before wake()");
    if (m_session->setup.empty()) return Error::invalid("meet first: the style is chosen at the first meeting");
    persona::Answers answers;
    for (const auto& [key, value] : style) {
        if (std::find(std::begin(STYLE_KEYS), std::end(STYLE_KEYS), key) == std::end(STYLE_KEYS))
            return Error::invalid("'", key, "' is not a style (style.tone, style.humour, style.length)");
        const auto& questions = persona::interview();
        auto q = std::find_if(questions.begin(), questions.end(), [&](const auto& q) { return q.key == key; });
        if (q == questions.end()) return Error::internal("the interview has no question ", key);
        auto checked = persona::check_answer(*q, value);
        if (!checked) return Error::invalid(key, ": ", checked.error().message);
        answers[key] = *checked;
    }
    if (answers.empty()) return m_session->setup;
    // What `os1 setup --answers` with only [style] does: merged, the name kept.
    return complete_meeting(answers, false);
}

fs::path Home::own_config_file() const {
    return m_files.own_folder ? m_files.data_dir / "config.toml" : m_paths.config_file;
}

Result<BrainChoice> Home::brain_choice() {
    BrainChoice out;
    if (!m_files.own_folder) {
        const Config& config = *TRY(loaded_config());
        out.brain = config.get_string("brain.backend");
        out.model = config.get_string("brain.model");
        return out;
    }
    Config own = TRY(Config::load(own_config_file()));
    own.set_env_lookup([](const std::string&) { return std::optional<std::string>(); });  // only what was saved
    out.brain = own.get_string("brain.backend");
    out.model = own.get_string("brain.model");
    return out;
}

Result<brain::BrainFlags> Home::brain_flags(const brain::BrainFlags& defaults) {
    return flags_for(TRY(brain_choice()), defaults);
}

Result<BrainChoice> Home::choose_brain(const BrainChoice& wanted, const brain::BrainFlags& defaults) {
    BrainChoice choice = wanted;
    if (choice.brain == "default") choice.brain.clear();
    if (!choice.brain.empty()) {
        auto backend = brain::parse_backend(choice.brain);
        if (!backend) return Error::invalid("there is no brain '", choice.brain, "': choose none, local or openai");
        choice.brain = std::string(brain::backend_name(*backend));
    }
    const std::string& kind = choice.brain.empty() ? defaults.brain : choice.brain;
    if (!choice.model.empty() && kind != "local" && !kind.empty())
        return Error::invalid("a model is chosen for the local brain only");
    // A model already chosen stays valid as it is (the CLI may have saved a path).
    if (!choice.model.empty() && choice.model != TRY(brain_choice()).model) {
        const auto names = chat_model_names(m_paths.models_dir);
        // By name only: a path would let a person make the server read any file.
        if (std::find(names.begin(), names.end(), choice.model) == names.end()) {
            std::string listed;
            for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
            return Error::invalid("no model called '", choice.model, "' is installed",
                                  listed.empty() ? std::string(" (none is: 'os1 pull' installs one)") : " (installed: " + listed + ")");
        }
        TRY(models::check_gguf(TRY(models::find_model(choice.model, m_paths.models_dir))));
    }
    // The choice must be buildable: local needs a model, openai a server URL.
    const brain::BrainFlags flags = flags_for(choice, defaults);
    const Config& config = *TRY(loaded_config());
    // (Back to the defaults needs no check: they are the installation's, and
    // a wake that cannot build them has the none brain stand in.)
    if (!choice.brain.empty() || !choice.model.empty())
        if (auto resolved = brain::resolve_brain_config(flags, config, m_paths); !resolved)
            return Error::invalid(resolved.error().message);

    if (!m_files.own_folder) {
        Config config_copy = config;
        if (choice.brain.empty()) config_copy.erase("brain.backend");
        else config_copy.set("brain.backend", TomlValue::of(choice.brain));
        if (choice.model.empty()) config_copy.erase("brain.model");
        else config_copy.set("brain.model", TomlValue::of(choice.model));
        TRY(config_copy.save(m_paths.config_file));
        if (m_session) m_session->config = config_copy;
        else m_config = config_copy;
        return choice;
    }
    TRY(ensure_owner_files(m_files));
    Config own = TRY(Config::load(own_config_file()));
    if (choice.brain.empty()) own.erase("brain.backend");
    else own.set("brain.backend", TomlValue::of(choice.brain));
    if (choice.model.empty()) own.erase("brain.model");
    else own.set("brain.model", TomlValue::of(choice.model));
    TRY(own.save(own_config_file()));
    return choice;
}

Result<BrainSettings> Home::brain_settings(const brain::BrainFlags& defaults) {
    BrainSettings out;
    out.chosen = TRY(brain_choice());
    out.models = chat_model_names(m_paths.models_dir);
    const Config& config = *TRY(loaded_config());
    out.openai_configured = !defaults.url.empty() || !config.get_string("brain.url").empty();
    const brain::BrainFlags flags = TRY(brain_flags(defaults));
    auto resolved = brain::resolve_brain_config(flags, config, m_paths);
    if (!resolved) {
        out.brain = "none";
        out.problem = resolved.error().message;
        return out;
    }
    out.brain = std::string(brain::backend_name(resolved->backend));
    if (resolved->backend == brain::Backend::Local) {
        const std::string file = resolved->model_path.filename().string();
        const std::string alias(models::alias_for_file(file));
        out.model = alias.empty() ? file : alias;  // as chat_model_names() names it
    }
    if (resolved->backend == brain::Backend::OpenAI) out.model = resolved->model;
    return out;
}

}  // namespace os1::companion
