// Reading a JSON-lines file whose lines nobody has checked: one line at a
// time through a fixed buffer, so memory stays bounded whatever the file
// holds (a line longer than the limit is counted and passed over, never
// held), and a nesting check that runs before any JSON parser sees a line,
// so a document nested thousands deep is refused without recursion.
//
//   auto reader = TRY(JsonlReader::open(file, 1 << 20));
//   JsonlReader::Line line;
//   while (reader.next(line)) {
//       if (line.too_long) { report(line.number, line.length); continue; }
//       if (nesting_depth_exceeds(line.text, 64)) ...
//   }
//   if (reader.failed()) ...   // a read error part-way (EIO)
//
// Thread safety: a JsonlReader is used by one thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1::memory {

class JsonlReader {
public:
    struct Line {
        int64_t number = 0;      // 1-based
        uint64_t length = 0;     // bytes in the line without its newline (all of them, even when too long)
        bool too_long = false;   // length > limit: `text` is empty
        std::string text;
    };

    static Result<JsonlReader> open(const std::filesystem::path& file, size_t max_line_bytes);

    // The next line; false at the end of the file or on a read error.
    bool next(Line& line);
    bool failed() const { return m_failed; }

private:
    struct Closer {
        void operator()(std::FILE* f) const { if (f) std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> m_file;
    size_t m_limit = 0;
    std::vector<char> m_buffer;
    size_t m_pos = 0, m_end = 0;
    int64_t m_number = 0;
    bool m_eof = false, m_failed = false;

    bool fill();
};

// True when brackets ([ and {) outside JSON strings nest deeper than
// `max_depth`. A linear scan with no recursion.
bool nesting_depth_exceeds(std::string_view json, int max_depth);

// "52.4 MiB", "12.0 KiB", "300 bytes".
std::string human_bytes(uint64_t n);

}  // namespace os1::memory
