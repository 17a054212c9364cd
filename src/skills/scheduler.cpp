// The reminder scheduler's loop: deliver what is due, sleep until the next.
#include "skills/scheduler.h"

#include <algorithm>

#include "core/log.h"

namespace os1::skills {

Result<std::unique_ptr<ReminderScheduler>> ReminderScheduler::start(Options options, Deliver deliver) {
    if (!options.clock) return Error::internal("the reminder scheduler needs a clock");
    if (options.poll_ms < 1) options.poll_ms = 1;
    auto ledger = TRY(Ledger::open(options.dir, options.owner));  // opened here so errors reach the caller
    std::unique_ptr<ReminderScheduler> s(new ReminderScheduler(std::move(options), std::move(deliver), std::move(ledger)));
    s->m_thread = std::thread([p = s.get()] { p->loop(); });
    return s;
}

ReminderScheduler::ReminderScheduler(Options options, Deliver deliver, std::unique_ptr<Ledger> ledger)
    : m_options(std::move(options)), m_deliver(std::move(deliver)), m_ledger(std::move(ledger)) {}

ReminderScheduler::~ReminderScheduler() { stop(); }

void ReminderScheduler::wake() {
    std::lock_guard lock(m_mutex);
    m_woken = true;
    m_cv.notify_all();
}

void ReminderScheduler::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_cv.notify_all();
    }
    if (m_thread.joinable()) m_thread.join();
}

int64_t ReminderScheduler::delivered() const {
    std::lock_guard lock(m_mutex);
    return m_delivered;
}

void ReminderScheduler::loop() {
    Reminders store(m_ledger->scope());
    const Clock& clock = *m_options.clock;
    for (;;) {
        int64_t wait_ms = m_options.poll_ms;
        const int64_t now = clock.wall_ms();
        auto due = store.due(now);
        std::vector<Reminder> fresh;
        if (!due) {
            log::warn("reminders could not be read: ", due.error().message);
        } else {
            for (auto& r : *due) {
                if (r.delivered_ms > 0) continue;  // handed over already; due until acknowledged
                if (auto m = store.mark_delivered(r.id, now); !m) {
                    log::warn("could not mark reminder ", r.id, " delivered: ", m.error().message);
                    continue;
                }
                r.delivered_ms = now;
                fresh.push_back(std::move(r));
            }
        }
        if (!fresh.empty()) {
            m_deliver(fresh);
            std::lock_guard lock(m_mutex);
            m_delivered += static_cast<int64_t>(fresh.size());
        }
        if (auto next = store.next_due(true); next && *next)
            wait_ms = std::clamp<int64_t>(**next - clock.wall_ms(), 0, m_options.poll_ms);
        std::unique_lock lock(m_mutex);
        if (wait_ms > 0) m_cv.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return m_stop || m_woken; });
        if (m_stop) return;
        m_woken = false;
    }
}

}  // namespace os1::skills
