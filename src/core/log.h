// Logging with levels, to stderr. Quiet by default (warnings and errors
// only); `--verbose` raises it to info, `-vv` to debug.
// Thread safety: log lines are written whole under a mutex.
#pragma once

#include "core/result.h"

namespace os1::log {

enum class Level { Error = 0, Warn = 1, Info = 2, Debug = 3 };

void set_level(Level level);
Level level();
bool enabled(Level level);
void write(Level level, std::string_view message);

template <typename... Args>
void error(const Args&... args) { if (enabled(Level::Error)) write(Level::Error, str(args...)); }
template <typename... Args>
void warn(const Args&... args) { if (enabled(Level::Warn)) write(Level::Warn, str(args...)); }
template <typename... Args>
void info(const Args&... args) { if (enabled(Level::Info)) write(Level::Info, str(args...)); }
template <typename... Args>
void debug(const Args&... args) { if (enabled(Level::Debug)) write(Level::Debug, str(args...)); }

}  // namespace os1::log
