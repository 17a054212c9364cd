// Private helpers of the extractor (extract.cpp, extract_patterns.cpp,
// extract_time.cpp): how a fact is worded for its subject, and when an
// event happens.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "memory/memory.h"
#include "memory/text.h"

namespace os1::memory::detail {

// Words a fact about `subject` is written with: second person for the
// person using os1 ("Your sister is Amy", "You are afraid of heights"),
// third person for a named speaker ("Caroline's sister is Amy", "Caroline
// is afraid of heights"). Pronouns inside the captured object follow
// ("my exam" -> "your exam" / "their exam").
struct Voice {
    bool you = true;
    std::string name;

    std::string subj() const { return you ? "You" : name; }
    std::string poss() const { return you ? "Your" : name + "'s"; }
    std::string be() const { return you ? "are" : "is"; }
    std::string do_not() const { return you ? "don't" : "doesn't"; }
    // "like" -> "like" / "likes"; "go" -> "goes", "have" -> "has".
    std::string verb(std::string_view base) const;
    // A word of the speaker's own sentence, in this voice ("my" -> "your").
    std::string pronoun(const Token& t) const;
};

std::string third_person_verb(std::string_view base);

struct When {
    int64_t ms = 0;            // 0 = no time named
    bool has_time_of_day = false;
};
// The time a stretch of a sentence names, resolved against the message time.
When when_of(const std::vector<Token>& t, size_t from, size_t to, int64_t message_ms);
// "12 May 2023" or "9 May 2023, 17:00" ("" for no time).
std::string describe(const When& w);

// Collects the facts of one message (the first fact for a key wins).
struct Builder {
    Voice voice;
    std::string subject;
    int64_t time_ms = 0;
    double emotion = 0;
    std::vector<Fact>& out;

    void add(FactKind kind, std::string key, std::string value, std::string text, double confidence,
             double importance, double emotional, int64_t event_ms = 0);
};

// Token helpers.
using Span = std::pair<size_t, size_t>;
bool at(const std::vector<Token>& t, size_t i, std::initializer_list<const char*> words);
bool one_of(const std::vector<Token>& t, size_t i, std::initializer_list<const char*> words);
bool capitalized(const Token& t);
// The object from j to the end of its clause (at most max_len words).
Span capture(const std::vector<Token>& t, size_t j, size_t max_len = 8);
std::string span_text(const std::vector<Token>& t, Span s, const Voice& v);
std::string span_key(const std::vector<Token>& t, Span s, size_t max_terms = 3);

// Patterns anchored at "my" (relations, favorites, named events) and at "I"
// (preferences, fears, plans, places, work, health, routines, events).
// Return true when they consumed the anchor.
bool scan_my(const std::vector<Token>& t, size_t i, Builder& b);
void scan_i(const std::vector<Token>& t, size_t i, Builder& b);
// "Amy is my sister": a name before "is my <relation>".
bool scan_named_relation(const std::vector<Token>& t, size_t i, Builder& b);

}  // namespace os1::memory::detail
