// The layering, checked on the sources themselves:
//  - The engine's front door: code outside src/engine (apps, the other
//    modules, the benchmarks) includes engine/engine.h and nothing deeper,
//    and production code never includes the engine's developer tools
//    (tools/engine_tools: synthetic models, conformance). The engine's own
//    tests and the kernel micro-benchmarks time or test internals and are
//    exempt (src/engine/README.md says so).
//  - The companion's front door: apps/ include only companion/ and core/
//    headers, engine/engine.h (and engine/whisper.h, speech recognition)
//    and engine_tools/ (the developer commands),
//    server/server.h and server/users.h (os1 serve, os1 user), and their
//    own files.
//  - Modules: each includes only the modules it links (the table below is
//    the build graph of the CMakeLists), and never another module's
//    internals: a header in a sub-folder, or impl.h / *_impl.h /
//    *_internal.h.
#include <gtest/gtest.h>

#include <algorithm>
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
                // engine/whisper.h: the engine's second public header (speech recognition).
                const bool deep = inc.rfind("engine/", 0) == 0 && inc != "engine/engine.h" && inc != "engine/whisper.h";
                const bool tool = !tools_allowed && inc.rfind("engine_tools/", 0) == 0;
                if (deep || tool) found.push_back(rel + ":" + std::to_string(n) + ": #include \"" + inc + "\"");
            }
        }
    }
    return found;
}

// Every quoted include in the sources under root/dir: (file, line, path).
struct Include {
    std::string file;
    int line = 0;
    std::string path;
    std::string where() const { return file + ":" + std::to_string(line) + ": #include \"" + path + "\""; }
};
std::vector<Include> includes_under(const fs::path& root, const std::string& dir) {
    std::vector<Include> out;
    if (!fs::is_directory(root / dir)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
        if (!entry.is_regular_file() || !is_source(entry.path())) continue;
        std::ifstream in(entry.path());
        std::string line;
        for (int n = 1; std::getline(in, line); n++)
            if (auto inc = included(line); !inc.empty())
                out.push_back({fs::relative(entry.path(), root).generic_string(), n, inc});
    }
    return out;
}

bool internal_header(const std::string& rest) {
    if (rest.find('/') != std::string::npos) return true;  // a sub-folder: the module's own business
    const std::string stem = fs::path(rest).stem().string();
    auto ends = [&](const std::string& tail) {
        return stem.size() >= tail.size() && stem.compare(stem.size() - tail.size(), tail.size(), tail) == 0;
    };
    return stem == "impl" || ends("_impl") || ends("_internal");
}

// A header's path within its module, where skills' folders count as
// libraries of their own (skills/mail/ is os1_mail; its headers are public):
// "mail/parse.h" of skills reads as "parse.h".
std::string within_module(const std::string& module, const std::string& rest) {
    if (module == "skills" && rest.find('/') != std::string::npos) return rest.substr(rest.find('/') + 1);
    return rest;
}

// A front end (apps/<name>/) includes the companion's front door, core,
// the engine's public header and the engine tools, and its own files.
std::vector<std::string> app_violations(const fs::path& root) {
    std::vector<std::string> found;
    for (const auto& inc : includes_under(root, "apps")) {
        const std::string& p = inc.path;
        const bool own = p.find('/') == std::string::npos;
        const bool ok = own || p.rfind("companion/", 0) == 0 || p.rfind("core/", 0) == 0 || p == "engine/engine.h" ||
                        p == "engine/whisper.h" || p.rfind("engine_tools/", 0) == 0 || p == "server/server.h" || p == "server/users.h" ||
                        p == "voice/transcribe.h" ||  // os1 transcribe (issue 16)
                        p == "voice/voice.h";         // os1 speak, os1 voice (issue 16)
        if (!ok) found.push_back(inc.where());
        else if (p.rfind("companion/", 0) == 0 && internal_header(p.substr(10)))
            found.push_back(inc.where() + " (the companion's internals)");
    }
    return found;
}

