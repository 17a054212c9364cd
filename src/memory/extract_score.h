// Scoring the fact extractor against a labelled set of utterances
// (bench/data/extract/*.tsv; bench/extract_eval.cpp prints the table, a
// unit test asserts the targets on the dev file).
//
// A line is `S|N <TAB> utterance <TAB> facts`: S for a statement about the
// speaker's life, N for a question, small talk or hypothetical (no fact
// allowed). Facts are `kind|key|value|date|text` joined by " ;; ": a key
// ending in ':' matches by prefix, an empty field is not checked, a value
// may list alternatives with '/', date is YYYY-MM-DD (UTC) of the event
// time or "any", text is a substring the fact's text must contain.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "memory/memory.h"

namespace os1::memory {

struct ExpectedFact {
    std::string kind, key, value, date, text;
};

struct ExtractCase {
    int line = 0;
    bool statement = false;  // S: about one's life; N: must yield nothing
    std::string utterance;
    std::vector<ExpectedFact> expect;
};

struct KindScore {
    int tp = 0, fp = 0, fn = 0;
    double precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
    double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
};

struct ExtractScore {
    std::map<std::string, KindScore> kinds;
    KindScore all;
    int statements = 0, kept = 0;   // statements whose every expected fact was found
    int quiet = 0, quiet_ok = 0;    // questions / small talk, and those that yielded nothing
    std::vector<std::string> misses;  // one line per failure, for the report
    double kept_share() const { return statements ? double(kept) / statements : 1.0; }
};

Result<std::vector<ExtractCase>> load_extract_cases(const std::filesystem::path& path);
bool fact_matches(const ExpectedFact& e, const Fact& f);
// Runs the extractor on every case as the person ("user") at `time_ms`.
ExtractScore score_extraction(const std::vector<ExtractCase>& cases, int64_t time_ms);

}  // namespace os1::memory
