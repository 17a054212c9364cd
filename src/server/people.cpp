// Opening and waking a person's Home, and the end of every conversation.
#include "server/people.h"

#include "core/log.h"

namespace os1::server {

Person& People::get(const std::string& owner) {
    std::lock_guard lock(m_mutex);
    auto& slot = m_people[owner];
    if (!slot) {
        slot = std::make_unique<Person>();
        slot->owner = owner;
    }
    return *slot;
}

Result<companion::Home*> People::home(Person& person) {
    if (person.home) return person.home.get();
    auto home = TRY(companion::Home::open({.owner = person.owner}));
    // A brain that cannot be built (a missing model) leaves the none brain
    // standing in, as `os1 chat` would after saying why: the server stays up.
    // The person's own choice of brain and model goes over the server's flags.
    auto flags = home->brain_flags(m_flags);
    if (!flags) log::warn("the brain ", person.owner, " chose cannot be read (", flags.error().message, "); using the server's");
    TRY(home->wake(flags ? *flags : m_flags, true));
    const auto backend = home->brain().backend();
    m_local = m_local || backend == brain::Backend::Local;
    {
        std::lock_guard lock(m_mutex);
        m_brain_name = std::string(brain::backend_name(backend));
    }
    person.home = std::move(home);
    return person.home.get();
}

Result<companion::Home*> People::talking_home(Person& person) {
    auto* home = TRY(this->home(person));
    if (person.talking_ready) return home;
    if (home->setup().empty()) {
        home->use_temporary_setup();
        person.temporary_setup = true;
    }
    TRY(home->start_conversation({}));
    person.talking_ready = true;
    return home;
}

void People::restart_conversation(Person& person) { person.talking_ready = false; }

void People::reload(Person& person) {
    if (person.home && person.talking_ready) person.home->end_conversation();
    person.home.reset();
    person.talking_ready = false;
    person.temporary_setup = false;
}

void People::close_all() {
    std::lock_guard lock(m_mutex);
    for (auto& [owner, person] : m_people) {
        std::lock_guard plock(person->mutex);
        if (person->home && person->talking_ready) person->home->end_conversation();
    }
}

bool People::any_talking() {
    std::lock_guard lock(m_mutex);
    for (auto& [owner, person] : m_people)
        if (person->talking) return true;
    return false;
}

void People::cancel_all() {
    std::lock_guard lock(m_mutex);
    for (auto& [owner, person] : m_people) person->cancel = true;
}

std::string People::brain_name() {
    std::lock_guard lock(m_mutex);
    if (!m_brain_name.empty()) return m_brain_name;
    return m_flags.brain.empty() ? "auto" : m_flags.brain;
}

}  // namespace os1::server
