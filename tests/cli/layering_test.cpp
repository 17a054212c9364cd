// The engine's front door: code outside src/engine (apps, the other
// modules, the benchmarks) includes engine/engine.h and nothing deeper, and
// production code never includes the engine's developer tools
// (tools/engine_tools: synthetic models, conformance). The engine's own
// tests and the kernel micro-benchmarks time or test internals and are
// exempt (src/engine/README.md says so).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

// The quoted path of an #include line, or empty.
std::string included(const std::string& line) {
    size_t i = line.find_first_not_of(" \t");
    if (i == std::string::npos || line[i] != '#') return {};
    i = line.find_first_not_of(" \t", i + 1);
    if (i == std::string::npos || line.compare(i, 7, "include") != 0) return {};
    const size_t open = line.find('"', i + 7);
    if (open == std::string::npos) return {};
    const size_t close = line.find('"', open + 1);
    if (close == std::string::npos) return {};
    return line.substr(open + 1, close - open - 1);
}

bool is_source(const fs::path& p) {
    const auto e = p.extension();
    return e == ".cpp" || e == ".h" || e == ".hpp" || e == ".cc";
}

// "file:line: #include "x"" for every include that breaks the rules in the
// folders `dirs` (relative to root), skipping the files in `exempt`.
// `tools_allowed`: whether engine_tools/ may be included there.
std::vector<std::string> violations(const fs::path& root, const std::vector<std::string>& dirs,
                                    const std::vector<std::string>& exempt, bool tools_allowed) {
    std::vector<std::string> found;
    for (const auto& d : dirs) {
        if (!fs::is_directory(root / d)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(root / d)) {
            if (!entry.is_regular_file() || !is_source(entry.path())) continue;
            const std::string rel = fs::relative(entry.path(), root).generic_string();
            bool skip = false;
            for (const auto& e : exempt) skip = skip || rel == e || rel.rfind(e + "/", 0) == 0;
            if (skip) continue;
            std::ifstream in(entry.path());
            std::string line;
            for (int n = 1; std::getline(in, line); n++) {
                const std::string inc = included(line);
                const bool deep = inc.rfind("engine/", 0) == 0 && inc != "engine/engine.h";
                const bool tool = !tools_allowed && inc.rfind("engine_tools/", 0) == 0;
                if (deep || tool) found.push_back(rel + ":" + std::to_string(n) + ": #include \"" + inc + "\"");
            }
        }
    }
    return found;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}

}  // namespace

TEST(Layering, OutsideCodeIncludesOnlyTheEnginesPublicHeader) {
    const fs::path root = OS1_SOURCE_DIR;
    ASSERT_TRUE(fs::is_directory(root / "src" / "engine")) << root;
    // Production code: the public header only, no developer tools.
    auto bad = violations(root, {"src"}, {"src/engine"}, false);
    // The CLI (its developer commands use the tools) and the benchmarks.
    const auto cli = violations(root, {"apps", "bench"}, {"bench/kernels_bench.cpp", "bench/attention_bench.cpp"}, true);
    bad.insert(bad.end(), cli.begin(), cli.end());
    EXPECT_TRUE(bad.empty()) << "include engine/engine.h instead of the engine's internals:\n" << joined(bad);
}

TEST(Layering, CheckNamesTheFileAndLineOfADeepInclude) {
    os1::test::TempDir dir;
    fs::create_directories(dir.path() / "src" / "brain");
    std::ofstream(dir.path() / "src" / "brain" / "x.cpp")
        << "#include \"engine/engine.h\"\n#include <vector>\n  #  include \"engine/gguf/gguf.h\"\n"
           "#include \"engine_tools/synth.h\"\n";
    const auto bad = violations(dir.path(), {"src"}, {}, false);
    ASSERT_EQ(bad.size(), 2u) << joined(bad);
    EXPECT_EQ(bad[0], "src/brain/x.cpp:3: #include \"engine/gguf/gguf.h\"");
    EXPECT_EQ(bad[1], "src/brain/x.cpp:4: #include \"engine_tools/synth.h\"");
    EXPECT_TRUE(violations(dir.path(), {"src"}, {"src/brain"}, false).empty());
}