// A benchmark may time a module's public parts, never a module's internals
// (the companion's session_internal.h included: benches open a Home).
std::vector<std::string> bench_violations(const fs::path& root) {
    std::vector<std::string> found;
    for (const auto& inc : includes_under(root, "bench")) {
        const size_t slash = inc.path.find('/');
        if (slash == std::string::npos) continue;
        const std::string module = inc.path.substr(0, slash);
        if (module == "engine") continue;  // the engine's own rule (the kernel benches are exempt)
        // The skills layer is one library per sub-folder (skills/calendar/
        // is os1_calendar): a skill's folder is its library's own.
        if (internal_header(within_module(module, inc.path.substr(slash + 1))))
            found.push_back(inc.where() + " (" + module + "'s internals)");
    }
    return found;
}

// The modules under src/ and those each may include (what it links).
using Graph = std::vector<std::pair<std::string, std::vector<std::string>>>;
const Graph& build_graph() {
    static const Graph graph = {
        {"core", {}},
        {"store", {"core"}},
        {"memory", {"core", "store"}},
        {"affect", {"core"}},
        {"persona", {"core"}},
        {"engine", {"core"}},
        {"net", {"core"}},
        {"models", {"core", "engine", "net"}},
        {"brain", {"core", "engine", "models", "net"}},
        // never brain or companion (DESIGN.md); the skill folders (mail/ ...) are libraries of their own
        {"skills", {"core", "store", "memory", "net"}},
        {"companion", {"core", "affect", "brain", "memory", "models", "persona", "skills"}},
        {"server", {"core", "companion", "voice"}},  // an adapter of the front door, like apps/ (voice: /api/voice)
        // speech in and out (issue 16); the voice conversation is an adapter of the front door
        {"voice", {"core", "brain", "companion", "engine", "models"}},  // engine, models: Whisper (issue 20)
    };
    return graph;
}

// Module includes that break the graph or reach into another's internals.
std::vector<std::string> module_violations(const fs::path& root, const Graph& graph) {
    std::vector<std::string> found;
    for (const auto& [module, allowed] : graph) {
        for (const auto& inc : includes_under(root, "src/" + module)) {
            const size_t slash = inc.path.find('/');
            if (slash == std::string::npos) continue;  // a file of its own folder
            const std::string other = inc.path.substr(0, slash), rest = inc.path.substr(slash + 1);
            if (other == module) continue;
            bool is_module = false;
            for (const auto& m : graph) is_module = is_module || m.first == other;
            if (!is_module && other != "engine_tools") continue;  // not ours (a system header in quotes)
            const bool linked = std::find(allowed.begin(), allowed.end(), other) != allowed.end();
            if (!linked) found.push_back(inc.where() + " (" + module + " does not link " + other + ")");
            else if (internal_header(within_module(other, rest))) found.push_back(inc.where() + " (" + other + "'s internals)");
        }
    }
    return found;
}

// Writes a source file under root (folders made as needed).
void write_source(const fs::path& root, const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
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
    write_source(dir.path(), "src/brain/x.cpp",
        "#include \"engine/engine.h\"\n#include <vector>\n  #  include \"engine/gguf/gguf.h\"\n"
           "#include \"engine_tools/synth.h\"\n");
    const auto bad = violations(dir.path(), {"src"}, {}, false);
    ASSERT_EQ(bad.size(), 2u) << joined(bad);
    EXPECT_EQ(bad[0], "src/brain/x.cpp:3: #include \"engine/gguf/gguf.h\"");
    EXPECT_EQ(bad[1], "src/brain/x.cpp:4: #include \"engine_tools/synth.h\"");
    EXPECT_TRUE(violations(dir.path(), {"src"}, {"src/brain"}, false).empty());
}

TEST(Layering, AppsIncludeOnlyTheCompanionCoreAndTheEngineTools) {
    const fs::path root = OS1_SOURCE_DIR;
    ASSERT_TRUE(fs::is_directory(root / "apps" / "os1")) << root;
    const auto bad = app_violations(root);
    EXPECT_TRUE(bad.empty()) << "a front end reaches use cases through companion/home.h:\n" << joined(bad);
}

TEST(Layering, BenchmarksNeverIncludeAModulesInternals) {
    const fs::path root = OS1_SOURCE_DIR;
    ASSERT_TRUE(fs::is_directory(root / "bench")) << root;
    const auto bad = bench_violations(root);
    EXPECT_TRUE(bad.empty()) << "time a module through its public headers (the companion through home.h):\n" << joined(bad);
}

