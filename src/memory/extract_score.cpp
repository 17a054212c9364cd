// Scoring the fact extractor against labelled utterances (extract_score.h).
#include "memory/extract_score.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "core/files.h"
#include "core/strings.h"
#include "memory/extract.h"

namespace os1::memory {

namespace {

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t p = s.find(sep, start);
        out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) return out;
        start = p + sep.size();
    }
}

// Lowercase, punctuation to spaces, spaces collapsed: "Night-shift" == "night shift".
std::string norm(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        bool word = std::isalnum(c) || c >= 0x80;
        if (word) out += static_cast<char>(std::tolower(c));
        else if (c != '\'' && !out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string utc_date(int64_t ms) {
    std::time_t t = ms / 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string describe(const Fact& f) {
    return str(fact_kind_name(f.kind), "|", f.key, "|", f.value, "|", f.event_time_ms ? utc_date(f.event_time_ms) : "", "|",
               f.text);
}

}  // namespace

Result<std::vector<ExtractCase>> load_extract_cases(const std::filesystem::path& path) {
    auto text = TRY(read_file(path));
    std::vector<ExtractCase> cases;
    int n = 0;
    for (const auto& raw : split(text, "\n")) {
        n++;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto cols = split(raw, "\t");
        if (cols.size() < 2 || (cols[0] != "S" && cols[0] != "N"))
            return Error::invalid(path.string(), ":", n, ": expected 'S' or 'N', a tab and the utterance");
        ExtractCase c;
        c.line = n;
        c.statement = cols[0] == "S";
        c.utterance = cols[1];
        if (cols.size() > 2 && !trim(cols[2]).empty()) {
            for (const auto& item : split(cols[2], ";;")) {
                auto f = split(trim(item), "|");
                if (f.size() < 2 || trim(f[0]).empty())
                    return Error::invalid(path.string(), ":", n, ": a fact is kind|key|value|date|text");
                f.resize(5);
                c.expect.push_back({trim(f[0]), trim(f[1]), trim(f[2]), trim(f[3]), trim(f[4])});
            }
        }
        if (c.statement && c.expect.empty())
            return Error::invalid(path.string(), ":", n, ": a statement needs at least one expected fact");
        cases.push_back(std::move(c));
    }
    return cases;
}

bool fact_matches(const ExpectedFact& e, const Fact& f) {
    if (e.kind != fact_kind_name(f.kind)) return false;
    if (!e.key.empty()) {
        if (e.key.back() == ':' ? !f.key.starts_with(e.key) : norm(e.key) != norm(f.key)) return false;
    }
    if (!e.value.empty()) {
        bool any = false;
        for (const auto& alt : split(e.value, "/")) any |= norm(alt) == norm(f.value);
        if (!any) return false;
    }
    if (!e.date.empty()) {
        if (!f.event_time_ms) return false;
        if (e.date != "any" && utc_date(f.event_time_ms) != e.date) return false;
    }
    if (!e.text.empty() && f.text.find(e.text) == std::string::npos) return false;
    return true;
}

ExtractScore score_extraction(const std::vector<ExtractCase>& cases, int64_t time_ms) {
    ExtractScore s;
    for (const auto& c : cases) {
        auto facts = extract_facts("user", c.utterance, time_ms, std::nullopt);
        std::string got;
        for (const auto& f : facts) got += " [" + describe(f) + "]";
        if (!c.statement) {
            s.quiet++;
            if (facts.empty()) s.quiet_ok++;
            else s.misses.push_back(str("line ", c.line, ": no fact expected from \"", c.utterance, "\", got", got));
            for (const auto& f : facts) {
                s.kinds[std::string(fact_kind_name(f.kind))].fp++;
                s.all.fp++;
            }
            continue;
        }
        s.statements++;
        std::vector<bool> used(facts.size(), false);
        bool all_found = true;
        for (const auto& e : c.expect) {
            bool found = false;
            for (size_t i = 0; i < facts.size() && !found; i++)
                if (!used[i] && fact_matches(e, facts[i])) used[i] = found = true;
            auto& k = s.kinds[e.kind];
            if (found) k.tp++, s.all.tp++;
            else {
                k.fn++, s.all.fn++;
                all_found = false;
                s.misses.push_back(str("line ", c.line, ": \"", c.utterance, "\" missed ", e.kind, "|", e.key, "|", e.value, "|",
                                       e.date, "|", e.text, "; got", got.empty() ? " nothing" : got));
            }
        }
        // A fact no label asked for: counted against precision of its kind.
        for (size_t i = 0; i < facts.size(); i++)
            if (!used[i]) {
                s.kinds[std::string(fact_kind_name(facts[i].kind))].fp++;
                s.all.fp++;
            }
        s.kept += all_found;
    }
    return s;
}

}  // namespace os1::memory
