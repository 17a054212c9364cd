// Internal to the safety detector: normalised words and the small pattern
// language its rules are written in (safety_rules.h). Not a public API.
//
// Normalising turns "Sometimes I DON'T wanna be alive anymore..." into the
// clause {"i", "do", "not", "want", "to", "be", "alive", "anymore"}: lower
// case; contractions expanded with or without their apostrophe ("dont",
// "im", "cant"); chat shorthand and common misspellings mapped ("kms",
// "wanna", "suicidle", "myslef"); intensifiers dropped ("just", "really",
// "honestly", "so"), since they never change what is meant and would
// otherwise multiply the patterns; a clause that starts with a verb gets
// its missing "i" back ("dont want to be alive"). Clauses end at . ! ? ;
// and at "but"/"though" (a fragment such as ". With everything." joins the
// clause before it); commas become a "," word that gaps never cross.
//
// Pattern syntax (space-separated elements, matched at any position):
//   word          that word
//   a|b|c         one of these words
//   (a b|c|d e)   one of these phrases; a phrase may use @set ("my @rel")
//   @set          one of the set's phrases (a set entry may be several words)
//   #many         a number of 8 or more ("30", "twenty", "dozen"); #year 1900-2099
//   x?            the element is optional (x is a word, a|b, (group) or @set)
//   ..  ...       a gap of up to 2 / up to 5 words; a gap never skips a
//                 negation ("not", "never", "no") or a comma
//   ^   $         start / end of the clause (a comma also ends it); "$" may
//                 also be one of a group's phrases: "(anymore|$)"
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace os1::companion::safety {

using Phrase = std::vector<std::string>;
using Clause = std::vector<std::string>;

// The message as normalised clauses.
std::vector<Clause> normalise(std::string_view text);

// "a b|c" -> {{"a","b"},{"c"}}.
std::vector<Phrase> parse_phrases(std::string_view list);

// Named word sets: "gone" -> {"gone"}, {"not", "here"}, ...
using WordSets = std::map<std::string, std::vector<Phrase>, std::less<>>;

class Pattern {
public:
    // `source` uses the syntax above; an unknown @set is a programming
    // error reported by ok() (tests check every rule compiles).
    Pattern(std::string_view source, const WordSets& sets);
    bool ok() const { return m_ok; }
    const std::string& error() const { return m_error; }

    // Where the pattern first matches in `clause` at or after `from`:
    // [start, end) of the words, or start = -1.
    struct Span {
        int start = -1, end = -1;
    };
    Span find(const Clause& clause, int from = 0) const;
    bool matches_at(const Clause& clause, int pos, int* end) const;

private:
    enum class Kind { Words, Gap, Start, End };
    struct Element {
        Kind kind = Kind::Words;
        std::vector<Phrase> alternatives;  // Words
        std::set<std::string, std::less<>> first_words;  // Words: a quick "cannot match here"
        bool any_first = false;                           // Words: "$", "#many" or "#year" may start it
        bool optional = false;
        int gap = 0;                       // Gap: most words skipped
    };
    bool match(size_t element, const Clause& clause, int pos, int* end) const;

    std::vector<Element> m_elements;
    bool m_ok = true;
    std::string m_error;
};

// Words a gap may not skip, and that make what follows them negated.
bool is_negation(std::string_view word);

// Whether a message (its clauses) laughs: a word of `laugh` ("lol",
// "joking", "haha") that no negation governs ("not joking", "no kidding",
// "not even joking" say the opposite), and no clause says it is meant
// (`serious`: "not the funny way", "i mean it", "asking for real").
bool laughs(const std::vector<Clause>& clauses, const Pattern& laugh, const Pattern& serious);

}  // namespace os1::companion::safety

namespace os1::companion {
// For tests: "" when every rule and word set of the detector compiles,
// else the first rule's problem.
std::string safety_rules_error();
}  // namespace os1::companion
