#include "engine/runtime/thread_team.h"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define OS1_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define OS1_CPU_RELAX() __asm__ __volatile__("yield")  // the spin-wait hint (a core's other thread goes first)
#else
#define OS1_CPU_RELAX() ((void)0)
#endif

namespace os1::engine {

namespace {
// How long an idle worker spins before it sleeps.
constexpr auto SPIN_TIME = std::chrono::milliseconds(2);
}  // namespace

ThreadTeam::ThreadTeam(int n_threads) {
    if (n_threads <= 0) n_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    m_n_threads = n_threads;
    for (int i = 1; i < n_threads; i++) m_threads.emplace_back([this, i] { worker(i); });
}

ThreadTeam::~ThreadTeam() {
    m_stopping.store(true);
    {
        std::lock_guard lock(m_mutex);
        m_start.notify_all();
    }
    for (auto& t : m_threads) t.join();
}

void ThreadTeam::run_raw(RawFn fn, void* ctx) {
    if (m_n_threads == 1) {
        fn(ctx, 0, 1);
        return;
    }
    m_fn = fn;
    m_ctx = ctx;
    m_pending.store(m_n_threads - 1, std::memory_order_relaxed);
    m_generation.fetch_add(1);  // seq_cst: pairs with the sleepers check below
    if (m_sleepers.load() > 0) {
        std::lock_guard lock(m_mutex);
        m_start.notify_all();
    }
    fn(ctx, 0, m_n_threads);
    // Spin briefly, then yield each round: on a machine busier than the team
    // is wide, a worker may be waiting for this very core.
    for (unsigned spins = 0; m_pending.load(std::memory_order_acquire) != 0; spins++) {
        if (spins < 4096) OS1_CPU_RELAX();
        else std::this_thread::yield();
    }
}

void ThreadTeam::worker(int ith) {
    uint64_t seen = 0;
    for (;;) {
        uint64_t gen = m_generation.load(std::memory_order_acquire);
        if (gen == seen && !m_stopping.load(std::memory_order_relaxed)) {
            auto deadline = std::chrono::steady_clock::now() + SPIN_TIME;
            unsigned spins = 0;
            while ((gen = m_generation.load(std::memory_order_acquire)) == seen &&
                   !m_stopping.load(std::memory_order_relaxed)) {
                OS1_CPU_RELAX();
                if ((++spins & 255) == 0) std::this_thread::yield();  // give way on a busy machine
                if ((spins & 1023) == 0 && std::chrono::steady_clock::now() > deadline) {
                    std::unique_lock lock(m_mutex);
                    m_sleepers.fetch_add(1);  // seq_cst: run() sees us or we see its generation
                    m_start.wait(lock, [&] { return m_stopping.load() || m_generation.load() != seen; });
                    m_sleepers.fetch_sub(1);
                    deadline = std::chrono::steady_clock::now() + SPIN_TIME;
                }
            }
        }
        if (m_stopping.load()) return;
        seen = gen;
        m_fn(m_ctx, ith, m_n_threads);
        m_pending.fetch_sub(1, std::memory_order_release);
    }
}

}  // namespace os1::engine
