// Writes seed corpora for the fuzz targets from the reference kit and the
// repository (run by scripts/fuzz; not a fuzz target itself):
//   fuzz_seeds SOURCE_DIR SHARED_DIR OUT_DIR
// OUT_DIR/import: JSON lines built from the LoCoMo conversations (one file
//                 per session, as `os1 memory import` takes them)
// OUT_DIR/time:   the sessions' date lines ("1:56 pm on 8 May, 2023") after
//                 an 8-byte reference time, plus ISO and relative forms
// OUT_DIR/toml:   every *.toml under examples/ and the kit
// OUT_DIR/chat:   conversations from LoCoMo (one message a line) and the
//                 tokenizer conformance inputs (one file each)
// OUT_DIR/gguf:   the kit's model and vocabularies shrunk to a few KB: every
//                 metadata key (arrays cut to 16 elements) and one row of
//                 the first tensor of each type, written by GgufWriter
// A missing kit only means fewer seeds.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/gguf/gguf.h"
#include "engine/gguf/gguf_writer.h"
#include "engine/gguf/tensor_types.h"

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

int written = 0;

void write(const fs::path& dir, const std::string& name, const std::string& bytes) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
    written++;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string with_reference(const std::string& text) {
    const int64_t ref = 1683554160000;  // 2023-05-08 13:56 UTC
    std::string out(8, '\0');
    std::memcpy(out.data(), &ref, 8);
    return out + text;
}

void locomo(const fs::path& file, const fs::path& out) {
    std::ifstream in(file);
    Json doc = Json::parse(in, nullptr, false);
    if (!doc.is_array()) return;
    int n = 0;
    for (const Json& sample : doc) {
        const Json& conv = sample.value("conversation", Json::object());
        for (int s = 1; s < 100; s++) {
            std::string key = "session_" + std::to_string(s);
            if (!conv.contains(key) || !conv[key].is_array()) continue;
            std::string when = conv.value(key + "_date_time", "");
            write(out / "time", "locomo_" + std::to_string(n) + "_" + key, with_reference(when));
            std::string lines, chat;
            int turns = 0;
            for (const Json& t : conv[key]) {
                if (turns++ >= 12) break;
                Json line = {{"id", t.value("dia_id", "")}, {"speaker", t.value("speaker", "")},
                             {"text", t.value("text", "")}, {"time", when}, {"session", key}};
                lines += line.dump() + "\n";
                chat += t.value("text", "") + "\n";
            }
            write(out / "import", "locomo_" + std::to_string(n) + "_" + key + ".jsonl", lines);
            write(out / "chat", "locomo_" + std::to_string(n) + "_" + key, std::string(1, static_cast<char>(s)) + chat);
        }
        n++;
    }
}

// A small GGUF with the structure of `file`: its metadata (arrays cut to 16
// elements) and, for each tensor type present, one row of its first tensor.
void shrink_gguf(const fs::path& file, const fs::path& out) {
    using namespace os1::engine;
    auto opened = GgufFile::open(file);
    if (!opened) return;
    const GgufFile& f = **opened;
    GgufWriter w;
    for (const auto& [key, v] : f.metadata()) {
        if (key == "general.alignment") continue;
        switch (v.type) {
        case GgufType::STRING: w.set_string(key, v.s); break;
        case GgufType::BOOL: w.set_bool(key, v.b); break;
        case GgufType::FLOAT32: case GgufType::FLOAT64: w.set_f32(key, static_cast<float>(v.f)); break;
        case GgufType::INT8: case GgufType::INT16: case GgufType::INT32: case GgufType::INT64:
            w.set_i32(key, static_cast<int32_t>(v.i));
            break;
        case GgufType::ARRAY: {
            if (v.array_type == GgufType::STRING) {
                std::vector<std::string> some;
                for (size_t i = 0; i < v.strings.size() && i < 16; i++) some.emplace_back(v.strings[i]);
                w.set_strings(key, some);
            } else if (v.array_type == GgufType::FLOAT32 || v.array_type == GgufType::FLOAT64) {
                std::vector<float> some;
                for (size_t i = 0; i < v.numbers.size() && i < 16; i++) some.push_back(static_cast<float>(v.numbers[i]));
                w.set_f32s(key, some);
            } else {
                std::vector<int32_t> some;
                for (size_t i = 0; i < v.numbers.size() && i < 16; i++) some.push_back(static_cast<int32_t>(v.numbers[i]));
                w.set_i32s(key, some);
            }
            break;
        }
        default: w.set_u32(key, static_cast<uint32_t>(v.u)); break;
        }
    }
    std::vector<const GgufTensor*> rows;
    for (const GgufTensor& t : f.tensors()) {
        bool seen = false;
        for (const GgufTensor* r : rows) seen = seen || r->type == t.type;
        if (seen || t.shape.empty() || t.shape[0] > 4096) continue;
        rows.push_back(&t);
        w.add_tensor(t.name, t.type, {t.shape[0]});
    }
    const fs::path target = out / "gguf" / (file.stem().string() + "_small.gguf");
    fs::create_directories(target.parent_path());
    auto done = w.write(target, [&](size_t i, std::span<uint8_t> bytes) -> os1::Result<void> {
        std::memcpy(bytes.data(), rows[i]->data, std::min(bytes.size(), rows[i]->n_bytes));
        return {};
    });
    if (done) written++;
}

