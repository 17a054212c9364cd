// The companions the server holds: one companion::Home per owner, opened
// and woken on first use, kept until the server stops.
//   - Every use of a Home happens under its person's mutex (Home is one
//     thread at a time), on a worker thread, never on an I/O thread.
//   - One turn at a time per person: a second `say` while one runs is
//     refused (`busy`), not queued.
//   - The brain: each Home wakes its own, from the same flags as `os1 chat`
//     (--brain, config.toml), with the person's own choice over them (the
//     settings screen; Home::brain_flags). A local model's weights are mmap'd, so the
//     people share them through the page cache, but the CPU is one: with a
//     local brain, turns of different people run one after another (one
//     server-wide turn lock); the none and openai brains run them side by side.
//   - Shutting down: new turns are refused, the ones in flight finish (and
//     are stored), then every conversation ends (the brain's state is saved).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "companion/home.h"

namespace os1::server {

struct Person {
    std::string owner;
    std::mutex mutex;                        // guards everything below
    std::unique_ptr<companion::Home> home;   // woken
    bool talking_ready = false;              // start_conversation done
    bool temporary_setup = false;            // talking before the first meeting
    std::atomic<bool> talking{false};        // a turn is running (read without the mutex)
    std::atomic<int> connections{0};         // requests and sockets open now
    brain::CancelFlag cancel{false};         // the running turn's stop flag
};

class People {
public:
    explicit People(brain::BrainFlags flags) : m_flags(std::move(flags)) {}

    // The person's entry (made on first use; not yet woken).
    Person& get(const std::string& owner);
    // With `person.mutex` held: the woken Home (the first call wakes it).
    Result<companion::Home*> home(Person& person);
    // With `person.mutex` held: the Home ready for a turn (a temporary
    // persona when the two have not met yet).
    Result<companion::Home*> talking_home(Person& person);
    // With the mutex held: after the first meeting or a forget, the next
    // turn starts from the stored conversation and the new persona.
    void restart_conversation(Person& person);
    // With the mutex held, no turn running: after the person chose another
    // brain or model, the conversation ends (its state saved) and the next
    // use wakes their Home again with the new choice.
    void reload(Person& person);
    // The server's brain flags (--brain, --model, --url): a person's own
    // choice (Home::brain_flags) goes over them.
    const brain::BrainFlags& flags() const { return m_flags; }

    // Runs `turn` as this person's one turn (nullopt: busy or shutting down).
    // The server-wide turn lock is taken when the brain is local, or when
    // the turn runs a local model of its own (`local_model`: a raw model).
    template <typename F>
    auto one_turn(Person& person, F&& turn, bool local_model = false) -> std::optional<decltype(turn())>;

    bool shutting_down() const { return m_shutting_down; }
    void begin_shutdown() { m_shutting_down = true; }
    bool any_talking();
    void cancel_all();  // stops every running turn (what was said is kept)
    // Ends every conversation (saves the brains' working memory).
    void close_all();
    std::string brain_name();  // "none", "local", "openai" (after the first wake; else the flag)

private:
    brain::BrainFlags m_flags;
    std::atomic<bool> m_shutting_down{false};
    std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Person>> m_people;  // guarded by m_mutex
    std::mutex m_local_turns;      // one local-model turn at a time, server-wide
    std::atomic<bool> m_local{false};
    std::string m_brain_name;      // guarded by m_mutex
};

template <typename F>
auto People::one_turn(Person& person, F&& turn, bool local_model) -> std::optional<decltype(turn())> {
    if (m_shutting_down) return std::nullopt;
    bool expected = false;
    if (!person.talking.compare_exchange_strong(expected, true)) return std::nullopt;
    std::unique_lock<std::mutex> local;
    if (m_local || local_model) local = std::unique_lock(m_local_turns);
    // `talking` is cleared however the turn ends (a library's exception
    // too), or the person would stay busy and shutdown would wait forever.
    struct Done {
        Person& p;
        ~Done() { p.talking = false; }
    } done{person};
    std::lock_guard lock(person.mutex);
    person.cancel = false;
    return turn();
}

}  // namespace os1::server
