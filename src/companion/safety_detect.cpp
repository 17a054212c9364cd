// The crisis detector: runs the rules (safety_rules_self.cpp,
// safety_rules_others.cpp) over normalised clauses, with the checks that
// keep hyperbole, fiction, other people and the past from firing.
//
// A rule fires when its pattern matches a normalised clause
// (safety_match.h) and none of these say otherwise:
//  - negation: "not", "never", "no" within the four words before the match
//    ("I'm not suicidal", "I would never hurt myself") unless a word of
//    doubt stands between ("I'm not sure I want to live", "I don't know
//    why I want to die", "I can't stop thinking about killing myself").
//    Rules whose pattern contains the negation itself are NO_NEG;
//  - `unless_after`: words right after the match that turn it into an
//    idiom or an accident ("want to die of embarrassment", "cut myself
//    shaving", "beat me at chess", "hit me up");
//  - SELF rules: the nearest person named before the match must be the
//    speaker (or nobody: "suicidal again tonight"), so "my friend is
//    suicidal" is not the speaker's crisis;
//  - the clause talks about fiction, news, games, awareness work or
//    research ("in the film", "suicide prevention month");
//  - the clause is about the past ("years ago", "used to", "when I was a
//    kid"; medical also "last year", "recovered", "died of");
//  - JOKE rules (the phrasings people also use as hyperbole) do not fire
//    when the message laughs or says it is joking ("lol", "jk", "😂"),
//    unless the laugh is denied or the message says it is meant ("not
//    joking", "not the funny way", "i mean it": `laughs`);
//  - `unless_in`: the clause gives an ordinary reason ("I can't take this
//    anymore, my neighbours are so loud", "so full I can't breathe",
//    "suicide is a public health issue").
// The compositional layer (safety_compose.cpp, rules named "cue_...")
// goes through the same checks; its rules come last, so a phrase rule
// names what fired when both do.
#include <algorithm>

#include "companion/safety.h"
#include "companion/safety_learned.h"
#include "companion/safety_match.h"
#include "companion/safety_rules.h"

namespace os1::companion {

namespace safety {

namespace {

void expand(const Phrase& ph, const WordSets& sets, std::vector<Phrase>* out) {
    for (size_t i = 0; i < ph.size(); i++) {
        if (ph[i].size() < 2 || ph[i][0] != '@') continue;
        auto it = sets.find(std::string_view(ph[i]).substr(1));
        if (it == sets.end()) return;
        for (const auto& sub : it->second) {
            Phrase x(ph.begin(), ph.begin() + static_cast<long>(i));
            x.insert(x.end(), sub.begin(), sub.end());
            x.insert(x.end(), ph.begin() + static_cast<long>(i) + 1, ph.end());
            expand(x, sets, out);
        }
        return;
    }
    out->push_back(ph);
}

}  // namespace

WordSets build_word_sets() {
    WordSets sets;
    // In table order, so "someone" can use "rel" ("my @rel").
    for (auto table : {word_set_table(), cue_set_table(), frame_set_table(), more_frame_set_table()})
        for (const auto& [name, text] : table) {
            std::vector<Phrase> expanded;
            for (const auto& ph : parse_phrases(text)) expand(ph, sets, &expanded);
            sets[name] = std::move(expanded);
        }
    return sets;
}

}  // namespace safety

namespace {

using namespace safety;


struct Compiled {
    const Rule* rule;
    Pattern pattern;
    Pattern unless;
    bool has_unless;
    Pattern unless_in;
    bool has_unless_in;
};

struct CompiledPair {
    const PairRule* rule;
    Pattern first, second, unless_in;
    bool has_unless_in;
};

struct Detector {
    WordSets sets;
    std::vector<Compiled> rules;
    std::vector<CompiledPair> pairs;
    Pattern past_medical, doubt, laugh, serious, others, first_person;
    SetAside aside;
    std::string error;

    // A "phrase|phrase" list as one pattern element.
    Pattern any_of(const char* list) { return Pattern(std::string("(") + list + ")", sets); }

