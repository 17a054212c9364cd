// The learned layer's features (safety_learned.h). Every feature is a
// string, so the trainer (bench/safety_train.cpp) and the detector read a
// message the same way, and the embedded weights stay readable:
//
//   w:razor      a word               n:alive    a word a negation governs
//   b:want_die   two words in a row   k:sharp    a word class below (n-k: negated)
//   s:c_wish     a word set or cue class of the rules matched (ns: negated)
//   p:c_wish+c_end  two cue classes in one clause (the compositional layer's idea, learned)
//   who:other    someone else is the subject    who:me  the speaker is named
//   me+k:sharp   a class or set feature in a clause about the speaker (ot+: about someone else)
//   ctx:everyday the clause names everyday business
//   l:slice      a word's WordNet lemma, where it differs ("slicing"; nl: negated)
//   k~:sharp     a word outside every class whose WordNet synonyms are in one
//                ("dagger" -> knife); a class reached through a lemma is k: as usual
//   x:pills+time a word class or cue class in one clause, another in a later
//                one of the same message ("got the pills. tonight's the night")
//   sb:want_die  two words with one between ("want to die")
//   kb:fall>high a word class, then another at most four words on ("jump off the bridge")
//   c:^sui       four letters of a word of four or more, "^" and "$" marking its
//                ends: misspellings and new forms share most of them
//   a:sadness>3  the emotion recogniser (src/affect) gives sadness p >= 0.3 (ae: its Ekman heads)
//   vn+k:final   a class, set, cue pair or who feature in a dark message (vp+: light, va+:
//                irritated; q+: the message asks a question)
//
// Clauses about fiction, news or the past are not read (as for the rules).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <map>
#include <tuple>

#include "affect/affect.h"
#include "affect/conversation.h"
#include "companion/safety_learned.h"
#include "companion/safety_match.h"
#include "companion/safety_rules.h"
#include "memory/text.h"