TEST(Layering, TheCompanionsSessionIsPrivateToFrontEndsAndBenchmarks) {
    os1::test::TempDir dir;
    write_source(dir.path(), "apps/web/main.cpp",
                 "#include \"companion/home.h\"\n#include \"companion/session_internal.h\"\n");
    write_source(dir.path(), "bench/x_bench.cpp",
                 "#include \"companion/companion.h\"\n#include \"companion/session_internal.h\"\n"
                 "#include \"memory/recall_internal.h\"\n#include \"engine/engine.h\"\n");
    const auto apps = app_violations(dir.path());
    ASSERT_EQ(apps.size(), 1u) << joined(apps);
    EXPECT_EQ(apps[0], "apps/web/main.cpp:2: #include \"companion/session_internal.h\" (the companion's internals)");
    const auto bench = bench_violations(dir.path());
    ASSERT_EQ(bench.size(), 2u) << joined(bench);
    EXPECT_EQ(bench[0], "bench/x_bench.cpp:2: #include \"companion/session_internal.h\" (companion's internals)");
    EXPECT_EQ(bench[1], "bench/x_bench.cpp:3: #include \"memory/recall_internal.h\" (memory's internals)");
    // The real tree: nothing outside src/companion includes it.
    const fs::path root = OS1_SOURCE_DIR;
    for (const std::string d : {"apps", "bench", "src", "tests"})
        for (const auto& inc : includes_under(root, d))
            if (inc.path == "companion/session_internal.h" || inc.path == "companion/session.h")
                EXPECT_EQ(inc.file.rfind("src/companion/", 0), 0u) << inc.where();
}

TEST(Layering, ModulesIncludeOnlyWhatTheyLinkAndNeverAnothersInternals) {
    const fs::path root = OS1_SOURCE_DIR;
    // Every folder under src/ is in the graph (a new module must say what it links).
    for (const auto& entry : fs::directory_iterator(root / "src")) {
        if (!entry.is_directory()) continue;
        bool known = false;
        for (const auto& m : build_graph()) known = known || m.first == entry.path().filename().string();
        EXPECT_TRUE(known) << entry.path().filename() << " is not in build_graph()";
    }
    const auto bad = module_violations(root, build_graph());
    EXPECT_TRUE(bad.empty()) << joined(bad);
}

TEST(Layering, ChecksNameTheFrontEndAndModuleIncludesThatBreakTheRules) {
    os1::test::TempDir dir;
    write_source(dir.path(), "apps/web/main.cpp",
                 "#include \"companion/home.h\"\n#include \"core/json.h\"\n#include \"server.h\"\n"
                 "#include \"memory/memory.h\"\n#include \"engine/engine.h\"\n#include \"brain/brain.h\"\n");
    const auto apps = app_violations(dir.path());
    ASSERT_EQ(apps.size(), 2u) << joined(apps);
    EXPECT_EQ(apps[0], "apps/web/main.cpp:4: #include \"memory/memory.h\"");
    EXPECT_EQ(apps[1], "apps/web/main.cpp:6: #include \"brain/brain.h\"");

    write_source(dir.path(), "src/memory/x.cpp",
                 "#include \"memory/impl.h\"\n#include \"store/database.h\"\n#include \"brain/brain.h\"\n");
    write_source(dir.path(), "src/companion/y.cpp",
                 "#include \"memory/memory.h\"\n#include \"memory/impl.h\"\n#include \"memory/recall_internal.h\"\n"
                 "#include \"engine/gguf/gguf.h\"\n#include \"models/catalog.h\"\n");
    const Graph graph = {{"memory", {"core", "store"}}, {"companion", {"memory", "models"}}, {"brain", {}},
                         {"store", {}}, {"engine", {}}, {"models", {}}};
    const auto bad = module_violations(dir.path(), graph);
    ASSERT_EQ(bad.size(), 4u) << joined(bad);
    EXPECT_EQ(bad[0], "src/memory/x.cpp:3: #include \"brain/brain.h\" (memory does not link brain)");
    EXPECT_EQ(bad[1], "src/companion/y.cpp:2: #include \"memory/impl.h\" (memory's internals)");
    EXPECT_EQ(bad[2], "src/companion/y.cpp:3: #include \"memory/recall_internal.h\" (memory's internals)");
    EXPECT_EQ(bad[3], "src/companion/y.cpp:4: #include \"engine/gguf/gguf.h\" (companion does not link engine)");
}
