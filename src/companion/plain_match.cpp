// Key words and relevance for the none brain's memory answers (plain_match.h).
#include "companion/plain_match.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "companion/plain_intent.h"

namespace os1::companion {

namespace {

const std::unordered_set<std::string_view> STOP = {
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "about", "from", "by", "as",
    "is", "are", "am", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "done", "have", "has",
    "had", "what", "what's", "whats", "who", "who's", "whom", "whose", "where", "where's", "when", "when's", "which",
    "how", "how's", "why", "i", "i'm", "im", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "you", "your",
    "you're", "yours", "u", "we", "our", "us", "they", "them", "their", "he", "him", "his", "she", "her", "it",
    "its", "it's", "this", "that", "these", "those", "there", "here", "name", "names", "named", "called", "know",
    "remember", "recall", "tell", "told", "say", "said", "ask", "asked", "again", "please", "can", "can't", "could",
    "would", "will", "should", "shall", "may", "might", "must", "not", "no", "yes", "any", "some", "anything",
    "something", "thing", "things", "get", "got", "go", "going", "gone", "went", "make", "made", "really", "just",
    "so", "very", "much", "many", "lot", "now", "today", "yesterday", "tomorrow", "tonight", "also", "all", "ever",
    "last", "next", "one", "kind", "sort", "think", "mention", "mentioned", "else", "again", "right", "up", "down",
    "out", "if", "than", "then", "too", "only", "still", "maybe", "actually", "new", "old", "time", "day", "way",
    "want", "need", "needs", "let", "don't", "didn't", "doesn't", "isn't", "aren't", "wasn't", "haven't", "favourite's", "s"};

const std::unordered_map<std::string_view, std::string_view> SYNONYMS = {
    {"job", "work"},        {"jobs", "work"},       {"career", "work"},      {"profession", "work"},
    {"employed", "work"},   {"works", "work"},      {"working", "work"},     {"worked", "work"},
    {"occupation", "work"}, {"live", "live"},       {"lives", "live"},       {"living", "live"},
    {"lived", "live"},      {"moved", "live"},      {"move", "live"},        {"moving", "live"},
    {"based", "live"},      {"reside", "live"},     {"scared", "fear"},      {"afraid", "fear"},
    {"fear", "fear"},       {"fears", "fear"},      {"frightened", "fear"},  {"terrified", "fear"},
    {"phobia", "fear"},     {"love", "like"},       {"loves", "like"},       {"enjoy", "like"},
    {"enjoys", "like"},     {"like", "like"},       {"likes", "like"},       {"fond", "like"},
    {"adore", "like"},      {"hate", "hate"},       {"hates", "hate"},       {"dislike", "hate"},
    {"dislikes", "hate"},   {"loathe", "hate"},     {"favorite", "favorite"}, {"favourite", "favorite"},
    {"fave", "favorite"},   {"mom", "mother"},      {"mum", "mother"},       {"mother", "mother"},
    {"mommy", "mother"},    {"mama", "mother"},     {"dad", "father"},       {"father", "father"},
    {"daddy", "father"},    {"papa", "father"},     {"film", "movie"},       {"films", "movie"},
    {"movie", "movie"},     {"movies", "movie"},    {"kid", "child"},        {"kids", "child"},
    {"children", "child"},  {"child", "child"},     {"neighbour", "neighbor"}, {"grandma", "grandmother"},
    {"granny", "grandmother"}, {"grandpa", "grandfather"}, {"colleague", "coworker"}, {"co-worker", "coworker"},
    {"birthday", "birthday"}, {"born", "birthday"}, {"bday", "birthday"},
};

const std::unordered_set<std::string_view> RELATIONS = {
    "sister", "brother", "mother", "father", "wife", "husband", "partner", "boyfriend", "girlfriend", "friend",
    "son", "daughter", "child", "boss", "coworker", "cousin", "aunt", "uncle", "grandmother", "grandfather",
    "niece", "nephew", "roommate", "neighbor", "dog", "cat", "pet", "puppy", "kitten", "fiance", "fiancee",
    "therapist", "doctor", "teacher", "baby", "twin", "stepmom", "stepdad", "spouse", "sibling", "parent"};

// "running" -> "run", "lives" -> "liv", "baking"/"bake" -> "bak".
std::string stem(std::string w) {
    auto ends = [&](std::string_view s) { return w.size() > s.size() + 2 && w.ends_with(s); };
    if (ends("ing")) w.resize(w.size() - 3);
    else if (ends("ied")) w = w.substr(0, w.size() - 3) + "y";
    else if (ends("ed")) w.resize(w.size() - 2);
    else if (ends("ies")) w = w.substr(0, w.size() - 3) + "y";
    else if (ends("sses") || ends("ches") || ends("shes") || ends("xes")) w.resize(w.size() - 2);
    else if (w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us")) w.pop_back();
    else if (w.size() >= 6 && (w.ends_with("er") || w.ends_with("or"))) w.resize(w.size() - 2);  // "teacher" -> "teach"
    if (w.size() > 3 && w.back() == 'e') w.pop_back();
    if (w.size() > 3 && w.back() == w[w.size() - 2] && !std::strchr("aeiouls", w.back())) w.pop_back();
    return w;
}

std::string canon(std::string w) {
    if (w.ends_with("'s")) w.resize(w.size() - 2);
    if (auto it = SYNONYMS.find(w); it != SYNONYMS.end()) return std::string(it->second);
    if (RELATIONS.count(w)) return w;
    std::string s = stem(w);
    if (auto it = SYNONYMS.find(s); it != SYNONYMS.end()) return std::string(it->second);
    return s;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// Capitalised words after the first of each sentence (names), lower-cased.
std::vector<std::string> names_in(std::string_view raw) {
    std::vector<std::string> out;
    bool first = true;
    for (size_t i = 0; i < raw.size();) {
        size_t j = i;
        while (j < raw.size() && (std::isalnum(static_cast<unsigned char>(raw[j])) || raw[j] == '\'')) j++;
        if (j > i) {
            std::string_view word = raw.substr(i, j - i);
            if (!first && std::isupper(static_cast<unsigned char>(word[0])) && word != "I" && word.rfind("I'", 0) != 0) {
                auto lowered = words_of(word);
                if (!lowered.empty()) out.push_back(canon(lowered[0]));
            }
            first = false;
            i = j;
        } else {
            if (raw[i] == '.' || raw[i] == '?' || raw[i] == '!') first = true;
            i++;
        }
    }
    return out;
}

}  // namespace

Terms key_terms(std::string_view text) {
    Terms t;
    std::vector<std::string> w = words_of(text);
    for (size_t i = 0; i < w.size(); i++) {
        // Phrases first: "for a living" is work, "can't stand" is hate.
        if (i + 2 < w.size() && w[i] == "for" && w[i + 1] == "a" && w[i + 2] == "living") {
            add_unique(t.words, "work");
            i += 2;
            continue;
        }
        if (w[i] == "can't" || w[i] == "cannot" || w[i] == "cant") {  // "can't stand", "can't I stand"
            size_t j = i + 1;
            if (j < w.size() && (w[j] == "i" || w[j] == "you" || w[j] == "we" || w[j] == "they")) j++;
            if (j < w.size() && w[j] == "stand") {
                add_unique(t.words, "hate");
                i = j;
                continue;
            }
        }
        if (STOP.count(w[i]) || w[i].size() < 2) continue;
        std::string c = canon(w[i]);
        if (STOP.count(c) || c.empty()) continue;
        add_unique(t.words, c);
        if (RELATIONS.count(c)) add_unique(t.anchors, c);
    }
    for (const auto& n : names_in(text)) {
        if (STOP.count(n)) continue;
        add_unique(t.words, n);
        add_unique(t.anchors, n);
        add_unique(t.names, n);
    }
    return t;
}

std::string focused_query(std::string_view text) {
    static const auto groups = [] {
        std::unordered_map<std::string, std::vector<std::string>> g;
        for (const auto& [word, canonical] : SYNONYMS) g[std::string(canonical)].push_back(std::string(word));
        for (auto& [k, v] : g) std::sort(v.begin(), v.end());
        return g;
    }();
    const Terms terms = key_terms(text);
    auto known = [&](const std::string& c) { return std::find(terms.words.begin(), terms.words.end(), c) != terms.words.end(); };
    std::vector<std::string> out;
    for (const auto& w : words_of(text)) {  // the words as written ("living" in "for a living" is not "live")
        std::string base = w.ends_with("'s") ? w.substr(0, w.size() - 2) : w;
        if (!STOP.count(w) && known(canon(base))) add_unique(out, base);
    }
    for (const auto& c : terms.words) {
        if (auto it = groups.find(c); it != groups.end()) {
            for (const auto& s : it->second) add_unique(out, s);
        } else if (c.size() >= 3) {
            add_unique(out, c);  // "walking" -> "walk"
        }
    }
    std::string q;
    for (const auto& w : out) q += (q.empty() ? "" : " ") + w;
    return q;
}

Match match(const Terms& question, std::string_view memory_text) {
    Terms m = key_terms(memory_text);
    auto has = [&](const std::string& w) { return std::find(m.words.begin(), m.words.end(), w) != m.words.end(); };
    Match out;
    for (const auto& w : question.words) {
        bool anchor = std::find(question.anchors.begin(), question.anchors.end(), w) != question.anchors.end();
        if (has(w)) (anchor ? out.anchors : out.others)++;
    }
    for (const auto& n : question.names)
        if (!has(n)) return {};                                  // about someone else
    if (!question.anchors.empty() && out.anchors == 0) return {};  // "my brother" is not "my sister"
    return out;
}

}  // namespace os1::companion