namespace os1::companion::safety {

namespace {

// Word classes that map words nobody listed onto shared features. Single
// words only (phrases are the word sets' job); inflections written out.
const std::pair<const char*, const char*> CLASSES[] = {
    {"sharp", "razor|razors|blade|blades|knife|knives|scissors|scalpel|sharpener|glass|shard|boxcutter|needle"},
    {"pills", "pills|pill|tablets|tablet|paracetamol|tylenol|ibuprofen|aspirin|acetaminophen|meds|medication|"
              "medicine|painkillers|antidepressants|sertraline|insulin|codeine|sleeping|overdose|overdosed|od|"
              "dose|packets|packet|bottle"},
    {"hang", "rope|noose|belt|cord|ligature|cable|beam|hang|hanging|hanged|hung"},
    {"high", "bridge|roof|rooftop|cliff|ledge|edge|balcony|tower|building|window|railway|tracks|platform|"
             "motorway|highway|overpass|carpark|storey|floor"},
    {"fall", "jump|jumping|jumped|leap|leaping|step|stepping|fall|falling|throw|throwing|drop|dropping"},
    {"poison", "bleach|poison|poisoned|antifreeze|chemicals|fumes|exhaust|engine|gas|charcoal|drank|swallowed"},
    {"gun", "gun|guns|pistol|rifle|shotgun|firearm|bullet|trigger"},
    {"death", "die|dying|died|dead|death|suicide|suicidal|kill|killing|unalive|grave|funeral|buried|perish"},
    {"exist", "exist|existing|existence|alive|living|live|life|breathing|here|around|survive|surviving|wake"},
    {"vanish", "disappear|disappearing|vanish|vanishing|gone|fade|fading|erase|erased|nothing|nobody|forever|"
               "permanently|permanent|goodbye|bye|farewell"},
    {"wound", "cut|cutting|carve|carved|carving|slice|sliced|slit|slitting|burn|burned|burnt|burning|scratch|"
              "scratching|scratched|bleed|bleeding|bled|scars|scar|wounds|wound|harm|hurt|hurting|punish"},
    {"body", "wrist|wrists|arm|arms|thigh|thighs|legs|leg|skin|stomach|neck|throat|chest|head|face|hands|hand"},
    {"worth", "burden|waste|useless|worthless|pointless|point|better|easier|lighter|relieved|relief|favour|"
              "favor|sense|reason|hopeless|trapped"},
    {"final", "last|final|letters|letter|note|notes|will|goodbyes|ready|decided|tonight|peace|finally|end|"
              "over|done|plan|planned|planning"},
    {"give", "giving|gave|give|given|donate|donated|sort|deleted|delete|updated|cancelled"},
    {"time", "tonight|now|today|tomorrow|soon|morning|weekend|christmas|birthday|week|minutes|hour|hours"},
    {"hit", "hit|hits|hitting|beat|beats|beating|punch|punched|punches|slap|slapped|choke|choked|choking|"
            "strangle|strangled|kick|kicked|stab|stabbed|shove|shoved|pushed|grabbed|attack|attacked|rape|raped"},
    {"threat", "threaten|threatened|threatens|threatening|warned|said|says|swore|promised|kill"},
    {"captive", "lock|locked|locks|trapped|leave|let|phone|keys|money|allowed|watching|tracks|tracking|follow|"
                "following|followed|outside|door|window"},
    {"abuser", "boyfriend|girlfriend|husband|wife|partner|ex|stepdad|stepmom|stepmum|dad|father|mum|mom|"
               "mother|brother|uncle|man|guy|someone|he|she|they|him|her|them"},
    {"fear", "scared|terrified|afraid|frightened|hiding|hide|panicking|panic|unsafe|danger|help"},
    {"symptom", "chest|breathe|breathing|breath|unconscious|collapsed|collapse|seizure|fit|fitting|blue|"
                "bleeding|numb|droopy|drooping|slurred|swollen|swelling|allergic|pain|crushing|faint|fainted|"
                "vomiting|choking|responsive|unresponsive|moving|waking|wake|pulse|stroke|heart|bleed"},
    {"child", "baby|son|daughter|boy|girl|toddler|kid|child|grandad|grandma|granddad|nan|mum|dad|friend"},
    {"laugh", "lol|haha|hahaha|lmao|lmfao|rofl|jk|joking|kidding"},
    {"accident", "accident|accidentally|accidental|mistake|shaving|chopping|cooking|baking|clumsy|tripped|"
                 "slipped|sunburn|sunburnt|gloves"},
    {"feel", "tired|exhausted|empty|numb|hopeless|alone|lonely|broken|sad|depressed|miserable|awful|worse"},
    // Frames of indirect self-harm: what comes after the person, saying
    // goodbye, gathering a means, water as a way out.
    {"after", "after|afterwards|later|anymore|longer|around|behind|without|miss|missed|matter|remember|remembered|"
              "find|found|wonder|sorted|looked"},
    {"farewell", "goodbye|goodbyes|farewell|letters|letter|notes|note|hug|hugged|sorry|forgive|thank|thanks|love|"
                 "said|everyone|everybody|kids|family|instructions|passwords"},
    {"store", "stockpiling|stockpiled|stockpile|saving|saved|collecting|collected|hoarding|hoarded|stash|enough|"
              "bought|ordered|researched|googled|searched|looked"},
    {"water", "water|river|canal|sea|lake|ocean|drown|drowning|waves|tide|pier|bath|under"},
};

struct Reader {
    WordSets sets = build_word_sets();
    std::vector<std::pair<std::string, Pattern>> set_patterns;
    Pattern laugh, serious, others, first_person, everyday;
    SetAside aside{sets};
    std::vector<std::pair<std::string, std::string>> word_class;  // word -> class, sorted

