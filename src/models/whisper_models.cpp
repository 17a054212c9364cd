// Whisper models in the models folder: recognising, checking and
// describing whisper.cpp's ggml files.
#include "models/whisper_models.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "engine/whisper.h"

namespace os1::models {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t GGML_MAGIC = 0x67676d6c;

// The magic and the 11 hyper-parameters, or fewer when the file is short.
size_t read_header(const fs::path& path, std::array<int32_t, 12>& head) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return 0;
    const size_t n = std::fread(head.data(), sizeof(int32_t), head.size(), f);
    std::fclose(f);
    return n;
}

std::string type_of(int ftype) {
    switch (ftype % 1000) {  // whisper.cpp stores quantization version * 1000 + type
        case 0: return "f32";
        case 1: return "f16";
        case 2: return "q4_0";
        case 3: return "q4_1";
        case 7: return "q8_0";
        case 8: return "q5_0";
        case 9: return "q5_1";
        default: return "type " + std::to_string(ftype);
    }
}

}  // namespace

bool is_whisper_file(const fs::path& path) {
    std::array<int32_t, 12> head{};
    return read_header(path, head) >= 1 && static_cast<uint32_t>(head[0]) == GGML_MAGIC;
}

Result<void> check_whisper(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return Error::not_found("'", path.string(), "' is not a file");
    auto model = engine::WhisperModel::load(path, {.n_threads = 1});
    if (!model) return Error::invalid("'", path.string(), "' is not a usable Whisper model: ", model.error().message);
    return ok();
}

Result<WhisperSummary> read_whisper_summary(const fs::path& path) {
    std::array<int32_t, 12> h{};
    if (read_header(path, h) < h.size() || static_cast<uint32_t>(h[0]) != GGML_MAGIC)
        return Error::invalid("'", path.string(), "' is not a Whisper model file");
    // magic, n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
    // n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype
    WhisperSummary s;
    const int n_state = h[3], n_layer = h[5];
    struct Named {
        int layers, state;
        const char* name;
    };
    constexpr std::array<Named, 5> SIZES = {
        {{4, 384, "tiny"}, {6, 512, "base"}, {12, 768, "small"}, {24, 1024, "medium"}, {32, 1280, "large"}}};
    s.size = "n_state " + std::to_string(n_state);
    for (const auto& n : SIZES)
        if (n.layers == n_layer && n.state == n_state) s.size = n.name;
    s.english_only = h[1] == 51864;
    s.weight_type = type_of(h[11]);
    s.n_text_ctx = h[6];
    return s;
}

std::vector<fs::path> installed_whisper_models(const fs::path& models_dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(models_dir, ec)) return out;
    for (const auto& entry : fs::directory_iterator(models_dir, ec))
        if (entry.path().extension() == ".bin" && entry.is_regular_file(ec)) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace os1::models
