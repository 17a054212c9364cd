// Time seam. Code that needs "now" takes a Clock& so tests can move time by
// hand (FakeClock). Thread safety: SystemClock is stateless; FakeClock is
// atomic.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace os1 {

// Milliseconds from `t0` to now on the steady clock (timings, deadlines).
inline double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

class Clock {
public:
    virtual ~Clock() = default;
    // Wall clock: milliseconds since the Unix epoch (UTC).
    virtual int64_t wall_ms() const = 0;
    // Monotonic clock: nanoseconds since an arbitrary start; for durations.
    virtual int64_t mono_ns() const = 0;
};

// Milliseconds since `start_ns`, a reading of `clock.mono_ns()` (turn
// timings that tests drive with a FakeClock).
inline double ms_since(const Clock& clock, int64_t start_ns) {
    return static_cast<double>(clock.mono_ns() - start_ns) / 1e6;
}

class SystemClock final : public Clock {
public:
    int64_t wall_ms() const override;
    int64_t mono_ns() const override;
    static SystemClock& instance();
};

class FakeClock final : public Clock {
public:
    explicit FakeClock(int64_t wall_ms = 1'700'000'000'000) : m_wall_ms(wall_ms) {}
    int64_t wall_ms() const override { return m_wall_ms.load(); }
    int64_t mono_ns() const override { return m_mono_ns.load(); }
    void advance_ms(int64_t ms) { m_wall_ms += ms; m_mono_ns += ms * 1'000'000; }
    void set_wall_ms(int64_t ms) { m_wall_ms = ms; }

private:
    std::atomic<int64_t> m_wall_ms;
    std::atomic<int64_t> m_mono_ns{0};
};

// "2026-11-24T14:03:00Z" (UTC, seconds precision).
std::string format_iso8601_utc(int64_t wall_ms);

}  // namespace os1
