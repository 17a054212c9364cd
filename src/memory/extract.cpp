// Deterministic fact extraction over tokens (extract.h). Patterns are short
// word sequences anchored at "i"/"my"; the captured object runs to the end
// of its clause. Hand-matched rather than std::regex: ingest must stay well
// above 2,000 messages a second.
#include "memory/extract.h"

#include <algorithm>
#include <initializer_list>
#include <unordered_set>

#include "memory/text.h"
#include "memory/time_parse.h"

namespace os1::memory {

namespace {

using Words = std::initializer_list<const char*>;

const std::unordered_set<std::string_view> FILLERS = {"really", "also", "just", "still", "totally", "actually",
                                                      "absolutely", "definitely", "truly", "honestly", "kinda",
                                                      "seriously", "always", "finally", "recently", "even",
                                                      "anymore", "nowadays", "currently"};
const std::unordered_set<std::string_view> BOUNDARY = {"and", "but", "because", "so", "since", "when", "while",
                                                       "which", "who", "if", "though", "although", "cause", "as",
                                                       "or", "than", "until", "whenever"};
const std::unordered_set<std::string_view> SINGLE_RELATIONS = {
    "mother", "mom", "mum", "father", "dad", "wife", "husband", "partner", "boyfriend", "girlfriend",
    "fiance", "fiancee", "boss", "therapist", "doctor", "spouse"};
const std::unordered_set<std::string_view> RELATIONS = {
    "mother", "mom", "mum", "father", "dad", "wife", "husband", "partner", "boyfriend", "girlfriend", "fiance",
    "fiancee", "boss", "therapist", "doctor", "spouse", "sister", "brother", "son", "daughter", "friend",
    "cousin", "aunt", "uncle", "grandma", "grandmother", "grandpa", "grandfather", "niece", "nephew",
    "roommate", "colleague", "coworker", "neighbor", "neighbour", "mentor", "dog", "cat", "puppy", "kitten",
    "pet", "baby", "kid", "child", "stepmom", "stepdad", "bestie"};
const std::unordered_set<std::string_view> HEALTH = {
    "cold", "flu", "fever", "cancer", "diabetes", "asthma", "migraine", "migraines", "headache", "headaches",
    "covid", "allergy", "allergies", "depression", "anxiety", "injury", "infection", "surgery", "adhd",
    "insomnia", "arthritis", "concussion", "back", "pain", "condition", "disease", "disorder", "illness"};
const std::unordered_set<std::string_view> EMOTION_WORDS = {
    "love", "hate", "scared", "afraid", "terrified", "worried", "anxious", "nervous", "happy", "sad",
    "excited", "angry", "upset", "lonely", "proud", "grateful", "depressed", "stressed", "hurt", "miss",
    "cry", "cried", "thrilled", "devastated", "heartbroken", "fear", "joy", "passionate", "overwhelmed"};
const std::unordered_set<std::string_view> EVENT_VERBS = {
    "went", "visited", "attended", "joined", "started", "finished", "ran", "adopted", "bought", "met",
    "took", "won", "lost", "graduated", "signed", "volunteered", "painted", "made", "celebrated", "moved",
    "traveled", "travelled", "married", "quit", "began", "completed", "passed", "received", "got", "had"};
const std::vector<std::string_view> JOB_SUFFIXES = {"er", "or", "ist", "ian", "nurse", "doctor", "chef",
                                                    "engineer", "designer", "student", "teacher", "lawyer"};

struct Sentence {
    std::vector<Token> t;   // fillers removed
};

bool at(const std::vector<Token>& t, size_t i, Words words) {
    for (const char* w : words) {
        if (i >= t.size() || t[i].lower != w) return false;
        i++;
    }
    return true;
}

bool one_of(const std::vector<Token>& t, size_t i, Words words) {
    if (i >= t.size()) return false;
    for (const char* w : words)
        if (t[i].lower == w) return true;
    return false;
}

// The object from j to the end of its clause (at most max_len words).
std::pair<size_t, size_t> capture(const std::vector<Token>& t, size_t j, size_t max_len = 8) {
    size_t e = j;
    while (e < t.size() && e - j < max_len) {
        if (e > j && BOUNDARY.count(t[e].lower)) break;
        e++;
        if (t[e - 1].clause_end) break;
    }
    return {j, e};
}

std::string third_person(const std::string& w) {
    if (w == "my") return "their";
    if (w == "me") return "them";
    if (w == "i") return "they";
    if (w == "myself") return "themselves";
    if (w == "am") return "are";
    return w;
}

std::string span_text(const std::vector<Token>& t, std::pair<size_t, size_t> s) {
    std::string out;
    for (size_t i = s.first; i < s.second; i++) {
        if (!out.empty()) out += ' ';
        std::string w = third_person(t[i].lower);
        out += w == t[i].lower ? t[i].orig : w;
    }
    return out;
}

std::string span_key(const std::vector<Token>& t, std::pair<size_t, size_t> s, size_t max_terms = 3) {
    const auto& lex = Lexicon::get();
    std::string out;
    size_t n = 0;
    for (size_t i = s.first; i < s.second && n < max_terms; i++) {
        if (is_stopword(t[i].lower) || t[i].lower == "to") continue;
        if (!out.empty()) out += ' ';
        out += lex.lemma(t[i].lower);
        n++;
    }
    return out;
}

bool capitalized(const Token& t) { return !t.orig.empty() && std::isupper(static_cast<unsigned char>(t.orig[0])); }

struct Builder {
    const std::string& subject;
    int64_t time_ms;
    double emotion;
    std::vector<Fact>& out;

