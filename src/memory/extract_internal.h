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
// A place name from o ("Echo Park", "the suburbs"), a job title from k
// ("night shift nurse"), and the employer after it ("at St Mary")
// (extract_home_work.cpp).
Span place_span(const std::vector<Token>& t, size_t o);
Span job_title(const std::vector<Token>& t, size_t k);
void add_employer(const std::vector<Token>& t, size_t k, Builder& b);
// Where the speaker lives, from the verb at t[j] (the subject "I" or "we"
// at t[i]). True when it was a statement about where they live.
bool scan_place(const std::vector<Token>& t, size_t i, size_t j, bool negated, bool anymore, Builder& b);
// What the speaker does for work, from the verb at t[j] ("work as", "work
// at", "teach"). True when it was a statement about their work.
bool scan_work(const std::vector<Token>& t, size_t j, Builder& b);
// People and their roles at t[i] ("my sister Amy", "Dana, my boss", "I have
// two kids, Leo and Maya", "sister Rachel in Seattle"); true when t[i]
// opened a role, named or not (extract_people.cpp).
bool scan_people(const std::vector<Token>& t, size_t i, Builder& b);
// "we moved to Echo Park": the household's place (extract_plans.cpp).
void scan_we(const std::vector<Token>& t, size_t i, Builder& b);
// A plan said with a time ahead ("I start the new job on Monday", "my sister
// visits next weekend"), when the sentence gave no plan or event already
// (facts from b.out[facts_before] on are this sentence's).
void scan_plan(const std::vector<Token>& t, Builder& b, size_t facts_before);

}  // namespace os1::memory::detail
