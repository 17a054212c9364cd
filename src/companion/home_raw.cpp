// Home::complete_raw: an installed model answering a client's own
// conversation (the OpenAI door's raw models), outside the companion.
#include "companion/home.h"

#include "core/strings.h"
#include "core/text.h"

namespace os1::companion {

namespace {

std::string listed_name(const InstalledModel& m) { return m.alias.empty() ? m.path.filename().string() : m.alias; }

}  // namespace

Result<brain::ChatResult> Home::complete_raw(const std::string& model, const brain::ChatRequest& request,
                                             const brain::TokenCallback& on_token, const brain::CancelFlag* cancel) {
    auto list = TRY(models());
    const InstalledModel* found = nullptr;
    std::string names;
    for (const auto& m : list.models) {
        if (listed_name(m) == model || m.path.filename().string() == model) found = &m;
        names += (names.empty() ? "" : ", ") + listed_name(m);
    }
    if (!found)
        return Error::not_found("no installed model is called ", quote_capped(model),
                                names.empty() ? std::string("; none is installed (os1 pull)") : "; installed: " + names);
    if (!m_raw_brain || m_raw_model != found->path) {
        m_raw_brain.reset();  // one model in memory at a time
        brain::BrainFlags flags;
        flags.brain = "local";
        flags.model = found->path.string();
        auto config = TRY(brain::resolve_brain_config(flags, *TRY(loaded_config()), m_paths));
        config.state_dir.clear();  // a client's conversation leaves no state on disk
        m_raw_brain = TRY(brain::make_brain(config));
        m_raw_model = found->path;
    }
    return m_raw_brain->chat(request, on_token, cancel);
}

}  // namespace os1::companion