    void add(FactKind kind, std::string key, std::string value, std::string text, double confidence,
             double importance, double emotional, int64_t event_ms = 0) {
        if (key.empty() || value.empty()) return;
        for (const auto& f : out)
            if (f.key == key) return;  // first statement in a message wins
        Fact f;
        f.kind = kind;
        f.subject = subject;
        f.key = std::move(key);
        f.value = std::move(value);
        if (subject == "You") {
            static const std::pair<const char*, const char*> FIX[] = {
                {"You's ", "Your "}, {"You likes", "You like"}, {"You does", "You do"}, {"You is", "You are"},
                {"You hopes", "You hope"}, {"You plans", "You plan"}, {"You lives", "You live"},
                {"You works", "You work"}, {"You has", "You have"}, {"You grew", "You grew"}};
            for (auto& [from, to] : FIX)
                if (text.starts_with(from)) {
                    text = to + text.substr(std::string_view(from).size());
                    break;
                }
        }
        f.text = std::move(text);
        f.confidence = confidence;
        f.importance = importance;
        f.emotional_weight = std::clamp(std::max(emotional, emotion), 0.0, 1.0);
        f.event_time_ms = event_ms;
        f.valid_from_ms = time_ms;
        out.push_back(std::move(f));
    }
};

void scan_sentence(const std::vector<Token>& t, Builder& b, int64_t time_ms) {
    const std::string& S = b.subject;
    int64_t when = event_time(t, 0, t.size(), time_ms);
    for (size_t i = 0; i < t.size(); i++) {
        if (t[i].lower == "my") {
            size_t r = i + 1;
            std::string rel;
            if (at(t, r, {"best", "friend"})) {
                rel = "best friend";
                r += 2;
            } else if (r < t.size() && RELATIONS.count(Lexicon::get().lemma(t[r].lower))) {
                rel = Lexicon::get().lemma(t[r].lower);
                r++;
            }
            if (!rel.empty()) {
                size_t n = r;
                if (at(t, n, {"is", "called"}) || at(t, n, {"name", "is"})) n += 2;
                else if (one_of(t, n, {"called", "named"})) n += 1;
                if (n < t.size() && capitalized(t[n]) && !is_stopword(t[n].lower) && t[n].lower != "i") {
                    std::string name = t[n].orig;
                    bool single = SINGLE_RELATIONS.count(rel) > 0;
                    std::string key = "relation:" + rel + (single ? "" : ":" + t[n].lower);
                    b.add(FactKind::Relation, key, name, str(S, "'s ", rel, " is ", name), 0.9, 0.8, 0.3);
                }
                continue;
            }
            if (one_of(t, i + 1, {"favorite", "favourite"}) && i + 2 < t.size()) {
                size_t k = i + 2;
                size_t v = k;
                while (v < t.size() && v - k < 3 && !one_of(t, v, {"is", "are", "was"})) v++;
                if (v < t.size() && one_of(t, v, {"is", "are"}) && v > k) {
                    auto obj = capture(t, v + 1, 6);
                    std::string thing = span_key(t, {k, v}, 2);
                    std::string value = span_text(t, obj);
                    if (!thing.empty() && !value.empty())
                        b.add(FactKind::Like, "favorite:" + thing, value,
                              str(S, "'s favorite ", span_text(t, {k, v}), " is ", value), 0.9, 0.5, 0.2);
                }
                continue;
            }
            if (at(t, i + 1, {"name", "is"}) && i + 3 < t.size()) {
                b.add(FactKind::Identity, "name", t[i + 3].orig, str(S, "'s name is ", t[i + 3].orig), 0.9, 0.9, 0.2);
                continue;
            }
            if (at(t, i + 1, {"birthday", "is"})) {
                auto obj = capture(t, i + 3, 5);
                b.add(FactKind::Event, "birthday", span_text(t, obj), str(S, "'s birthday is ", span_text(t, obj)), 0.9,
                      0.8, 0.3);
                continue;
            }
            if (at(t, i + 1, {"job", "is"})) {
                auto obj = capture(t, i + 3, 6);
                b.add(FactKind::Job, "job", span_text(t, obj), str(S, "'s job is ", span_text(t, obj)), 0.8, 0.7, 0.1);
                continue;
            }
            if (one_of(t, i + 1, {"goal", "dream", "plan"}) && at(t, i + 2, {"is", "to"})) {
                auto obj = capture(t, i + 4, 8);
                std::string key = span_key(t, obj);
                b.add(FactKind::Hope, "hope:" + key, "yes", str(S, " hopes to ", span_text(t, obj)), 0.8, 0.6, 0.4, when);
                continue;
            }
            continue;
        }
        if (t[i].lower != "i") continue;
        size_t j = i + 1;
        bool negated = false;
        if (one_of(t, j, {"do", "would", "could", "can"}) && at(t, j + 1, {"not"})) {
            negated = true;
            j += 2;
        } else if (at(t, j, {"no", "longer"}) || at(t, j, {"never"})) {
            negated = true;
            j += t[j].lower == "never" ? 1 : 2;
        } else if (at(t, j, {"do"})) {
            j += 1;
        }
        // preferences
        if (one_of(t, j, {"love", "like", "enjoy", "adore", "prefer", "hate", "dislike", "detest", "loathe", "loved",
                          "liked", "enjoyed"}) ||
            (at(t, j, {"can", "not", "stand"}))) {
            bool dislike = one_of(t, j, {"hate", "dislike", "detest", "loathe"}) || at(t, j, {"can", "not", "stand"});
            size_t o = j + (at(t, j, {"can", "not", "stand"}) ? 3 : 1);
            if (at(t, o, {"to"})) o++;
            auto obj = capture(t, o, 6);
            std::string key = span_key(t, obj);
            if (negated) dislike = !dislike;
            if (!key.empty() && !one_of(t, o, {"you", "it", "that", "this", "those", "them", "how", "what", "your"})) {
                std::string what = span_text(t, obj);
                b.add(dislike ? FactKind::Dislike : FactKind::Like, "pref:" + key, dislike ? "no" : "yes",
                      dislike ? str(S, " does not like ", what) : str(S, " likes ", what), 0.8, 0.4,
                      dislike ? 0.4 : 0.3);
            }
            continue;
        }
        if (negated) continue;
        // fears and worries
        if (at(t, j, {"am"}) && one_of(t, j + 1, {"afraid", "scared", "terrified", "frightened"}) &&
            one_of(t, j + 2, {"of", "that"})) {
            auto obj = capture(t, j + 3, 8);
            b.add(FactKind::Fear, "fear:" + span_key(t, obj), "yes", str(S, " is afraid of ", span_text(t, obj)), 0.85,
                  0.7, 0.7);
            continue;
        }
        if ((at(t, j, {"am"}) && one_of(t, j + 1, {"worried", "anxious", "nervous", "stressed", "concerned"}) &&
             one_of(t, j + 2, {"about", "that"})) ||
            (one_of(t, j, {"worry", "fear", "dread"}))) {
            size_t o = at(t, j, {"am"}) ? j + 3 : (at(t, j + 1, {"about"}) ? j + 2 : j + 1);
            auto obj = capture(t, o, 8);
            b.add(FactKind::Fear, "worry:" + span_key(t, obj), "yes", str(S, " is worried about ", span_text(t, obj)),
                  0.8, 0.7, 0.7, when);
            continue;
        }
        // hopes and plans
        if (at(t, j, {"hope"}) || at(t, j, {"wish"}) || (at(t, j, {"want", "to"})) ||
            (at(t, j, {"would", "love", "to"})) || at(t, j, {"am", "hoping", "to"}) || at(t, j, {"dream", "of"})) {
            size_t o = j + 1;
            bool to = false;
            while (o < t.size() && one_of(t, o, {"to", "love", "hoping", "of", "that"})) to |= t[o++].lower == "to";
            auto obj = capture(t, o, 8);
            b.add(FactKind::Hope, "hope:" + span_key(t, obj), "yes", str(S, to ? " hopes to " : " hopes ", span_text(t, obj)),
                  0.7, 0.6, 0.4, when);
            continue;
        }
        if (at(t, j, {"am", "planning", "to"}) || at(t, j, {"plan", "to"}) || at(t, j, {"am", "going", "to"}) ||
            at(t, j, {"am", "thinking", "about"}) || at(t, j, {"am", "thinking", "of"}) || at(t, j, {"will"})) {
            size_t o = j;
            while (o < t.size() && one_of(t, o, {"am", "planning", "plan", "to", "going", "thinking", "about", "of", "will"})) o++;
            auto obj = capture(t, o, 8);
            bool weak = at(t, j, {"will"});
            b.add(FactKind::Plan, "plan:" + span_key(t, obj), "yes", str(S, " plans to ", span_text(t, obj)),
                  weak ? 0.5 : 0.75, 0.6, 0.3, when);
            continue;
        }
        // places
        if (at(t, j, {"live", "in"}) || at(t, j, {"moved", "to"}) || at(t, j, {"am", "moving", "to"}) ||
            at(t, j, {"relocated", "to"})) {
            size_t o = j + (at(t, j, {"am"}) ? 3 : 2);
            auto obj = capture(t, o, 5);
            // "Oslo these days": a proper name ends at the first lower-case word.
            if (o < t.size() && capitalized(t[o])) {
                size_t e = o + 1;
                while (e < obj.second && capitalized(t[e])) e++;
                obj.second = e;
            }
            b.add(FactKind::Place, "lives_in", span_text(t, obj), str(S, " lives in ", span_text(t, obj)), 0.85, 0.7,
                  0.2, when);
            continue;
        }
        if (at(t, j, {"am", "from"}) || at(t, j, {"grew", "up", "in"})) {
            bool grew = at(t, j, {"grew"});
            auto obj = capture(t, j + (grew ? 3 : 2), 5);
            b.add(FactKind::Place, grew ? "grew_up_in" : "from", span_text(t, obj),
                  str(S, grew ? " grew up in " : " is from ", span_text(t, obj)), 0.85, 0.6, 0.2);
            continue;
        }
        // work
        if (at(t, j, {"work", "as"}) || at(t, j, {"am", "working", "as"}) || at(t, j, {"got", "a", "job", "as"})) {
            size_t o = j + (at(t, j, {"work"}) ? 2 : at(t, j, {"am"}) ? 3 : 4);
            if (one_of(t, o, {"a", "an"})) o++;
            auto obj = capture(t, o, 5);
            b.add(FactKind::Job, "job", span_text(t, obj), str(S, " works as ", span_text(t, obj)), 0.85, 0.7, 0.1);
            continue;
        }
        if (at(t, j, {"work", "at"}) || at(t, j, {"work", "for"}) || at(t, j, {"am", "working", "at"})) {
            size_t o = j + (at(t, j, {"work"}) ? 2 : 3);
            auto obj = capture(t, o, 5);
            b.add(FactKind::Job, "employer", span_text(t, obj), str(S, " works at ", span_text(t, obj)), 0.8, 0.6, 0.1);
            continue;
        }
        // health
        if (at(t, j, {"am"}) && one_of(t, j + 1, {"sick", "ill", "pregnant", "injured", "allergic", "diabetic",
                                                  "depressed", "recovering", "exhausted"})) {
            auto obj = capture(t, j + 1, 6);
            b.add(FactKind::Health, "health:" + span_key(t, obj, 2), "yes", str(S, " is ", span_text(t, obj)), 0.75, 0.8,
                  0.6, when);
            continue;
        }
        if (one_of(t, j, {"have", "got", "caught"})) {
            size_t o = j + 1;
            if (one_of(t, o, {"a", "an"})) o++;
            auto obj = capture(t, o, 4);
            bool health = false;
            for (size_t k = obj.first; k < obj.second; k++) health |= HEALTH.count(t[k].lower) > 0;
            if (health) {
                b.add(FactKind::Health, "health:" + span_key(t, obj, 2), "yes", str(S, " has ", span_text(t, obj)), 0.75,
                      0.8, 0.6, when);
                continue;
            }
        }
        if (one_of(t, j, {"broke", "hurt", "injured", "sprained", "twisted"}) && at(t, j + 1, {"my"})) {
            auto obj = capture(t, j + 1, 4);
            b.add(FactKind::Health, "health:" + span_key(t, obj, 2), "injured", str(S, " ", t[j].lower, " ", span_text(t, obj)),
                  0.8, 0.8, 0.6, when ? when : time_ms);
            continue;
        }
        // identity, job by title, age
        if (at(t, j, {"am"}) && j + 3 < t.size() && std::all_of(t[j + 1].lower.begin(), t[j + 1].lower.end(), ::isdigit) &&
            at(t, j + 2, {"years", "old"})) {
            b.add(FactKind::Identity, "age", t[j + 1].lower, str(S, " is ", t[j + 1].lower, " years old"), 0.9, 0.6, 0.1);
            continue;
        }
        if (at(t, j, {"am"}) && one_of(t, j + 1, {"a", "an"})) {
            auto obj = capture(t, j + 2, 3);
            if (obj.second - obj.first >= 1 && !at(t, j + 2, {"bit"}) && !at(t, j + 2, {"little"}) && !at(t, j + 2, {"big"})) {
                std::string last = t[obj.second - 1].lower;
                bool job = false;
                for (auto suf : JOB_SUFFIXES) job |= last.size() > suf.size() + 2 && last.ends_with(suf);
                job |= last == "nurse" || last == "doctor" || last == "chef";
                std::string what = span_text(t, obj);
                if (job) b.add(FactKind::Job, "job", what, str(S, " is a ", what), 0.7, 0.7, 0.1);
                else b.add(FactKind::Identity, "identity:" + span_key(t, obj), what, str(S, " is a ", what), 0.7, 0.6, 0.3);
                continue;
            }
        }
        // routines
        bool routine = false;
        for (size_t k = j; k < t.size() && !routine; k++)
            routine = (t[k].lower == "every" && k + 1 < t.size() &&
                       (one_of(t, k + 1, {"day", "morning", "evening", "night", "week", "weekend", "month", "year",
                                          "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                          "sunday", "summer", "winter"}))) ||
                      t[k].lower == "usually" || t[k].lower == "daily" || t[k].lower == "weekly";
        if (routine) {
            auto obj = capture(t, j, 10);
            b.add(FactKind::Routine, "routine:" + span_key(t, obj), "yes", str(S, " routinely: they ", span_text(t, obj)), 0.7,
                  0.5, 0.2);
            continue;
        }
        // events
        if (j < t.size() && EVENT_VERBS.count(t[j].lower) && (when || !one_of(t, j, {"got", "had", "made", "took"}))) {
            auto obj = capture(t, j, 8);
            std::string key = span_key(t, obj, 4);
            std::string text = str(S, " ", span_text(t, obj));
            if (when) text += str(" (", format_date_words(when), ")");
            b.add(FactKind::Event, "event:" + key, "yes", text, 0.7, 0.5, 0.3, when ? when : time_ms);
            continue;
        }
    }
}

}  // namespace

bool single_valued(const std::string& key) {
    if (key == "lives_in" || key == "from" || key == "grew_up_in" || key == "job" || key == "employer" ||
        key == "name" || key == "age" || key == "birthday")
        return true;
    if (key.starts_with("favorite:")) return true;
    if (key.starts_with("relation:")) return key.find(':', 9) == std::string::npos;
    return false;
}

std::vector<Fact> extract_facts(const std::string& subject, const std::string& text, int64_t time_ms,
                                const std::optional<Affect>& affect) {
    std::vector<Fact> out;
    auto tokens = tokenize(text);
    double emotion = 0;
    if (affect) emotion = std::max(std::abs(affect->valence), affect->arousal);
    int n_emotion = 0;
    for (const auto& tk : tokens) n_emotion += EMOTION_WORDS.count(tk.lower) > 0;
    emotion = std::max(emotion, std::min(1.0, 0.25 * n_emotion));
    std::string who = subject == "user" ? "You" : subject;
    Builder b{who, time_ms, emotion, out};
    std::vector<Token> sentence;
    for (auto& tk : tokens) {
        bool end = tk.sentence_end;
        if (!FILLERS.count(tk.lower)) sentence.push_back(tk);
        else if (!sentence.empty() && tk.clause_end) sentence.back().clause_end = true;
        if (end) {
            if (!sentence.empty()) sentence.back().clause_end = true;
            scan_sentence(sentence, b, time_ms);
            sentence.clear();
        }
    }
    if (!sentence.empty()) scan_sentence(sentence, b, time_ms);
    for (auto& f : out) f.subject = subject;
    return out;
}

}  // namespace os1::memory
