// What the forget and export tests share: every file under OS1_HOME whose
// bytes hold a word, and the test's own piped input left out of the search.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/files.h"
#include "core/strings.h"

namespace os1::test {

// Every file under `root` whose bytes contain `word` (any case).
inline std::vector<std::string> files_holding(const std::filesystem::path& root, const std::string& word) {
    std::vector<std::string> out;
    for (auto& e : std::filesystem::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        auto bytes = read_file(e.path());
        if (bytes && lower(*bytes).find(lower(word)) != std::string::npos) out.push_back(e.path().string());
    }
    return out;
}

// run_os1 leaves the piped input in <home>/.stdin: the test's own file,
// not something os1 wrote.
inline void drop_test_input(const std::filesystem::path& home) {
    std::error_code ec;
    std::filesystem::remove(home / ".stdin", ec);
}

}  // namespace os1::test
