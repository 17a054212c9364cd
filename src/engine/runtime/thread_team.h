// A fixed team of worker threads for the forward pass: run(fn) calls
// fn(ith, nth) once on each of nth threads (the caller is thread 0) and
// returns when all are done. No allocation per call, no queue: the hot
// loop dispatches a few hundred of these per token.
//
// Wake-up: workers spin on an atomic generation counter for a couple of
// milliseconds after each job (a forward pass dispatches the next one within
// microseconds), then sleep on a condition variable; run() only takes the
// mutex when a worker is asleep. The caller spins until the team is done.
//
// Thread safety: run() is called by one thread at a time (the session's).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace os1::engine {

class ThreadTeam {
public:
    // n_threads <= 0: one per hardware thread.
    explicit ThreadTeam(int n_threads);
    ~ThreadTeam();
    ThreadTeam(const ThreadTeam&) = delete;
    ThreadTeam& operator=(const ThreadTeam&) = delete;

    int size() const { return m_n_threads; }

    // `work` estimates the job's cost in multiply-adds: below
    // MIN_PARALLEL_WORK the caller runs it alone as fn(0, 1), since waking
    // the team costs more than it saves (and far more on a busy machine).
    static constexpr int64_t MIN_PARALLEL_WORK = 1 << 17;

    template <typename F>
    void run(F&& fn, int64_t work = INT64_MAX) {
        if (work < MIN_PARALLEL_WORK || m_n_threads == 1) {
            fn(0, 1);
            return;
        }
        auto call = [](void* ctx, int ith, int nth) { (*static_cast<std::remove_reference_t<F>*>(ctx))(ith, nth); };
        run_raw(call, &fn);
    }

    // [begin, end) of n items for thread ith of nth (contiguous chunks).
    static void split(int64_t n, int ith, int nth, int64_t& begin, int64_t& end) {
        begin = n * ith / nth;
        end = n * (ith + 1) / nth;
    }

private:
    using RawFn = void (*)(void* ctx, int ith, int nth);
    void run_raw(RawFn fn, void* ctx);
    void worker(int ith);

    int m_n_threads = 1;
    std::vector<std::thread> m_threads;

    std::mutex m_mutex;  // with m_start: sleeping workers wait here
    std::condition_variable m_start;
    // The words the workers poll and the one the caller polls live on their
    // own cache lines: a worker finishing does not steal the line the others
    // are spinning on.
    alignas(64) std::atomic<uint64_t> m_generation{0};  // bumped for each run(); publishes m_fn/m_ctx
    std::atomic<int> m_sleepers{0};                     // workers blocked on m_start
    std::atomic<bool> m_stopping{false};
    RawFn m_fn = nullptr;
    void* m_ctx = nullptr;
    alignas(64) std::atomic<int> m_pending{0};  // workers still running this generation
};

}  // namespace os1::engine
