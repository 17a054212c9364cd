// Whisper speech models (whisper.cpp's ggml `.bin` files, issue 20) beside
// the GGUF chat models in the models folder: `os1 pull whisper-base.en`
// (the catalog's whisper-* aliases), `os1 pull ggml-base.en.bin` (a file
// this computer has), `os1 models` lists them. They are never a chat model:
// brain.model never points at one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace os1::models {

// The file starts with ggml's magic (0x67676d6c, little-endian): a Whisper
// model or something claiming to be one.
bool is_whisper_file(const std::filesystem::path& path);

// The file loads as a Whisper model through the engine (header, mel
// filters, vocabulary, every tensor's name, type and shape); Invalid says
// why not, naming the file.
Result<void> check_whisper(const std::filesystem::path& path);

struct WhisperSummary {
    std::string size;         // "tiny", "base", "small", "medium", "large" (by layers and width), or "n_state N"
    std::string weight_type;  // "f16", "q8_0", ...
    bool english_only = false;
    int n_text_ctx = 0;
};
// From the header alone (cheap, for listings).
Result<WhisperSummary> read_whisper_summary(const std::filesystem::path& path);

// *.bin files directly in models_dir, sorted by name.
std::vector<std::filesystem::path> installed_whisper_models(const std::filesystem::path& models_dir);

}  // namespace os1::models
