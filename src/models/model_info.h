// A quick look inside an installed GGUF for `os1 models` and `os1 doctor`:
// architecture, weight type, context length, chat template. Reads only the
// header (via engine::GgufFile, memory-mapped), so it is fast on big files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"

namespace os1::models {

struct GgufSummary {
    std::string name;          // general.name (may be empty)
    std::string architecture;  // "llama", "qwen2", ...
    std::string weight_type;   // most common tensor type by elements, e.g. "q4_K"
    uint64_t n_params = 0;
    uint64_t context_length = 0;  // <arch>.context_length (0 when absent)
    bool has_chat_template = false;
};

// Unsupported when this build has no engine (no GGUF reader).
Result<GgufSummary> read_gguf_summary(const std::filesystem::path& path);

}  // namespace os1::models
