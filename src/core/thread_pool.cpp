#include "core/thread_pool.h"

#include <algorithm>
#include <atomic>

namespace os1 {

ThreadPool::ThreadPool(size_t n_threads) {
    if (n_threads == 0) n_threads = std::max(1u, std::thread::hardware_concurrency());
    m_workers.reserve(n_threads);
    for (size_t i = 0; i < n_threads; i++) m_workers.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    for (auto& t : m_workers) t.join();
}

void ThreadPool::enqueue(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push(std::move(task));
    }
    m_cv.notify_one();
}

void ThreadPool::worker_loop() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return;  // stopping and drained
            task = std::move(m_queue.front());
            m_queue.pop();
        }
        task();
    }
}

void ThreadPool::parallel_for(size_t n, const std::function<void(size_t, size_t)>& fn) {
    if (n == 0) return;
    size_t chunks = std::min(n, size() + 1);
    size_t per = (n + chunks - 1) / chunks;
    std::vector<std::future<void>> pending;
    for (size_t c = 1; c < chunks; c++) {
        size_t begin = c * per, end = std::min(n, begin + per);
        if (begin >= end) break;
        pending.push_back(submit([&fn, begin, end] { fn(begin, end); }));
    }
    fn(0, std::min(n, per));
    for (auto& f : pending) f.get();
}

}  // namespace os1
