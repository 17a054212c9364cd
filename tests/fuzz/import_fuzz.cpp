// libFuzzer target for `os1 memory import` (JSON lines of
// {"id","speaker","text","time","session"}), through the public API: the
// input is written to a file and imported into a scratch database. Any
// bytes give an ImportReport (bad lines counted and described) or an Error
// with a message; imported + skipped never exceeds the number of lines.
// Facts are extracted from every imported message, so the extractor sees
// hostile text too.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "memory/memory.h"

namespace fs = std::filesystem;
using namespace os1::memory;

namespace {

struct Scratch {
    fs::path dir;
    std::unique_ptr<Memory> memory;
    int uses = 0;

    Scratch() {
        const char* shm = "/dev/shm";
        dir = fs::path(fs::is_directory(shm) ? shm : fs::temp_directory_path()) /
              ("os1-import-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    ~Scratch() {
        memory.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    Memory& get() {
        // A fresh database now and then, so it does not grow for ever.
        if (!memory || ++uses > 500) {
            memory.reset();
            std::error_code ec;
            fs::remove(dir / "memory.db", ec);
            fs::remove(dir / "memory.db-wal", ec);
            fs::remove(dir / "memory.db-shm", ec);
            auto m = Memory::open_at(dir / "memory.db");
            if (!m) std::abort();
            memory = m.release_value();
            uses = 0;
        }
        return *memory;
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Scratch scratch;
    const fs::path input = scratch.dir / "input.jsonl";
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    size_t lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    auto report = scratch.get().import_jsonl(input);
    if (!report) {
        if (report.error().message.empty()) std::abort();
        return 0;
    }
    if (report->imported < 0 || report->skipped < 0) std::abort();
    if (static_cast<size_t>(report->imported + report->skipped) > lines) std::abort();
    for (const auto& p : report->problems)
        if (p.empty()) std::abort();
    return 0;
}
