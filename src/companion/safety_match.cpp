// Normalised words and the pattern matcher behind the safety rules (see
// safety_match.h for the syntax and why the text is normalised this way).
#include "companion/safety_match.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <unordered_map>

#include "memory/text.h"

namespace os1::companion::safety {

namespace {

// Contractions without their apostrophe, chat shorthand, and the
// misspellings people make most in exactly these words. Each maps one
// word to one or more words.
const std::unordered_map<std::string, std::string>& word_map() {
    static const std::unordered_map<std::string, std::string> map = {
        {"dont", "do not"}, {"doesnt", "does not"}, {"didnt", "did not"}, {"cant", "can not"},
        {"cannot", "can not"}, {"wont", "will not"}, {"wouldnt", "would not"}, {"couldnt", "could not"},
        {"shouldnt", "should not"}, {"isnt", "is not"}, {"arent", "are not"}, {"wasnt", "was not"},
        {"werent", "were not"}, {"havent", "have not"}, {"hasnt", "has not"}, {"hadnt", "had not"},
        {"aint", "am not"}, {"im", "i am"}, {"ive", "i have"}, {"iam", "i am"}, {"youre", "you are"},
        {"theyre", "they are"}, {"hes", "he is"}, {"shes", "she is"}, {"thats", "that is"},
        {"whats", "what is"}, {"theres", "there is"}, {"its", "it is"}, {"wanna", "want to"},
        {"wana", "want to"}, {"gonna", "going to"}, {"gona", "going to"}, {"gotta", "got to"},
        {"tryna", "trying to"}, {"finna", "going to"}, {"imma", "i am going to"}, {"ima", "i am going to"},
        {"u", "you"}, {"ur", "your"}, {"r", "are"}, {"ppl", "people"}, {"idk", "i do not know"},
        {"dunno", "do not know"}, {"idc", "i do not care"}, {"kms", "kill myself"},
        {"unalive", "kill"}, {"unaliving", "killing"}, {"unalived", "killed"}, {"sewerslide", "suicide"},
        {"suicidle", "suicidal"}, {"suicidial", "suicidal"}, {"sucidal", "suicidal"}, {"suicdal", "suicidal"},
        {"suisidal", "suicidal"}, {"suicial", "suicidal"}, {"sucide", "suicide"}, {"suicde", "suicide"},
        {"suiside", "suicide"}, {"suicid", "suicide"}, {"myslef", "myself"}, {"mysefl", "myself"},
        {"mself", "myself"}, {"myelf", "myself"}, {"mysel", "myself"}, {"meself", "myself"},
        {"kil", "kill"}, {"killin", "killing"}, {"wnat", "want"}, {"wnt", "want"}, {"wamt", "want"},
        {"anymroe", "anymore"}, {"anymor", "anymore"}, {"nomore", "no more"}, {"noone", "no one"},
        {"no1", "no one"}, {"every1", "everyone"}, {"some1", "someone"}, {"alot", "a lot"},
        {"bc", "because"}, {"cuz", "because"}, {"coz", "because"}, {"cos", "because"}, {"abt", "about"},
        {"tmrw", "tomorrow"}, {"tmr", "tomorrow"}, {"tonite", "tonight"}, {"gf", "girlfriend"},
        {"bf", "boyfriend"}, {"selfharm", "self harm"}, {"od", "overdose"}, {"oded", "overdosed"},
        {"odd", "overdosed"}, {"tierd", "tired"}, {"pils", "pills"}, {"bleedin", "bleeding"},
        {"breath", "breathe"}, {"cuting", "cutting"}, {"nobodys", "nobody"}, {"everyones", "everyone"},
        {"mom's", "mom"}, {"tho", "though"}, {"altho", "although"},
        // Chat shorthand (crisis care, fourth pass): "ctb" is "catch the bus"
        // (ending one's life), "kys" is said to someone else.
        {"ctb", "kill myself"}, {"kys", "kill yourself"}, {"unaliv", "kill"}, {"unalives", "kills"},
        {"pls", "please"}, {"plz", "please"}, {"bout", "about"}, {"prolly", "probably"}, {"ded", "dead"},
        {"istg", "i swear"}, {"ik", "i know"}, {"lemme", "let me"}, {"gimme", "give me"}, {"outta", "out of"},
        {"thru", "through"}, {"becuz", "because"}, {"bcuz", "because"}, {"cus", "because"}, {"yall", "you all"},
        {"tabs", "tablets"}, {"wan", "want"}, {"wnna", "want to"}, {"rlly", "really"}, {"ppls", "people"}, {"wit", "with"},
        {"myslf", "myself"}, {"mysef", "myself"}, {"any1", "anyone"},
        {"evry1", "everyone"}, {"luv", "love"}, {"cnt", "can not"}, {"dnt", "do not"},
    };
    return map;
}

// Intensifiers and hedges that never change what is meant here.
const std::set<std::string, std::less<>>& fillers() {
    static const std::set<std::string, std::less<>> words = {
        "just", "really", "realy", "rly", "honestly", "seriously", "kinda", "sorta", "lowkey", "highkey",
        "tbh", "ngl", "rn", "fr", "frfr", "totally", "basically", "legit", "literally", "sometimes",
        "often", "always", "even", "simply", "truly", "genuinely", "actually", "fucking", "fuckin",
        "freaking", "effing", "bloody", "damn", "so", "soo", "sooo", "very", "still", "um", "uh", "umm",
        "uhm", "also", "now", "currently", "constantly", "pretty", "quite"};
    return words;
}

// A clause that starts with one of these words lost its "i" ("dont want
// to be alive", "been cutting again", "cant breathe").
const std::set<std::string, std::less<>>& verb_starts() {
    static const std::set<std::string, std::less<>> words = {
        "want", "wish", "feel", "feeling", "felt", "been", "keep", "kept", "thinking", "thought", "think",
        "do", "can", "hate", "need", "have", "had", "going", "am", "will", "would", "might", "could",
        "should", "started", "starting", "tried", "trying", "took", "taken", "swallowed", "hope",
        "considering", "planning", "ready", "cut", "cutting", "hurt", "hurting", "starving", "giving",
        "gave", "done", "tired", "sick", "scared", "afraid", "terrified", "not", "no", "never", "overdosed",
        "suicidal", "bleeding", "wanted", "relapsed", "about"};
    return words;
}

const std::set<std::string, std::less<>> NOT_SUBJECT_AFTER = {"you", "he", "she", "they", "we", "it", "there", "this", "that"};

// "sooo" -> "so", "pleaseee" -> "please", "helppp" -> "help": a letter
// written three or more times in a row counts once.
std::string collapse_elongation(const std::string& w) {
    std::string out;
    for (size_t i = 0; i < w.size();) {
        size_t j = i;
        while (j < w.size() && w[j] == w[i]) j++;
        const bool letter = std::isalpha(static_cast<unsigned char>(w[i]));
        out.append(letter && j - i >= 3 ? 1 : j - i, w[i]);
        i = j;
    }
    return out;
}

// "cuttin" -> "cutting", "thinkin" -> "thinking", "goin" -> "going": the
// dropped g of chat, where a consonant comes before "in" (or the word is
// one of the few common ones with a vowel), minus the words that really
// end in "in".
std::string restore_dropped_g(const std::string& w) {
    static const std::set<std::string, std::less<>> VOWEL_FORMS = {"goin", "doin", "seein", "bein", "sayin", "playin"};
    static const std::set<std::string, std::less<>> REAL_IN = {
        "cousin", "insulin", "berlin", "assassin", "begin", "within", "cabin", "basin", "raisin", "margin",
        "origin", "robin", "satin", "toxin", "aspirin", "pumpkin", "napkin", "muffin", "dolphin", "vitamin",
        "admin", "latin", "martin", "austin", "justin", "dustin", "colin", "goblin", "bulletin", "javelin",
        "penicillin", "kevin", "gavin", "erin", "karin", "dublin", "franklin", "mandolin", "griffin", "kremlin",
        "lanolin", "melatonin", "serotonin", "dopamine", "heparin", "warfarin", "ketamin", "gremlin", "zeppelin",
        "muslin", "pippin", "sequin", "akin", "plugin", "login", "checkin", "stalin", "lenin", "tintin", "vermin",
        "resin", "denim", "cumin", "catkin", "bodkin", "gherkin", "firkin", "merlin", "hairpin", "drumstickin"};
    if (VOWEL_FORMS.count(w)) return w + "g";
    if (w.size() < 5 || w.compare(w.size() - 2, 2, "in") != 0 || REAL_IN.count(w)) return w;
    const char before = w[w.size() - 3];
    if (!std::isalpha(static_cast<unsigned char>(before)) || std::string_view("aeiou").find(before) != std::string_view::npos)
        return w;
    return w + "g";
}

// "sh" is self-harm only beside words that say so ("relapsed on sh",
// "my sh scars", "urge to sh", "sh again").
bool self_harm_sh(const std::vector<std::string>& raw, size_t i) {
    static const std::set<std::string, std::less<>> BEFORE = {"to", "my", "on", "of", "did", "about", "into",
                                                              "relapse", "relapsed", "from", "do", "doing", "with"};
    static const std::set<std::string, std::less<>> AFTER = {"again", "scars", "scar", "urges", "urge", "relapse",
                                                             "free", "clean", "wounds", "cuts", "tonight", "rn"};
    return (i > 0 && BEFORE.count(raw[i - 1])) || (i + 1 < raw.size() && AFTER.count(raw[i + 1]));
}

// Whether `a` becomes `b` by one edit: a letter changed, added, dropped,
// or two neighbours swapped ("suicdie", "overdoes", "girlfirend").
bool one_edit_apart(std::string_view a, std::string_view b) {
    if (a == b) return false;
    const size_t n = a.size(), m = b.size();
    if (n + 1 < m || m + 1 < n) return false;
    size_t i = 0;
    while (i < std::min(n, m) && a[i] == b[i]) i++;
    if (n == m)
        return a.substr(i + 1) == b.substr(i + 1) ||
               (i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2));
    return n > m ? a.substr(i + 1) == b.substr(i) : a.substr(i) == b.substr(i + 1);
}

// Words the rules turn on, long enough that one edit away from one of
// them is a typo and not another word (checked against WordNet too).
const std::vector<std::string_view>& typo_targets() {
    static const std::vector<std::string_view> words = {
        "suicide", "suicidal", "myself", "overdose", "overdosed", "overdosing", "tonight", "anymore", "tablets",
        "breathe", "breathing", "bleeding", "unconscious", "seizure", "collapsed", "ambulance", "hanging", "goodbye",
        "everyone", "everybody", "burden", "husband", "boyfriend", "girlfriend", "threatened", "threatening",
        "threatens", "choking", "strangled", "strangling", "hitting", "disappear", "existing", "forever", "nobody",
        "pointless", "hopeless", "worthless", "paracetamol", "painkillers", "antidepressants", "cutting",
        "drowning", "jumping", "bridge", "responding", "conscious", "swallowed", "drooping", "slurring", "stroke",
        "killing", "wrists", "living", "somebody", "someone", "anything", "everything", "nothing", "scared",
        "terrified", "breathing", "choked", "punched", "kicked", "slapped", "stabbed", "strangle", "pills",
        "razor", "blade", "knife", "alive", "kill", "dying", "tired", "gonna", "wanna", "really"};
    return words;
}

// A chat typo of one of the rules' words, when the word is not an English
// word itself (WordNet knows "scarred" and "tablet", so those stay).
std::string fix_typo(const std::string& w) {
    if (w.size() < 5 || !std::isalpha(static_cast<unsigned char>(w[0]))) return w;
    std::string_view found;
    for (std::string_view t : typo_targets()) {
        if (t.size() < 6 && w.size() < 6) continue;  // short words: too many neighbours
        if (t[0] != w[0] || !one_edit_apart(w, t)) continue;
        if (!found.empty()) return w;  // two candidates: leave it
        found = t;
    }
    if (found.empty()) return w;
    const memory::Lexicon& lex = memory::Lexicon::get();
    if (!lex.has_wordnet() || lex.is_word(lex.lemma(w))) return w;
    return std::string(found);
}

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c == '\'' || c >= 0x80; }