    Detector()
        : sets(build_word_sets()), past_medical("", sets), doubt("", sets), laugh("", sets), serious("", sets),
          others("", sets), first_person("", sets), aside(sets) {
        past_medical = any_of(PAST_MEDICAL);
        doubt = any_of(DOUBT);
        laugh = any_of(LAUGH);
        serious = any_of(SERIOUS);
        others = any_of(OTHERS);
        first_person = any_of(FIRST_PERSON);
        if (!aside.error().empty()) error = "set aside: " + aside.error();
        for (auto table :
             {self_harm_rules(), danger_and_medical_rules(), more_rules(), compose_rules(), frame_rules(), acute_rules(),
              more_frame_rules()})
            for (const auto& r : table) add(r);
        for (auto table : {pair_rules(), more_pair_rules()})
            for (const auto& r : table) {
                CompiledPair c{&r, Pattern(std::string("@") + r.first, sets), Pattern(std::string("@") + r.second, sets),
                               Pattern(std::string("(") + r.unless_in + ")", sets), r.unless_in[0] != 0};
                for (const Pattern* p : {&c.first, &c.second, &c.unless_in})
                    if (!p->ok() && (p != &c.unless_in || c.has_unless_in) && error.empty())
                        error = std::string(r.name) + ": " + p->error();
                pairs.push_back(std::move(c));
            }
    }

