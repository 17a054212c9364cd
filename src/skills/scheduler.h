// Delivering reminders on time: a thread of its own that sleeps until the
// next reminder falls due (or `poll_ms`, so reminders another process
// added are seen), marks what fell due as delivered and hands it to the
// front end's callback. It keeps its own connection to skills.db.
//
//   auto scheduler = TRY(ReminderScheduler::start({dir, owner, &clock}, [&](auto due) { queue.push(due); }));
//   scheduler->wake();   // a reminder was added in this process: look again now
//
// The callback runs on the scheduler's thread: a front end queues what it
// gets and shows it on its own thread (the terminal between keystrokes,
// the web app on its next poll). A reminder is handed over once; it stays
// due (Reminders::due) until the person acknowledges it. Stopping (or
// destroying) joins the thread.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "skills/reminders.h"

namespace os1::skills {

class ReminderScheduler {
public:
    using Deliver = std::function<void(const std::vector<Reminder>&)>;
    struct Options {
        std::filesystem::path dir;      // the owner's skills folder (skills.db)
        std::string owner;
        const Clock* clock = nullptr;   // wall time; the waiting itself is real time
        int64_t poll_ms = 30'000;
    };
    static Result<std::unique_ptr<ReminderScheduler>> start(Options options, Deliver deliver);
    ~ReminderScheduler();
    void wake();
    void stop();
    // Deliveries made so far (tests, the benchmark).
    int64_t delivered() const;

private:
    ReminderScheduler(Options options, Deliver deliver, std::unique_ptr<Ledger> ledger);
    void loop();

    Options m_options;
    Deliver m_deliver;
    std::unique_ptr<Ledger> m_ledger;  // used on the thread only
    mutable std::mutex m_mutex;        // guards the three below
    std::condition_variable m_cv;
    bool m_stop = false;
    bool m_woken = false;
    int64_t m_delivered = 0;
    std::thread m_thread;
};

}  // namespace os1::skills
