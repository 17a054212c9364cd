// Opening a session: the order matters only for the error a person sees.
#include "companion/session_internal.h"

#include "core/log.h"

namespace os1::companion {

Result<Session> open_session(const brain::BrainFlags& flags, bool brain_optional, const std::string& owner) {
    Session s;
    s.paths = TRY(Paths::resolve());
    s.files = TRY(owner_files(s.paths, owner));
    TRY(s.paths.ensure());
    TRY(ensure_owner_files(s.files));
    s.config = TRY(Config::load(s.paths.config_file));
    s.setup = TRY(persona::load_setup(s.files.persona_file()));
    memory::MemoryOptions options;
    options.owner = owner;
    auto memory = memory::Memory::open(s.paths, options);
    if (!memory) return memory.error().context("cannot open your memories");
    s.memory = memory.release_value();

    auto brain = [&]() -> Result<std::unique_ptr<brain::Brain>> {
        auto cfg = TRY(brain::resolve_brain_config(flags, s.config, s.paths));
        // The conversation's KV state survives restarts (end_session saves it).
        cfg.state_dir = s.files.kv_state_dir();
        return brain::make_brain(cfg);
    }();
    if (!brain) {
        if (!brain_optional) return brain.release_error();
        log::warn(brain.error().message, " (going on without a language model)");
        brain::BrainConfig none;
        none.reason = brain.error().message;
        brain = brain::make_brain(none);
        if (!brain) return brain.release_error();
    }
    s.brain = brain.release_value();
    s.perceiver = make_default_perceiver();
    return s;
}

void end_session(Session& s) {
    if (!s.brain) return;
    if (auto r = s.brain->save_state(); !r)
        log::warn("could not save the conversation state (the next start reads it again): ", r.error().message);
}

}  // namespace os1::companion
