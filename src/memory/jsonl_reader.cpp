// Bounded line reading and the pre-parse nesting check (jsonl_reader.h).
#include "memory/jsonl_reader.h"

#include <cerrno>
#include <cstring>

namespace os1::memory {

Result<JsonlReader> JsonlReader::open(const std::filesystem::path& file, size_t max_line_bytes) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        return Error::invalid(file.string(), ": is a folder; give a .jsonl file to import");
    JsonlReader r;
    r.m_file.reset(std::fopen(file.c_str(), "rb"));
    if (!r.m_file) {
        if (errno == ENOENT) return Error::not_found(file.string(), ": cannot open the file to import (does it exist?)");
        return Error::io(file.string(), ": cannot open the file to import (", std::strerror(errno), ")");
    }
    r.m_limit = max_line_bytes;
    r.m_buffer.resize(64 * 1024);
    return r;
}

bool JsonlReader::fill() {
    if (m_eof || m_failed) return false;
    m_end = std::fread(m_buffer.data(), 1, m_buffer.size(), m_file.get());
    m_pos = 0;
    if (m_end == 0) {
        if (std::ferror(m_file.get())) m_failed = true;
        m_eof = true;
        return false;
    }
    return true;
}

bool JsonlReader::next(Line& line) {
    line.text.clear();
    line.length = 0;
    line.too_long = false;
    bool any = false;
    for (;;) {
        if (m_pos == m_end && !fill()) {
            if (!any) return false;
            break;  // the last line has no newline
        }
        any = true;
        const char* start = m_buffer.data() + m_pos;
        const void* nl = std::memchr(start, '\n', m_end - m_pos);
        size_t n = nl ? size_t(static_cast<const char*>(nl) - start) : m_end - m_pos;
        line.length += n;
        if (!line.too_long) {
            if (line.length > m_limit) {
                line.too_long = true;
                std::string().swap(line.text);  // give the memory back
            } else {
                line.text.append(start, n);
            }
        }
        m_pos += n;
        if (nl) {
            m_pos++;  // past the newline
            break;
        }
    }
    line.number = ++m_number;
    return true;
}

bool nesting_depth_exceeds(std::string_view json, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : json) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_depth) return true;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return false;
}

std::string human_bytes(uint64_t n) {
    char buf[32];
    if (n >= (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", double(n) / double(1u << 20));
    else if (n >= 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", double(n) / 1024.0);
    else std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(n));
    return buf;
}

}  // namespace os1::memory