// Splits a word with an apostrophe: "can't" -> "can not", "he's" -> "he is",
// "book's" -> "book".
std::string expand_apostrophe(const std::string& w) {
    auto ends = [&](std::string_view s) { return w.size() > s.size() && w.compare(w.size() - s.size(), s.size(), s) == 0; };
    auto base = [&](size_t n) { return w.substr(0, w.size() - n); };
    if (w == "can't") return "can not";
    if (w == "won't") return "will not";
    if (w == "ain't") return "am not";
    if (w == "od'd" || w == "od'ed") return "overdosed";
    if (ends("n't")) return base(3) + " not";
    if (ends("'m")) return base(2) + " am";
    if (ends("'re")) return base(3) + " are";
    if (ends("'ve")) return base(3) + " have";
    if (ends("'ll")) return base(3) + " will";
    if (ends("'d")) return base(2) + " would";
    if (ends("'s")) {
        static const std::set<std::string, std::less<>> is_words = {
            "he", "she", "it", "that", "there", "what", "who", "where", "here", "everyone", "everything",
            "nobody", "someone", "somebody", "life", "this", "nothing"};
        std::string b = base(2);
        return is_words.count(b) ? b + " is" : b;
    }
    std::string out;
    for (char c : w)
        if (c != '\'') out += c;
    return out;
}

