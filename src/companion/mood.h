// The person's mood over time: memory's per-message affect samples turned
// into the affect module's chart input (terminal chart and SVG live there).
#pragma once

#include <vector>

#include "affect/mood_chart.h"
#include "memory/memory.h"

namespace os1::companion {

// Samples of the person's messages since `since_ms`, oldest first.
Result<std::vector<affect::MoodSample>> mood_samples(memory::Memory& memory, int64_t since_ms);

}  // namespace os1::companion
