// Helpers shared by all test binaries.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/json.h"

namespace os1::test {

// Two float vectors with the same bits (a SIMD kernel against its scalar twin).
inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// The reference kit, or empty (tests then GTEST_SKIP with a reason).
inline std::filesystem::path shared() {
    if (const char* v = std::getenv("OS1_SHARED"); v && *v && std::filesystem::is_directory(v)) return v;
    std::filesystem::path p = OS1_SHARED_DIR;
    if (std::filesystem::is_directory(p)) return p;
    return {};
}

#define OS1_REQUIRE_SHARED(var)                                                                  \
    auto var = ::os1::test::shared();                                                            \
    if (var.empty()) GTEST_SKIP() << "the reference kit ../shared is absent (set OS1_SHARED)";

// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() / ("os1-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// Runs a shell command, captures stdout (and the exit status).
struct CommandResult {
    int status = -1;
    std::string out;
};
CommandResult run_command(const std::string& command);

// Runs the os1 binary under test with OS1_HOME set to `home`.
CommandResult run_os1(const std::string& args, const std::filesystem::path& home, const std::string& stdin_text = "");

// The JSON objects among an output's lines (lines starting with '{' that
// parse), in order: `os1 chat --json` prints one per turn.
std::vector<Json> json_lines(const std::string& out);

}  // namespace os1::test