void push_words(Clause& clause, const std::string& words) {
    size_t pos = 0;
    while (pos < words.size()) {
        size_t sp = words.find(' ', pos);
        if (sp == std::string::npos) sp = words.size();
        if (sp > pos) clause.push_back(words.substr(pos, sp - pos));
        pos = sp + 1;
    }
}

// Mapped and filtered words of one raw clause.
Clause clean(const std::vector<std::string>& raw) {
    Clause out;
    for (size_t i = 0; i < raw.size(); i++) {
        std::string w = raw[i];
        // "ill"/"id" mean "I will"/"I would" only where a subject is expected.
        if (out.empty() && w == "ill") w = "i will";
        else if (out.empty() && w == "id") w = "i would";
        else if (w.find('\'') != std::string::npos) w = expand_apostrophe(w);
        else if (auto it = word_map().find(w); it != word_map().end()) w = it->second;
        else if (w == "sh" && self_harm_sh(raw, i)) w = "self harm";
        else if (std::string g = restore_dropped_g(w); g != w) w = std::move(g);
        else w = fix_typo(w);
        Clause words;
        push_words(words, w);
        for (auto& x : words) {
            if (fillers().count(x)) continue;
            // Two-word spellings: "my self", "any more".
            if (!out.empty() && out.back() == "my" && x == "self") out.back() = "myself";
            else if (!out.empty() && out.back() == "any" && x == "more") out.back() = "anymore";
            else out.push_back(std::move(x));
        }
    }
    if (!out.empty() && verb_starts().count(out[0]) &&
        (out.size() < 2 || !NOT_SUBJECT_AFTER.count(out[1])) &&
        !(out[0] == "do" && (out.size() < 2 || out[1] != "not")) && !(out[0] == "can" && (out.size() < 2 || out[1] != "not")))
        out.insert(out.begin(), "i");
    return out;
}

