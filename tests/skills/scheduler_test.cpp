#include "skills/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "skills_test_support.h"

namespace os1::skills {
namespace {

using os1::test::TempDir;

// Waits (real time, bounded) until `done` holds.
template <class F>
bool eventually(F done) {
    for (int i = 0; i < 400 && !done(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return done();
}

TEST(ReminderScheduler, DeliversOnceWhenDueAndAgainAfterARepeatingOneMovesOn) {
    TempDir tmp;
    FakeClock clock{local_ms_of(2026, 12, 7, 15, 0)};
    auto ledger = Ledger::open(tmp / "skills", "local").release_value();
    Reminders store(ledger->scope());
    Reminder daily;
    daily.text = "take the pills";
    daily.due_ms = clock.wall_ms() + 60'000;
    daily.rule = "daily";
    daily.time_zone = "UTC";
    daily = store.add(daily).release_value();

    std::mutex m;
    std::vector<Reminder> got;
    auto scheduler = ReminderScheduler::start({tmp / "skills", "local", &clock, 20}, [&](const std::vector<Reminder>& due) {
                         std::lock_guard lock(m);
                         got.insert(got.end(), due.begin(), due.end());
                     }).release_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    EXPECT_EQ(scheduler->delivered(), 0);  // not due yet
    clock.advance_ms(60'000);
    scheduler->wake();
    ASSERT_TRUE(eventually([&] { return scheduler->delivered() == 1; }));
    {
        std::lock_guard lock(m);
        ASSERT_EQ(got.size(), 1u);
        EXPECT_EQ(got[0].text, "take the pills");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(80));  // several polls: handed over once
    EXPECT_EQ(scheduler->delivered(), 1);
    EXPECT_GT(store.get(daily.id)->delivered_ms, 0);
    // Acknowledged: tomorrow's is delivered when it falls due.
    ASSERT_TRUE(store.acknowledge(daily.id, clock.wall_ms()));
    clock.advance_ms(86'400'000);
    scheduler->wake();
    ASSERT_TRUE(eventually([&] { return scheduler->delivered() == 2; }));
    scheduler->stop();
}

TEST(ReminderScheduler, OwnersAreKeptApart) {
    TempDir tmp;
    FakeClock clock;
    auto amy = Ledger::open(tmp / "skills", "amy").release_value();
    Reminder r;
    r.text = "amy's secret";
    r.due_ms = clock.wall_ms() - 1;
    ASSERT_TRUE(Reminders(amy->scope()).add(r));
    std::atomic<int> seen{0};
    auto bob = ReminderScheduler::start({tmp / "skills", "bob", &clock, 10},
                                        [&](const std::vector<Reminder>& due) { seen += static_cast<int>(due.size()); })
                   .release_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    bob->stop();
    EXPECT_EQ(seen.load(), 0);
}

}  // namespace
}  // namespace os1::skills