    void add(const Rule& r) {
        Compiled c{&r,
                   Pattern(r.pattern, sets),
                   Pattern(std::string("(") + r.unless_after + ")", sets),
                   r.unless_after[0] != 0,
                   Pattern(std::string("(") + r.unless_in + ")", sets),
                   r.unless_in[0] != 0};
        if (!c.pattern.ok() && error.empty()) error = std::string(r.name) + ": " + c.pattern.error();
        if (c.has_unless && !c.unless.ok() && error.empty()) error = std::string(r.name) + ": " + c.unless.error();
        if (c.has_unless_in && !c.unless_in.ok() && error.empty()) error = std::string(r.name) + ": " + c.unless_in.error();
        rules.push_back(std::move(c));
    }
};

const Detector& detector() {
    static const Detector d;
    return d;
}

bool contains(const Pattern& p, const Clause& clause) { return p.find(clause).start >= 0; }

bool word_in(const Pattern& set, const Clause& clause, int at, int* end = nullptr) {
    int e = 0;
    bool m = set.matches_at(clause, at, &e) && e > at;
    if (end) *end = e;
    return m;
}

// A negation in the four words before `start` that no word of doubt follows.
bool negated(const Detector& d, const Clause& clause, int start) {
    for (int j = start - 1; j >= 0 && j >= start - 4; j--) {
        if (clause[j] == ",") return false;
        if (clause[j] == "not" || clause[j] == "never" || clause[j] == "no" || clause[j] == "nor") {
            // "why should I not ...", "why not ...": a question, not a denial.
            if ((j >= 1 && clause[j - 1] == "why") || (j >= 2 && clause[j - 2] == "why")) return false;
            // "no, I want to die", "no seriously i want to ...": an answer, not a denial of what follows.
            if (clause[j] == "no" && j + 1 < start &&
                (j == 0 || clause[j - 1] == "lol" || clause[j - 1] == "haha" || clause[j - 1] == "lmao" ||
                 clause[j - 1] == "omg" || clause[j - 1] == "oh" || clause[j - 1] == "ok" || clause[j - 1] == "okay") &&
                (clause[j + 1] == "i" || clause[j + 1] == "you" || clause[j + 1] == "honestly" || clause[j + 1] == "like"))
                return false;
            // "not only/just" is not a denial.
            for (int k = j + 1; k < start; k++)
                if (word_in(d.doubt, clause, k)) return false;
            return true;
        }
    }
    return false;
}

// Whether the nearest person named before `start` is the speaker (or no
// one, unless `named`).
bool about_self(const Detector& d, const Clause& clause, int start, bool named) {
    for (int j = start - 1; j >= 0; j--) {
        if (clause[j] == ",") return !named;
        // "my" names the speaker for SELF ("my suicidal thoughts") but not
        // for ME: in "my battery is about to die" the battery is the subject.
        if (word_in(d.first_person, clause, j) && !(named && (clause[j] == "my" || clause[j] == "mine"))) return true;
        if (word_in(d.others, clause, j)) {
            // "my friend" is someone else; "friend of mine" too; "them"/"him" are objects, not listed.
            return false;
        }
    }
    return !named;
}

// `context`: where `unless_in` looks (the clause; for WHOLE rules every
// clause of the message, fiction and the past included: "how long does it
// take to die of thirst? asking for my survival game").
bool fires(const Detector& d, const Compiled& c, const Clause& clause, bool laughing, const Clause* context = nullptr) {
    const Rule& r = *c.rule;
    if ((r.flags & JOKE) && laughing) return false;
    if (c.has_unless_in && contains(c.unless_in, context ? *context : clause)) return false;
    for (int from = 0; from < static_cast<int>(clause.size());) {
        auto span = c.pattern.find(clause, from);
        if (span.start < 0) return false;
        from = span.start + 1;
        if (!(r.flags & NO_NEG) && negated(d, clause, span.start)) continue;
        if (c.has_unless) {
            int e = 0;
            if (c.unless.matches_at(clause, span.end, &e)) continue;
        }
        if ((r.flags & (SELF | ME)) && !about_self(d, clause, span.start, r.flags & ME)) continue;
        if ((r.flags & MINE) && !contains(d.first_person, clause)) continue;
        return true;
    }
    return false;
}

// A PAIR rule: both cue classes in the message's read clauses, at spans
// that do not overlap, neither negated; with SELF, each in a clause about
// the speaker ("my mum keeps saying goodbye", "he's at peace now").
bool pair_fires(const Detector& d, const CompiledPair& c, const std::vector<Clause>& clauses, const Clause& all,
                bool laughing) {
    if ((c.rule->flags & JOKE) && laughing) return false;
    if (c.has_unless_in && contains(c.unless_in, all)) return false;
    struct Hit {
        size_t clause;
        int start, end;
    };
    auto hits = [&](const Pattern& p, bool self) {
        std::vector<Hit> out;
        for (size_t k = 0; k < clauses.size(); k++)
            for (int from = 0; from < static_cast<int>(clauses[k].size());) {
                auto span = p.find(clauses[k], from);
                if (span.start < 0) break;
                from = span.start + 1;
                if (negated(d, clauses[k], span.start)) continue;
                if (self && !about_self(d, clauses[k], span.start, false)) continue;
                out.push_back({k, span.start, span.end});
            }
        return out;
    };
    const auto first = hits(c.first, c.rule->flags & SELF);
    if (first.empty()) return false;
    for (const Hit& b : hits(c.second, c.rule->flags & SELF))
        for (const Hit& a : first)
            if (a.clause != b.clause || b.start >= a.end || a.start >= b.end) return true;
    return false;
}

int urgency(CrisisKind k) { return k == M ? 3 : k == S ? 2 : k == D ? 1 : 0; }

// The learned layer (safety_learned.h), when no rule fired: it fires
// above its threshold unless a blocker speaks. Blockers beat the model:
// laughter; nothing left once fiction and the past are set aside; a
// self-harm reading of a message about someone else ("my brother wants
// to end it all" is a worry, not the speaker's crisis) or of an accident
// ("cut my arm shaving, clumsy me"), and a danger reading of it too where
// cross-validation found that it helps (`other_blocks_danger`: "my
// brother says he's been cutting" is a worry, not danger to the speaker);
// everyday business ("i want to sleep
// forever after this exam week") when cross-validation found that it
// helps (`everyday_blocks`; otherwise it is one of the model's features).
void consult_model(std::string_view text, CrisisSignal* out) {
    const ModelInput in = model_input(text);
    if (in.laughing || in.empty || (in.everyday && embedded_model().everyday_blocks)) return;
    const ModelScore score = model_score(in.features);
    const EmbeddedModel& m = embedded_model();
    if (score.p_crisis < (score.kind != S && m.threshold_others > 0 ? m.threshold_others : m.threshold)) return;
    if (score.kind == S && (in.about_other || in.accident || in.denied || in.recovered)) return;
    if (score.kind == D && in.about_other && m.other_blocks_danger) return;
    out->kind = score.kind;
    out->kinds.push_back(score.kind);
    out->rule = "model";
}

}  // namespace

// For tests: every rule and set compiles ("" when they do).
std::string safety_rules_error() { return detector().error; }

// A rule's reading stands unless the learned layer is sure it is not a
// crisis (p_crisis below `veto`, chosen by cross-validation; 0 turns it
// off), for the whole message and for each of its clauses: the rules
// over-fire on look-alikes ("i'd kill for a coffee"-like sentences their
// authors did not foresee). A short message (`veto_min_words`, chosen by
// cross-validation too) is not vetoed: "I feel like dying." gives the
// model nothing that says otherwise.
CrisisSignal detect_crisis(std::string_view text) {
    CrisisSignal out = safety::detect_by_rules(text);
    if (out.kind == CrisisKind::None) {
        consult_model(text, &out);
        return out;
    }
    const float veto = safety::embedded_model().veto;
    if (safety::message_words(text) <= safety::embedded_model().veto_min_words) return out;
    if (veto <= 0 || safety::model_score(safety::model_input(text).features).p_crisis >= veto) return out;
    for (const auto& clause : safety::clause_texts(text)) {  // one clause that reaches it is enough
        const auto in = safety::model_input(clause);
        if (!in.empty && safety::model_score(in.features).p_crisis >= veto) return out;
    }
    return CrisisSignal{};
    return out;
}

CrisisSignal safety::detect_by_rules(std::string_view text) {
    const Detector& d = detector();
    CrisisSignal out;
    auto clauses = safety::normalise(text);
    const bool laughing = laughs(clauses, d.laugh, d.serious);
    // A recovery told ("four years free from self harm") is no self-harm now.
    const bool recovered = d.aside.recovered(clauses);
    // The whole message as one clause, for WHOLE rules: the clauses that
    // are not fiction or the past, joined, commas dropped.
    Clause whole, all;         // the read clauses joined; every clause joined
    std::vector<Clause> read;  // what is read of the clauses (fiction, topics and the past set aside)
    for (const auto& clause : clauses)
        for (const auto& w : clause)
            if (w != ",") all.push_back(w);
    for (const auto& clause : clauses) {
        Clause part = d.aside.read(clause);
        if (part.empty()) continue;
        for (const auto& w : part)
            if (w != ",") whole.push_back(w);
        read.push_back(std::move(part));
    }
    auto found = [&](const Compiled& c) {
        const CrisisKind kind = c.rule->kind;
        out.kinds.push_back(kind);
        if (urgency(kind) > urgency(out.kind)) {
            out.kind = kind;
            out.rule = c.rule->name;
        }
    };
    auto wanted = [&](CrisisKind kind) {
        return !(kind == S && recovered) && std::find(out.kinds.begin(), out.kinds.end(), kind) == out.kinds.end();
    };
    for (const auto& clause : read) {
        const bool medical_past = contains(d.past_medical, clause);
        for (const auto& c : d.rules) {
            const CrisisKind kind = c.rule->kind;
            if (c.rule->flags & WHOLE) continue;
            if (kind == M && medical_past) continue;
            if (!wanted(kind)) continue;
            if (!fires(d, c, clause, laughing)) continue;
            found(c);
        }
    }
    for (const auto& c : d.rules) {
        if (!(c.rule->flags & WHOLE) || whole.empty()) continue;
        if (!wanted(c.rule->kind)) continue;
        if (fires(d, c, whole, laughing, &all)) found(c);
    }
    for (const auto& c : d.pairs) {
        if (whole.empty() || !wanted(c.rule->kind)) continue;
        if (!pair_fires(d, c, read, all, laughing)) continue;
        out.kinds.push_back(c.rule->kind);
        if (urgency(c.rule->kind) > urgency(out.kind)) {
            out.kind = c.rule->kind;
            out.rule = c.rule->name;
        }
    }
    std::sort(out.kinds.begin(), out.kinds.end(), [](CrisisKind a, CrisisKind b) { return urgency(a) > urgency(b); });
    return out;
}

}  // namespace os1::companion