bool is_laugh_emoji(std::string_view s, size_t i) {
    static const char* const EMOJI[] = {"\xF0\x9F\x98\x82", "\xF0\x9F\xA4\xA3", "\xF0\x9F\x92\x80", "\xF0\x9F\x98\x86",
                                        "\xF0\x9F\x98\x85", "\xF0\x9F\x98\xB9"};
    for (const char* e : EMOJI)
        if (s.substr(i, 4) == e) return true;
    return false;
}

// Emoji that carry meaning here, as words: means ("🔪" a knife, "💊"
// pills), and sadness or sobbing (ambiguous: "😭" is also laughing), kept
// as their own words for the learned layer.
const char* emoji_word(std::string_view s, size_t i) {
    static const std::pair<const char*, const char*> EMOJI[] = {
        {"\xF0\x9F\x94\xAA", "knife"}, {"\xF0\x9F\x92\x8A", "pills"},     {"\xF0\x9F\xAA\xA2", "rope"},
        {"\xF0\x9F\xA9\xB8", "blood"}, {"\xF0\x9F\x98\xAD", "emo_sob"},   {"\xF0\x9F\x92\x94", "emo_sad"},
        {"\xF0\x9F\x98\x94", "emo_sad"}, {"\xF0\x9F\x98\x9E", "emo_sad"}, {"\xF0\x9F\x98\xA2", "emo_sad"},
        {"\xF0\x9F\x99\x83", "emo_upside"}};
    for (const auto& [bytes, word] : EMOJI)
        if (s.substr(i, 4) == bytes) return word;
    return nullptr;
}

long number_value(const std::string& w) {
    static const std::unordered_map<std::string, long> words = {
        {"eight", 8},   {"nine", 9},     {"ten", 10},     {"eleven", 11},  {"twelve", 12},   {"fifteen", 15},
        {"twenty", 20}, {"thirty", 30},  {"forty", 40},   {"fifty", 50},   {"hundred", 100}, {"dozen", 12},
        {"dozens", 24}, {"hundreds", 200}};
    if (auto it = words.find(w); it != words.end()) return it->second;
    if (w.empty() || w.size() > 6) return -1;
    for (char c : w)
        if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    return std::strtol(w.c_str(), nullptr, 10);
}

}  // namespace

bool is_negation(std::string_view w) {
    return w == "not" || w == "never" || w == "no" || w == "nor" || w == "without" || w == ",";
}