// The tokenizer conformance inputs (texts between __ggml_vocab_test__
// lines), each after a mode byte, as chat_fuzz reads them.
void tokenizer_inputs(const fs::path& file, const fs::path& out) {
    std::string text = slurp(file), marker = "\n__ggml_vocab_test__\n";
    size_t start = 0;
    for (int n = 0; start < text.size() && n < 40; n++) {
        size_t end = text.find(marker, start);
        if (end == std::string::npos) end = text.size();
        write(out / "chat", file.stem().stem().string() + "_" + std::to_string(n),
              std::string(1, static_cast<char>(n)) + text.substr(start, end - start));
        start = end + marker.size();
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: fuzz_seeds SOURCE_DIR SHARED_DIR OUT_DIR\n");
        return 2;
    }
    fs::path source = argv[1], shared = argv[2], out = argv[3];
    std::error_code ec;
    for (const char* t : {"2023-05-08T13:56:00Z", "2023-05-08", "yesterday", "3 days ago", "May 8, 2023",
                          "8 May 2023", "last Friday at 9:30 pm"})
        write(out / "time", std::string("form_") + std::to_string(written), with_reference(t));
    for (const fs::path& root : {source / "examples", shared}) {
        if (!fs::is_directory(root, ec)) continue;
        for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            if (it->is_regular_file(ec) && it->path().extension() == ".toml" && it->file_size(ec) < 65536)
                write(out / "toml", "file_" + std::to_string(written) + ".toml", slurp(it->path()));
        }
    }
    if (fs::is_directory(shared / "data" / "locomo-dev", ec))
        for (const auto& e : fs::directory_iterator(shared / "data" / "locomo-dev", ec))
            if (e.path().extension() == ".json") locomo(e.path(), out);
    shrink_gguf(shared / "models" / "stories260K.gguf", out);
    const fs::path vocabs = shared / "conformance" / "tokenizer";
    if (fs::is_directory(vocabs, ec))
        for (const auto& e : fs::directory_iterator(vocabs, ec)) {
            if (e.path().extension() == ".gguf") shrink_gguf(e.path(), out);
            if (e.path().extension() == ".inp") tokenizer_inputs(e.path(), out);
        }
    // mail_fuzz: the kit's small mail files (.eml, Maildir files, mbox).
    if (fs::is_directory(shared / "data" / "email", ec))
        for (auto it = fs::recursive_directory_iterator(shared / "data" / "email", ec); it != fs::recursive_directory_iterator();
             it.increment(ec)) {
            if (ec) break;
            if (it->is_regular_file(ec) && it->path().extension() != ".json" && it->file_size(ec) < 8192)
                write(out / "mail", "mail_" + std::to_string(written), slurp(it->path()));
        }
    std::printf("fuzz_seeds: wrote %d seed files under %s\n", written, out.c_str());
    return 0;
}
