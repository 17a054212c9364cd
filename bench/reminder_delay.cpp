// Reminder delivery delay: how long after a reminder falls due the
// scheduler (skills/scheduler.h: its own thread and connection to
// skills.db, the real clock, the real waiting) hands it to a front end.
//
//   build/bench/reminder_delay [--n 40] [--poll-ms 30000]
//
// Cases: reminders falling due one by one (the scheduler sleeps until the
// next); several due at the same instant; reminders another process
// stored while the scheduler slept (seen at the next poll, so bounded by
// --poll-ms: measured with a 1 s poll to keep the run short); and the cost
// of the due query a front end runs between turns, with 1000 reminders
// stored. Prints one table (milliseconds).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/clock.h"
#include "skills/scheduler.h"

using namespace os1;
using namespace os1::skills;

namespace {

struct Stats {
    double p50 = 0, p95 = 0, max = 0, mean = 0;
    size_t n = 0;
};

Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.n = v.size();
    s.p50 = v[v.size() / 2];
    s.p95 = v[std::min(v.size() - 1, v.size() * 95 / 100)];
    s.max = v.back();
    for (double x : v) s.mean += x;
    s.mean /= double(v.size());
    return s;
}

void row(const char* name, const Stats& s) {
    std::printf("| %-44s | %4zu | %8.2f | %8.2f | %8.2f | %8.2f |\n", name, s.n, s.p50, s.p95, s.max, s.mean);
}

struct Catcher {
    std::mutex m;
    std::vector<double> delays;  // delivery wall time - due time, ms
    size_t expected = 0;
    void deliver(const std::vector<Reminder>& due) {
        const int64_t now = SystemClock::instance().wall_ms();
        std::lock_guard lock(m);
        for (const auto& r : due) delays.push_back(double(now - r.due_ms));
    }
    bool wait(int seconds) {
        for (int i = 0; i < seconds * 200; i++) {
            {
                std::lock_guard lock(m);
                if (delays.size() >= expected) return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }
};

Reminder reminder(int64_t due_ms, int i) {
    Reminder r;
    r.text = "reminder " + std::to_string(i);
    r.due_ms = due_ms;
    r.time_zone = "UTC";
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    int n = 40;
    int64_t poll_ms = 30'000;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--n") && i + 1 < argc) n = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--poll-ms") && i + 1 < argc) poll_ms = std::atoll(argv[++i]);
        else {
            std::fprintf(stderr, "usage: reminder_delay [--n 40] [--poll-ms 30000]\n");
            return 2;
        }
    }
    const auto dir = std::filesystem::temp_directory_path() / ("os1-reminder-delay-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const Clock& clock = SystemClock::instance();
    auto ledger = Ledger::open(dir, "local");
    if (!ledger) {
        std::fprintf(stderr, "reminder_delay: %s\n", ledger.error().message.c_str());
        return 1;
    }
    Reminders store((*ledger)->scope());
    std::printf("| case | n | p50 ms | p95 ms | max ms | mean ms |\n|---|---|---|---|---|---|\n");

    // 1. One by one: each due 50-150 ms after the previous.
    {
        Catcher c;
        c.expected = size_t(n);
        std::mt19937 rng(7);
        int64_t t = clock.wall_ms() + 300;
        for (int i = 0; i < n; i++) {
            t += 50 + int64_t(rng() % 100);
            (void)store.add(reminder(t, i));
        }
        auto s = ReminderScheduler::start({dir, "local", &clock, poll_ms}, [&](const auto& due) { c.deliver(due); });
        if (!s) return std::fprintf(stderr, "%s\n", s.error().message.c_str()), 1;
        if (!c.wait(60)) std::fprintf(stderr, "reminder_delay: not all delivered\n");
        (*s)->stop();
        row("due one by one (scheduler asleep until each)", stats(c.delays));
    }
    // 2. A batch due at the same instant.
    {
        Catcher c;
        c.expected = 10;
        const int64_t t = clock.wall_ms() + 400;
        for (int i = 0; i < 10; i++) (void)store.add(reminder(t, i));
        auto s = ReminderScheduler::start({dir, "local", &clock, poll_ms}, [&](const auto& due) { c.deliver(due); });
        if (!s) return 1;
        c.wait(30);
        (*s)->stop();
        row("10 due at the same instant", stats(c.delays));
    }
    // 3. Stored by another connection (another process) while the scheduler slept.
    {
        Catcher c;
        c.expected = 5;
        auto s = ReminderScheduler::start({dir, "local", &clock, 1000}, [&](const auto& due) { c.deliver(due); });
        if (!s) return 1;
        auto other = Ledger::open(dir, "local");
        Reminders elsewhere((*other)->scope());
        for (int i = 0; i < 5; i++) {
            std::this_thread::sleep_for(std::chrono::milliseconds(230));
            (void)elsewhere.add(reminder(clock.wall_ms(), i));  // due now; nobody wakes the scheduler
        }
        c.wait(30);
        (*s)->stop();
        row("stored by another process (1 s poll)", stats(c.delays));
    }
    // 4. The due query a front end runs between turns, 1000 stored.
    {
        const int64_t now = clock.wall_ms();
        for (int i = 0; i < 1000; i++) (void)store.add(reminder(now + 3'600'000 + i * 60'000, i));
        std::vector<double> ms;
        for (int i = 0; i < 200; i++) {
            const auto t0 = std::chrono::steady_clock::now();
            auto due = store.due(clock.wall_ms());
            ms.push_back(ms_since(t0));
            if (!due) return 1;
        }
        row("due() query between turns (1000 stored)", stats(ms));
    }
    std::filesystem::remove_all(dir);
    return 0;
}