bool laughs(const std::vector<Clause>& clauses, const Pattern& laugh, const Pattern& serious) {
    bool laughing = false;
    for (const auto& clause : clauses) {
        if (serious.find(clause).start >= 0) return false;
        for (int from = 0; !laughing && from < static_cast<int>(clause.size());) {
            const auto span = laugh.find(clause, from);
            if (span.start < 0) break;
            from = span.start + 1;
            const bool denied = (span.start >= 1 && is_negation(clause[span.start - 1]) && clause[span.start - 1] != ",") ||
                                (span.start >= 2 && (clause[span.start - 2] == "not" || clause[span.start - 2] == "no") &&
                                 clause[span.start - 1] != ",");
            laughing = !denied;
        }
    }
    return laughing;
}

std::vector<Clause> normalise(std::string_view text) {
    std::vector<Clause> clauses;
    std::vector<std::string> raw;
    auto end_clause = [&] {
        Clause c = clean(raw);
        raw.clear();
        while (!c.empty() && c.back() == ",") c.pop_back();
        if (c.empty()) return;
        // A fragment ("I'm done. With everything.") continues the clause before it.
        static const std::set<std::string, std::less<>> FRAGMENT = {"with", "of", "and", "or", "because", "for", "from"};
        if (!clauses.empty() && FRAGMENT.count(c[0])) clauses.back().insert(clauses.back().end(), c.begin(), c.end());
        else clauses.push_back(std::move(c));
    };
    std::string word;
    auto end_word = [&] {
        while (!word.empty() && word.back() == '\'') word.pop_back();
        while (!word.empty() && word.front() == '\'') word.erase(0, 1);
        if (word.empty()) return;
        word = collapse_elongation(word);
        // "nothing but a burden", "all but gone": "but" that does not start a new clause.
        const bool joined_but = word == "but" && !raw.empty() &&
                                (raw.back() == "nothing" || raw.back() == "anything" || raw.back() == "all" ||
                                 raw.back() == "none" || raw.back() == "everything");
        if (!joined_but && (word == "but" || word == "though" || word == "although" || word == "however")) end_clause();
        else raw.push_back(word);
        word.clear();
    };
    for (size_t i = 0; i < text.size(); i++) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
            unsigned char d = static_cast<unsigned char>(text[i + 2]);
            i += 2;
            if (d == 0x98 || d == 0x99) word += '\'';                          // curly apostrophes
            else if (d == 0x93 || d == 0x94) end_word(), raw.push_back(",");  // dashes
            else if (d == 0xA6) end_word(), end_clause();                      // ellipsis
            else end_word();
            continue;
        }
        if (const char* e = c == 0xF0 ? emoji_word(text, i) : nullptr) {
            end_word();
            raw.push_back(e);
            i += 3;
            continue;
        }
        if (c == 0xF0 && is_laugh_emoji(text, i)) {
            end_word();
            raw.push_back("lol");
            i += 3;
            continue;
        }
        if (is_word_byte(c)) {
            word += static_cast<char>(std::tolower(c));
            continue;
        }
        end_word();
        if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n') end_clause();
        else if (c == ',' || c == ':' || c == '(' || c == ')' || c == '"') raw.push_back(",");
        // '-' and '/' join words ("self-harm" -> "self harm"); other bytes are spaces.
    }
    end_word();
    end_clause();
    return clauses;
}

namespace {

// "my @rel" -> "my husband", "my wife", ... (one @set per phrase).
bool expand_phrase(const Phrase& phrase, const WordSets& sets, std::vector<Phrase>* out, std::string* error) {
    for (size_t i = 0; i < phrase.size(); i++) {
        if (phrase[i].size() < 2 || phrase[i][0] != '@') continue;
        auto it = sets.find(std::string_view(phrase[i]).substr(1));
        if (it == sets.end()) {
            *error = "unknown word set " + phrase[i];
            return false;
        }
        for (const auto& sub : it->second) {
            Phrase x(phrase.begin(), phrase.begin() + static_cast<long>(i));
            x.insert(x.end(), sub.begin(), sub.end());
            x.insert(x.end(), phrase.begin() + static_cast<long>(i) + 1, phrase.end());
            if (!expand_phrase(x, sets, out, error)) return false;
        }
        return true;
    }
    out->push_back(phrase);
    return true;
}

Phrase split_words(std::string_view s) {
    Phrase out;
    size_t q = 0;
    while (q < s.size()) {
        size_t sp = s.find(' ', q);
        if (sp == std::string_view::npos) sp = s.size();
        if (sp > q) out.emplace_back(s.substr(q, sp - q));
        q = sp + 1;
    }
    return out;
}

}  // namespace

