// The calendar on the reference corpora (../shared/data/icalendar): per
// corpus, files parsed and refused (with the first reasons), events read,
// instances expanded over 1990-2040, and parse speed; then libical's
// recurrence vectors reproduced by our expander. Prints one table.
//
//   build/bench/calendar_corpus [SHARED_DIR] [REPEATS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "skills/calendar/expand.h"
#include "skills/calendar/ics.h"
#include "skills/calendar/recur_vectors.h"

namespace fs = std::filesystem;
using namespace os1::calendar;

namespace {

struct CorpusFigures {
    size_t files = 0, parsed = 0, refused = 0, events = 0, instances = 0, bytes = 0, parsed_bytes = 0;
    double parse_s = 0, parsed_s = 0, expand_s = 0;
    std::map<std::string, size_t> reasons;  // refusal kinds
};

std::string reason_kind(const std::string& message) {
    const size_t colon = message.find(": ");
    std::string kind = colon == std::string::npos ? message : message.substr(colon + 2);
    if (auto paren = kind.find(" ("); paren != std::string::npos) kind.resize(paren);
    return kind;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

CorpusFigures run_corpus(const fs::path& dir, int repeats) {
    CorpusFigures f;
    const int64_t from = 631152000, to = 2208988800;  // 1990-01-01 .. 2040-01-01
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        ++f.files;
        f.bytes += text.size();
        auto t0 = std::chrono::steady_clock::now();
        for (int r = 1; r < repeats; ++r) (void)read_ics(text, entry.path().filename().string());
        auto cal = read_ics(text, entry.path().filename().string());
        const double one = seconds_since(t0) / repeats;
        f.parse_s += one;
        if (!cal) {
            ++f.refused;
            ++f.reasons[reason_kind(cal.error().message)];
            continue;
        }
        ++f.parsed;
        f.parsed_bytes += text.size();
        f.parsed_s += one;
        f.events += (*cal)->events.size();
        t0 = std::chrono::steady_clock::now();
        f.instances += expand(**cal, from, to, Zone::utc()).instances.size();
        f.expand_s += seconds_since(t0);
    }
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(OS1_SHARED_DIR);
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
    const fs::path root = shared / "data/icalendar";
    if (!fs::is_directory(root)) {
        std::fprintf(stderr, "calendar_corpus: %s is absent (give the reference kit's folder)\n", root.c_str());
        return 2;
    }
    std::printf("| corpus | files | parsed | refused | events | instances 1990-2040 | all files MB/s | calendars MB/s | calendars/s | expand ms |\n");
    std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    std::map<std::string, size_t> reasons;
    for (const char* corpus : {"libical", "icaljs"}) {
        const CorpusFigures f = run_corpus(root / corpus, repeats);
        std::printf("| %s | %zu | %zu | %zu | %zu | %zu | %.1f | %.1f | %.0f | %.1f |\n", corpus, f.files, f.parsed, f.refused, f.events, f.instances,
                    f.bytes / 1e6 / std::max(f.parse_s, 1e-9), f.parsed_bytes / 1e6 / std::max(f.parsed_s, 1e-9),
                    f.parsed / std::max(f.parsed_s, 1e-9), f.expand_s * 1000);
        for (const auto& [k, n] : f.reasons) reasons[k] += n;
    }
    std::printf("\nrefusal reasons:\n");
    for (const auto& [k, n] : reasons) std::printf("  %4zu  %s\n", n, k.c_str());
    std::printf("\n| recurrence vectors | cases | reproduced |\n| --- | ---: | ---: |\n");
    for (const char* file : {"icalrecur_test.txt", "icalrecur_test_rscale.txt"}) {
        const auto cases = read_recur_cases(root / "libical/src-test" / file);
        size_t ok = 0;
        for (const auto& c : cases) ok += recur_case_reproduces(c, replay_recur_case(c));
        std::printf("| %s | %zu | %zu |\n", file, cases.size(), ok);
    }
    return 0;
}