    Reader()
        : laugh(group(LAUGH), sets),
          serious(group(SERIOUS), sets),
          others(group(OTHERS), sets), first_person(group(FIRST_PERSON), sets), everyday(group(EVERYDAY_CONTEXT), sets) {
        for (const auto& [name, list] : sets) set_patterns.emplace_back(name, Pattern("@" + name, sets));
        for (const auto& [cls, list] : CLASSES)
            for (const auto& ph : parse_phrases(list))
                if (ph.size() == 1) word_class.emplace_back(ph[0], cls);
        std::sort(word_class.begin(), word_class.end());
    }
    static std::string group(const char* list) { return std::string("(") + list + ")"; }
};

const Reader& reader() {
    static const Reader r;
    return r;
}

bool has(const Pattern& p, const Clause& c) { return p.find(c).start >= 0; }

// Whether word `i` is governed by a negation: one of the three words
// before it (no comma between) is "not", "never", "no" or "nor".
bool negated_at(const Clause& c, int i) {
    for (int j = i - 1; j >= 0 && j >= i - 3; j--) {
        if (c[j] == ",") return false;
        if (is_negation(c[j])) return true;
    }
    return false;
}

// What one clause contributes to the clause-crossing features: its word
// classes and cue classes, not negated.
using Marks = std::vector<std::string>;

void read_clause(const Reader& r, const Clause& c, std::vector<std::string>* out, bool* named_me, bool* named_other,
                 Marks* marks) {
    // Who the clause is about: the first person named. Class and set
    // features are also emitted joined with it ("me+k:sharp"), so a means
    // in the speaker's own clause weighs differently from one in a
    // clause about someone else.
    std::string who;
    for (int i = 0; i < static_cast<int>(c.size()) && who.empty(); i++) {
        int e = 0;
        // "my brother" is someone else, not "my".
        const bool possessive = (c[i] == "my" || c[i] == "our") && i + 1 < static_cast<int>(c.size());
        if ((r.others.matches_at(c, i, &e) && e > i) || (possessive && r.others.matches_at(c, i + 1, &e) && e > i + 1))
            who = "ot";
        else if (r.first_person.matches_at(c, i, &e) && e > i) who = "me";
    }
    if (who == "me") *named_me = true;
    if (who == "ot") *named_other = true;
    if (!who.empty()) out->push_back("who:" + std::string(who == "me" ? "me" : "other"));
    auto add = [&](std::string f, bool joined) {
        if (joined && !who.empty()) out->push_back(who + "+" + f);
        out->push_back(std::move(f));
    };
    std::vector<std::vector<std::string>> at(c.size());  // each word's classes, not negated
    for (int i = 0; i < static_cast<int>(c.size()); i++) {
        const std::string& w = c[i];
        if (w == ",") continue;
        const bool neg = negated_at(c, i);
        if (w.size() >= 4 && !memory::is_stopword(w)) {  // spelling-robust: "suicde", "overdosd"
            const std::string padded = "^" + w + "$";
            for (size_t k = 0; k + 4 <= padded.size(); k++) out->push_back("c:" + padded.substr(k, 4));
        }
        out->push_back((neg ? "n:" : "w:") + w);
        const memory::Lexicon& lex = memory::Lexicon::get();
        const std::string lemma = lex.has_wordnet() ? lex.lemma(w) : w;
        if (lemma != w) out->push_back((neg ? "nl:" : "l:") + lemma);
        auto classes_of = [&](const std::string& x) {
            return std::equal_range(r.word_class.begin(), r.word_class.end(), std::make_pair(x, std::string()),
                                    [](const auto& a, const auto& b) { return a.first < b.first; });
        };
        auto [lo, hi] = classes_of(w);
        if (lo == hi && lemma != w) std::tie(lo, hi) = classes_of(lemma);
        for (auto it = lo; it != hi; ++it) {
            add((neg ? "n-k:" : "k:") + it->second, true);
            if (!neg) marks->push_back(it->second), at[i].push_back(it->second);
        }
        // Unseen words land on a class through their WordNet synonyms.
        if (lo == hi && lex.has_wordnet() && w.size() >= 4 && !memory::is_stopword(w)) {
            std::vector<std::string> found;
            for (const auto& syn : lex.synonyms(lemma)) {
                auto [a, b] = classes_of(syn);
                for (auto it = a; it != b; ++it) found.push_back(it->second);
            }
            std::sort(found.begin(), found.end());
            found.erase(std::unique(found.begin(), found.end()), found.end());
            for (const auto& cls : found) add((neg ? "n-k~:" : "k~:") + cls, true);
        }
        if (i + 1 < static_cast<int>(c.size()) && c[i + 1] != ",") out->push_back("b:" + w + "_" + c[i + 1]);
        if (i + 2 < static_cast<int>(c.size()) && c[i + 1] != "," && c[i + 2] != ",")
            out->push_back("sb:" + w + "_" + c[i + 2]);
    }
    // Word classes in order, a few words apart ("jump" then "bridge";
    // "pills" then "tonight"): the wording changes, the classes stay.
    for (int i = 0; i < static_cast<int>(c.size()); i++)
        for (int j = i + 1; j < static_cast<int>(c.size()) && j <= i + 4; j++)
            for (const auto& a : at[i])
                for (const auto& b : at[j]) out->push_back("kb:" + a + ">" + b);
    std::vector<const std::string*> cues;
    for (const auto& [name, p] : r.set_patterns) {
        auto span = p.find(c);
        if (span.start < 0) continue;
        const bool neg = negated_at(c, span.start);
        add((neg ? "ns:" : "s:") + name, true);
        if (!neg && name.rfind("c_", 0) == 0) cues.push_back(&name), marks->push_back(name);
    }
    for (size_t a = 0; a < cues.size(); a++)
        for (size_t b = a + 1; b < cues.size(); b++) out->push_back("p:" + *cues[a] + "+" + *cues[b]);
    if (has(r.everyday, c)) out->push_back("ctx:everyday");
}

// The emotion recogniser's reading of the whole message (src/affect, its
// embedded weights, read through analyze_message's calibrations; trained
// on 58k comments, so it knows words our crisis files never use): each label's probability as thresholds passed,
// "a:sadness>3" for p >= 0.3, so a linear model can weigh how strongly.
// The message's tone, from the emotion reading: "vn" when a despairing
// or frightened label reaches 0.3, "vp" when a light one does, "va" when
// an irritated one does (venting: "this traffic makes me want to die").
std::vector<std::string> add_affect(std::string_view text, std::vector<std::string>* out) {
    static const auto model = affect::AffectModel::load_embedded();
    if (!model) return {};
    std::array<float, affect::N_OUTPUTS> p{};
    affect::message_probabilities(*model, text, p);  // as os1 reads it: "I feel so hopeless" is not optimism
    float dark = 0, light = 0, cross = 0;
    for (size_t i = 0; i < affect::N_OUTPUTS; i++) {
        const std::string_view name = i < affect::N_GO ? affect::GO_LABELS[i] : affect::EKMAN_LABELS[i - affect::N_GO];
        const std::string prefix = std::string(i < affect::N_GO ? "a:" : "ae:") + std::string(name) + ">";
        for (int t : {1, 3, 5, 7})
            if (p[i] >= t / 10.0f) out->push_back(prefix + std::to_string(t));
        if (i >= affect::N_GO) continue;
        if (name == "sadness" || name == "grief" || name == "remorse" || name == "disappointment" || name == "fear" ||
            name == "nervousness")
            dark = std::max(dark, p[i]);
        if (name == "joy" || name == "amusement" || name == "excitement" || name == "optimism" || name == "pride" ||
            name == "admiration" || name == "approval" || name == "curiosity")
            light = std::max(light, p[i]);
        if (name == "annoyance" || name == "anger" || name == "disgust" || name == "disapproval")
            cross = std::max(cross, p[i]);
    }
    std::vector<std::string> tones;
    if (dark >= 0.3f) tones.push_back("vn+");
    if (light >= 0.3f) tones.push_back("vp+");
    if (cross >= 0.3f) tones.push_back("va+");
    return tones;
}

// Frames in the message's tone and form: the same frame (a will, a
// goodbye, giving things away, a high place) reads as crisis in a dark
// message and as life admin in a light one, and a question about it
// ("what's the point of life, philosophically?") as curiosity; a linear
// model cannot combine them itself, so the pairs are features of their
// own ("vn+k:final", "vp+k:give", "q+k:death").
void add_frame_pairs(const std::vector<std::string>& tones, bool question, std::vector<std::string>* out) {
    if (tones.empty() && !question) return;
    std::vector<std::string> pairs;
    for (const auto& f : *out) {
        if (f.rfind("k:", 0) != 0 && f.rfind("s:", 0) != 0 && f.rfind("p:", 0) != 0 && f != "who:me" &&
            f != "who:other")
            continue;
        for (const auto& tone : tones) pairs.push_back(tone + f);
        if (question) pairs.push_back("q+" + f);
    }
    out->insert(out->end(), std::make_move_iterator(pairs.begin()), std::make_move_iterator(pairs.end()));
}

}  // namespace

ModelInput model_input(std::string_view text) {
    const Reader& r = reader();
    ModelInput in;
    auto clauses = normalise(text);
    bool named_me = false, named_other = false, read_any = false;
    std::map<std::string, std::pair<int, int>> span;  // mark -> first and last clause read with it
    Marks marks;
    int clause_no = 0;
    for (const auto& clause : clauses) {
        const Clause c = r.aside.read(clause);
        if (c.empty()) continue;
        read_any = true;
        in.everyday = in.everyday || has(r.everyday, c);
        marks.clear();
        read_clause(r, c, &in.features, &named_me, &named_other, &marks);
        for (const auto& m : marks) {
            auto [it, fresh] = span.emplace(m, std::make_pair(clause_no, clause_no));
            if (!fresh) it->second.second = clause_no;
        }
        clause_no++;
        // The speaker named anywhere ("nobody would miss me"), not only first.
        for (const auto& w : c) named_me = named_me || w == "i" || w == "me" || w == "myself";
    }
    in.empty = !read_any;
    in.denied = r.aside.denied(clauses);
    in.recovered = r.aside.recovered(clauses);
    in.laughing = laughs(clauses, r.laugh, r.serious);
    // A means in one clause, intent or time in a later one: marks x and y
    // meet across clauses when x first comes before y last does (or the
    // other way round). Bounded by the number of distinct marks, not the
    // message's length.
    for (auto a = span.begin(); a != span.end(); ++a)
        for (auto b = std::next(a); b != span.end(); ++b)
            if (a->second.first < b->second.second || b->second.first < a->second.second)
                in.features.push_back("x:" + a->first + "+" + b->first);
    in.about_other = named_other && !named_me;
    if (read_any) {
        const auto tones = add_affect(text, &in.features);
        add_frame_pairs(tones, text.find('?') != std::string_view::npos, &in.features);
    }
    in.features.push_back("bias:1");
    std::sort(in.features.begin(), in.features.end());
    in.features.erase(std::unique(in.features.begin(), in.features.end()), in.features.end());
    in.accident = std::binary_search(in.features.begin(), in.features.end(), std::string("k:accident"));
    return in;
}

std::vector<std::string> clause_texts(std::string_view text) {
    std::vector<std::string> out;
    auto clauses = normalise(text);
    if (clauses.size() < 2) return out;
    for (const auto& c : clauses) {
        std::string joined;
        for (const auto& w : c) joined += (joined.empty() || w == "," ? "" : " ") + w;
        out.push_back(std::move(joined));
    }
    return out;
}

int message_words(std::string_view text) {
    int n = 0;
    bool in_word = false;
    for (char ch : text) {
        const bool blank = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
        if (!blank && !in_word) n++;
        in_word = !blank;
    }
    return n;
}

ModelScore model_score(const std::vector<std::string>& features) {
    const EmbeddedModel& m = embedded_model();
    double z[4] = {m.bias[0], m.bias[1], m.bias[2], m.bias[3]};
    for (const auto& f : features) {
        const ModelWeight* end = m.weights + m.count;
        const ModelWeight* it = std::lower_bound(m.weights, end, f, [](const ModelWeight& w, const std::string& key) {
            return std::strcmp(w.feature, key.c_str()) < 0;
        });
        if (it == end || f != it->feature) continue;
        for (int k = 0; k < 4; k++) z[k] += it->w[k];
    }
    double mx = std::max({z[0], z[1], z[2], z[3]});
    double sum = 0;
    ModelScore s;
    for (int k = 0; k < 4; k++) sum += (s.p[k] = std::exp(z[k] - mx));
    for (double& p : s.p) p /= sum;
    s.p_crisis = 1 - s.p[0];
    int best = 1;
    for (int k = 2; k < 4; k++)
        if (s.p[k] > s.p[best]) best = k;
    s.kind = best == 1 ? CrisisKind::SelfHarm : best == 2 ? CrisisKind::Danger : CrisisKind::Medical;
    return s;
}

}  // namespace os1::companion::safety