std::vector<Phrase> parse_phrases(std::string_view list) {
    std::vector<Phrase> out;
    size_t p = 0;
    while (p <= list.size()) {
        size_t bar = list.find('|', p);
        if (bar == std::string_view::npos) bar = list.size();
        Phrase phrase = split_words(list.substr(p, bar - p));
        if (!phrase.empty()) out.push_back(std::move(phrase));
        p = bar + 1;
    }
    return out;
}

Pattern::Pattern(std::string_view source, const WordSets& sets) {
    size_t pos = 0;
    while (pos < source.size()) {
        if (source[pos] == ' ') {
            pos++;
            continue;
        }
        std::string_view tok;
        bool group = source[pos] == '(';
        if (group) {
            size_t close = source.find(')', pos);
            if (close == std::string_view::npos) {
                m_ok = false;
                m_error = "unclosed ( in " + std::string(source);
                return;
            }
            tok = source.substr(pos + 1, close - pos - 1);
            pos = close + 1;
        } else {
            size_t sp = source.find(' ', pos);
            if (sp == std::string_view::npos) sp = source.size();
            tok = source.substr(pos, sp - pos);
            pos = sp;
        }
        Element e;
        if (group && pos < source.size() && source[pos] == '?') e.optional = true, pos++;
        if (!group && tok.size() > 1 && tok.back() == '?') e.optional = true, tok.remove_suffix(1);
        if (!group && tok == "..") e.kind = Kind::Gap, e.gap = 2;
        else if (!group && tok == "...") e.kind = Kind::Gap, e.gap = 5;
        else if (!group && tok == "^") e.kind = Kind::Start;
        else if (!group && tok == "$") e.kind = Kind::End;
        else {
            // A group holds phrases; outside one, "a|b" are single words.
            for (const auto& ph : parse_phrases(tok))
                if (!expand_phrase(ph, sets, &e.alternatives, &m_error)) {
                    m_ok = false;
                    return;
                }
            for (const auto& ph : e.alternatives) {
                if (ph[0][0] == '$' || ph[0][0] == '#') e.any_first = true;
                else e.first_words.insert(ph[0]);
            }
        }
        m_elements.push_back(std::move(e));
    }
}

bool Pattern::match(size_t i, const Clause& clause, int pos, int* end) const {
    if (i == m_elements.size()) {
        *end = pos;
        return true;
    }
    const Element& e = m_elements[i];
    const int n = static_cast<int>(clause.size());
    switch (e.kind) {
    case Kind::Start: return pos == 0 && match(i + 1, clause, pos, end);
    case Kind::End: return (pos == n || clause[pos] == ",") && match(i + 1, clause, pos, end);
    case Kind::Gap:
        for (int k = 0; k <= e.gap; k++) {
            if (k > 0 && (pos + k - 1 >= n || is_negation(clause[pos + k - 1]))) break;
            if (match(i + 1, clause, pos + k, end)) return true;
        }
        return false;
    case Kind::Words: break;
    }
    if (!e.any_first && (pos >= n || !e.first_words.count(clause[pos])))
        return e.optional && match(i + 1, clause, pos, end);
    for (const auto& phrase : e.alternatives) {
        if (phrase.size() == 1 && phrase[0] == "$") {  // "(anymore|$)": the clause may end here
            if ((pos == n || clause[pos] == ",") && match(i + 1, clause, pos, end)) return true;
            continue;
        }
        int p = pos;
        bool ok = true;
        for (const auto& w : phrase) {
            if (p >= n) {
                ok = false;
                break;
            }
            bool same = w == "#many" ? number_value(clause[p]) >= 8
                        : w == "#year"  ? number_value(clause[p]) >= 1900 && number_value(clause[p]) < 2100
                                        : clause[p] == w;
            if (!same) {
                ok = false;
                break;
            }
            p++;
        }
        if (ok && match(i + 1, clause, p, end)) return true;
    }
    return e.optional && match(i + 1, clause, pos, end);
}

bool Pattern::matches_at(const Clause& clause, int pos, int* end) const { return match(0, clause, pos, end); }

Pattern::Span Pattern::find(const Clause& clause, int from) const {
    for (int s = from; s <= static_cast<int>(clause.size()); s++) {
        int end = 0;
        if (match(0, clause, s, &end) && end > s) return {s, end};
    }
    return {};
}

}  // namespace os1::companion::safety
