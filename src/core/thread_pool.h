// A general-purpose thread pool for background work (ingest, reflection,
// I/O). The engine's hot loop has its own low-latency pool; this one is for
// tasks measured in milliseconds.
//
// Thread safety: submit/parallel_for may be called from any thread.
// Destruction waits for queued tasks to finish.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <future>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace os1 {

class ThreadPool {
public:
    // n_threads == 0 means one per hardware thread.
    explicit ThreadPool(size_t n_threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    size_t size() const { return m_workers.size(); }

    template <typename F>
    auto submit(F fn) -> std::future<decltype(fn())> {
        using R = decltype(fn());
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
        auto future = task->get_future();
        enqueue([task] { (*task)(); });
        return future;
    }

    // Runs fn(begin, end) over [0, n) split into about size() chunks and
    // waits for all of them. The calling thread takes a chunk too.
    void parallel_for(size_t n, const std::function<void(size_t begin, size_t end)>& fn);

private:
    void enqueue(std::function<void()> task);
    void worker_loop();

    std::mutex m_mutex;  // guards m_queue and m_stopping
    std::condition_variable m_cv;
    std::queue<std::function<void()>> m_queue;
    bool m_stopping = false;

    std::vector<std::thread> m_workers;
};

}  // namespace os1
