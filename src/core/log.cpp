#include "core/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace os1::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::Warn)};
std::mutex g_mutex;
const char* prefix(Level level) {
    switch (level) {
        case Level::Error: return "error";
        case Level::Warn: return "warning";
        case Level::Info: return "info";
        case Level::Debug: return "debug";
    }
    return "";
}
}  // namespace

void set_level(Level level) { g_level.store(static_cast<int>(level)); }
Level level() { return static_cast<Level>(g_level.load()); }
bool enabled(Level level) { return static_cast<int>(level) <= g_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view message) {
    std::lock_guard lock(g_mutex);
    std::fprintf(stderr, "os1 %s: %.*s\n", prefix(level), static_cast<int>(message.size()), message.data());
}

}  // namespace os1::log
