#include "core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>

#include "core/clock.h"

using namespace os1;

TEST(ThreadPool, SubmitReturnsResults) {
    ThreadPool pool(3);
    EXPECT_EQ(pool.size(), 3u);
    std::vector<std::future<int>> futures;
    for (int i = 0; i < 100; i++) futures.push_back(pool.submit([i] { return i * i; }));
    int sum = 0;
    for (auto& f : futures) sum += f.get();
    int expect = 0;
    for (int i = 0; i < 100; i++) expect += i * i;
    EXPECT_EQ(sum, expect);
}

TEST(ThreadPool, ParallelForCoversEveryIndexOnce) {
    ThreadPool pool(2);
    for (size_t n : {0u, 1u, 2u, 3u, 7u, 1000u}) {
        std::vector<std::atomic<int>> hits(n);
        pool.parallel_for(n, [&](size_t b, size_t e) {
            for (size_t i = b; i < e; i++) hits[i]++;
        });
        for (size_t i = 0; i < n; i++) EXPECT_EQ(hits[i].load(), 1) << "n=" << n << " i=" << i;
    }
}

TEST(ThreadPool, DestructorDrainsQueue) {
    std::atomic<int> done{0};
    {
        ThreadPool pool(2);
        for (int i = 0; i < 50; i++) (void)pool.submit([&] { done++; });
    }
    EXPECT_EQ(done.load(), 50);
}

TEST(Clock, FakeClockMovesOnlyByHand) {
    FakeClock clock(1'000);
    EXPECT_EQ(clock.wall_ms(), 1'000);
    clock.advance_ms(500);
    EXPECT_EQ(clock.wall_ms(), 1'500);
    EXPECT_EQ(clock.mono_ns(), 500'000'000);
    EXPECT_EQ(format_iso8601_utc(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_iso8601_utc(1'700'000'000'000), "2023-11-14T22:13:20Z");
}

TEST(Clock, SystemClockIsMonotonic) {
    auto& c = SystemClock::instance();
    auto a = c.mono_ns();
    auto b = c.mono_ns();
    EXPECT_LE(a, b);
    EXPECT_GT(c.wall_ms(), 1'600'000'000'000);
}
