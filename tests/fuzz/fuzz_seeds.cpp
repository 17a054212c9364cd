// Writes seed corpora for the fuzz targets from the reference kit and the
// repository (run by scripts/fuzz; not a fuzz target itself):
//   fuzz_seeds SOURCE_DIR SHARED_DIR OUT_DIR
// OUT_DIR/import: JSON lines built from the LoCoMo conversations (one file
//                 per session, as `os1 memory import` takes them)
// OUT_DIR/time:   the sessions' date lines ("1:56 pm on 8 May, 2023") after
//                 an 8-byte reference time, plus ISO and relative forms
// OUT_DIR/toml:   every *.toml under examples/ and the kit
// OUT_DIR/chat:   conversations from LoCoMo (one message a line)
// A missing kit only means fewer seeds.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

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
    std::printf("fuzz_seeds: wrote %d seed files under %s\n", written, out.c_str());
    return 0;
}
