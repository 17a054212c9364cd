#include "models/catalog.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.h"

namespace os1::models {

namespace fs = std::filesystem;

namespace {

// Checksums: none is written here from memory. Hugging Face serves the
// sha256 of every LFS file in its X-Linked-ETag header, and pull verifies
// against that; a digest we have not seen for ourselves would be a claim we
// cannot back.
// The newer families' entries (qwen3 … smollm3) point at files whose names
// follow their publishers' patterns; their sizes are approximate.
constexpr std::array<CatalogEntry, 22> CATALOG = {{
    {"qwen2.5-0.5b", "Qwen2.5 0.5B Instruct, Q4_K_M (~0.4 GB): smallest, fast on any CPU",
     "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf",
     "qwen2.5-0.5b-instruct-q4_k_m.gguf", ""},
    {"qwen2.5-1.5b", "Qwen2.5 1.5B Instruct, Q4_K_M (~1.1 GB): a good default",
     "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf",
     "qwen2.5-1.5b-instruct-q4_k_m.gguf", ""},
    {"qwen2.5-3b", "Qwen2.5 3B Instruct, Q4_K_M (~2.1 GB): better answers, slower",
     "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct-GGUF/resolve/main/qwen2.5-3b-instruct-q4_k_m.gguf",
     "qwen2.5-3b-instruct-q4_k_m.gguf", ""},
    {"llama3.2-1b", "Llama 3.2 1B Instruct, Q4_K_M (~0.8 GB)",
     "https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf",
     "Llama-3.2-1B-Instruct-Q4_K_M.gguf", ""},
    {"llama3.2-3b", "Llama 3.2 3B Instruct, Q4_K_M (~2.0 GB)",
     "https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf",
     "Llama-3.2-3B-Instruct-Q4_K_M.gguf", ""},
    {"smollm2-360m", "SmolLM2 360M Instruct, Q8_0 (~0.4 GB): tiny",
     "https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct-GGUF/resolve/main/smollm2-360m-instruct-q8_0.gguf",
     "smollm2-360m-instruct-q8_0.gguf", ""},
    {"smollm2-1.7b", "SmolLM2 1.7B Instruct, Q4_K_M (~1.1 GB)",
     "https://huggingface.co/HuggingFaceTB/SmolLM2-1.7B-Instruct-GGUF/resolve/main/smollm2-1.7b-instruct-q4_k_m.gguf",
     "smollm2-1.7b-instruct-q4_k_m.gguf", ""},
    {"qwen3-0.6b", "Qwen3 0.6B, Q4_K_M (~0.4 GB): answers without thinking by default",
     "https://huggingface.co/unsloth/Qwen3-0.6B-GGUF/resolve/main/Qwen3-0.6B-Q4_K_M.gguf", "Qwen3-0.6B-Q4_K_M.gguf", ""},
    {"qwen3-1.7b", "Qwen3 1.7B, Q4_K_M (~1.1 GB)",
     "https://huggingface.co/unsloth/Qwen3-1.7B-GGUF/resolve/main/Qwen3-1.7B-Q4_K_M.gguf", "Qwen3-1.7B-Q4_K_M.gguf", ""},
    {"qwen3-4b", "Qwen3 4B, Q4_K_M (~2.5 GB): better answers, slower",
     "https://huggingface.co/unsloth/Qwen3-4B-GGUF/resolve/main/Qwen3-4B-Q4_K_M.gguf", "Qwen3-4B-Q4_K_M.gguf", ""},
    {"gemma3-1b", "Gemma 3 1B Instruct, Q4_K_M (~0.8 GB)",
     "https://huggingface.co/bartowski/google_gemma-3-1b-it-GGUF/resolve/main/google_gemma-3-1b-it-Q4_K_M.gguf",
     "google_gemma-3-1b-it-Q4_K_M.gguf", ""},
    {"gemma3-4b", "Gemma 3 4B Instruct, Q4_K_M (~2.5 GB; text only)",
     "https://huggingface.co/bartowski/google_gemma-3-4b-it-GGUF/resolve/main/google_gemma-3-4b-it-Q4_K_M.gguf",
     "google_gemma-3-4b-it-Q4_K_M.gguf", ""},
    {"gemma2-2b", "Gemma 2 2B Instruct, Q4_K_M (~1.7 GB)",
     "https://huggingface.co/bartowski/gemma-2-2b-it-GGUF/resolve/main/gemma-2-2b-it-Q4_K_M.gguf",
     "gemma-2-2b-it-Q4_K_M.gguf", ""},
    {"phi3.5-mini", "Phi-3.5 mini Instruct, Q4_K_M (~2.4 GB)",
     "https://huggingface.co/bartowski/Phi-3.5-mini-instruct-GGUF/resolve/main/Phi-3.5-mini-instruct-Q4_K_M.gguf",
     "Phi-3.5-mini-instruct-Q4_K_M.gguf", ""},
    {"phi4-mini", "Phi-4 mini Instruct, Q4_K_M (~2.5 GB)",
     "https://huggingface.co/bartowski/microsoft_Phi-4-mini-instruct-GGUF/resolve/main/"
     "microsoft_Phi-4-mini-instruct-Q4_K_M.gguf",
     "microsoft_Phi-4-mini-instruct-Q4_K_M.gguf", ""},
    {"smollm3-3b", "SmolLM3 3B, Q4_K_M (~1.9 GB)",
     "https://huggingface.co/unsloth/SmolLM3-3B-GGUF/resolve/main/SmolLM3-3B-Q4_K_M.gguf", "SmolLM3-3B-Q4_K_M.gguf", ""},
    // Whisper speech models (her ears, issue 20): whisper.cpp's ggml files.
    // Never a chat model; voice and `os1 transcribe` use the installed one.
    {"whisper-tiny.en", "Whisper tiny, English (~75 MB): speech recognition, fastest",
     "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny.en.bin", "ggml-tiny.en.bin", ""},
    {"whisper-tiny", "Whisper tiny, multilingual (~75 MB): speech recognition",
     "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin", "ggml-tiny.bin", ""},
    {"whisper-base.en", "Whisper base, English (~142 MB): speech recognition, the voice default",
     "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.en.bin", "ggml-base.en.bin", ""},
    {"whisper-base", "Whisper base, multilingual (~142 MB): speech recognition",
     "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-base.bin", "ggml-base.bin", ""},
    {"whisper-small.en", "Whisper small, English (~466 MB): speech recognition, better, slower",
     "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-small.en.bin", "ggml-small.en.bin", ""},
    {"whisper-small", "Whisper small, multilingual (~466 MB): speech recognition, better, slower",
     "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-small.bin", "ggml-small.bin", ""},
}};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

}  // namespace

std::span<const CatalogEntry> catalog() { return CATALOG; }

const CatalogEntry* find_catalog(std::string_view name) {
    for (const auto& e : CATALOG) {
        if (iequals(e.alias, name) || iequals(e.file_name, name)) return &e;
        std::string_view stem = e.file_name.substr(0, e.file_name.rfind('.'));  // drop ".gguf" / ".bin"
        if (iequals(stem, name)) return &e;
    }
    return nullptr;
}

const CatalogEntry* find_alias(std::string_view alias) {
    for (const auto& e : CATALOG)
        if (iequals(e.alias, alias)) return &e;
    return nullptr;
}

Error unknown_pull_name(std::string_view name) {
    std::string aliases;
    for (const auto& e : CATALOG) {
        if (!aliases.empty()) aliases += ", ";
        aliases += e.alias;
    }
    std::string shown = quote_capped(name);
    std::string file_of;
    if (const auto* e = find_catalog(name))
        file_of = str("\n", shown, " is the file of ", e->alias, ": 'os1 pull ", e->alias, "' downloads it.");
    return Error::invalid("no model called ", shown, ", and no file ", shown, " here.\n",
                          "os1 pull downloads only these names: ", aliases, "; or an https:// URL you give.\n",
                          "A model file you have is installed from its path: os1 pull ./FILE (or /path/to/FILE).",
                          file_of);
}

std::string_view alias_for_file(std::string_view file_name) {
    for (const auto& e : CATALOG)
        if (iequals(e.file_name, file_name)) return e.alias;
    return {};
}

std::vector<fs::path> installed_models(const fs::path& models_dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(models_dir, ec)) return out;
    for (const auto& entry : fs::directory_iterator(models_dir, ec)) {
        if (entry.path().extension() != ".gguf") continue;
        if (!entry.is_regular_file(ec)) continue;
        out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<fs::path> find_model(std::string_view name, const fs::path& models_dir) {
    if (name.empty()) return Error::invalid("no model named");
    std::error_code ec;
    fs::path as_path{std::string(name)};
    bool looks_like_path = name.find('/') != std::string_view::npos;
    if (looks_like_path && fs::is_regular_file(as_path, ec)) return fs::absolute(as_path);
    if (!looks_like_path) {
        // A bare name means the models folder first, then the working folder.
        std::vector<fs::path> candidates;
        if (const auto* e = find_catalog(name)) candidates.push_back(models_dir / std::string(e->file_name));
        candidates.push_back(models_dir / std::string(name));
        candidates.push_back(models_dir / (std::string(name) + ".gguf"));
        for (const auto& c : candidates)
            if (fs::is_regular_file(c, ec)) return c;
        // Case-insensitive file name match ("Llama-3.2-1B..." vs "llama-3.2-1b...").
        for (const auto& m : installed_models(models_dir)) {
            auto file = m.filename().string();
            if (iequals(file, name) || iequals(m.stem().string(), name)) return m;
        }
        if (fs::is_regular_file(as_path, ec)) return fs::absolute(as_path);
    }
    if (looks_like_path || as_path.extension() == ".gguf")
        return Error::not_found("model file '", name, "' does not exist");
    if (find_catalog(name))
        return Error::not_found("model '", name, "' is not installed; run 'os1 pull ", name, "' to download it");
    return Error::not_found("no model called '", name, "' in ", models_dir.string(),
                            "; 'os1 models' lists what is installed, 'os1 pull --help' what can be downloaded");
}

}  // namespace os1::models
