// Patterns anchored at "I" (extract_internal.h): preferences, fears and
// worries, hopes and plans, places, work, health, age and identity,
// routines and events. Negation ("I don't like", "I'm not afraid of", "I
// don't live in Oslo anymore") yields the opposite value in the same slot,
// so the stored fact it contradicts is closed.
#include <algorithm>
#include <unordered_set>

#include "memory/extract_internal.h"
#include "memory/time_parse.h"

namespace os1::memory::detail {

namespace {

const std::unordered_set<std::string_view> HEALTH = {
    "cold", "flu", "fever", "cancer", "diabetes", "asthma", "migraine", "migraines", "headache", "headaches",
    "covid", "allergy", "allergies", "depression", "anxiety", "injury", "infection", "surgery", "adhd",
    "insomnia", "arthritis", "concussion", "back", "pain", "condition", "disease", "disorder", "illness",
    "eczema", "epilepsy", "ptsd", "ocd", "autism", "hypertension", "flu", "bronchitis", "pneumonia", "fracture"};
const std::unordered_set<std::string_view> APPOINTMENTS = {
    "appointment", "meeting", "interview", "exam", "test", "date", "party", "flight", "class", "session",
    "checkup", "check", "surgery", "deadline", "presentation", "concert", "game", "match", "wedding", "trip",
    "shift", "lesson", "recital", "audition", "call"};
const std::unordered_set<std::string_view> EVENT_VERBS = {
    "went", "visited", "attended", "joined", "started", "finished", "ran", "adopted", "bought", "met",
    "took", "won", "lost", "graduated", "signed", "volunteered", "painted", "made", "celebrated",
    "traveled", "travelled", "married", "quit", "began", "completed", "passed", "received", "got", "had"};
const std::unordered_set<std::string_view> JOB_WORDS = {
    "nurse", "doctor", "chef", "engineer", "designer", "student", "teacher", "lawyer", "developer", "programmer",
    "artist", "writer", "accountant", "architect", "pilot", "scientist", "surgeon", "dentist", "pharmacist",
    "barista", "cashier", "manager", "consultant", "analyst", "therapist", "counselor", "professor",
    "researcher", "photographer", "musician", "librarian", "firefighter", "electrician", "plumber", "carpenter",
    "mechanic", "paramedic", "vet", "veterinarian", "journalist", "editor", "translator", "waiter", "waitress",
    "driver", "farmer", "baker", "coach", "tutor", "intern", "secretary", "receptionist", "clerk", "officer",
    "soldier", "janitor", "cleaner", "babysitter", "nanny", "caregiver", "freelancer", "entrepreneur"};
const std::unordered_set<std::string_view> FREQUENCY = {"usually", "often", "normally", "typically", "generally",
                                                         "regularly", "sometimes", "daily", "weekly", "nightly"};
const std::unordered_set<std::string_view> EVERY_WHAT = {
    "day", "morning", "evening", "night", "week", "weekend", "month", "year", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "summer", "winter", "afternoon", "other"};

bool job_word(const std::string& w) {
    if (JOB_WORDS.count(w)) return true;
    std::string s = w.ends_with("s") ? w.substr(0, w.size() - 1) : w;
    return JOB_WORDS.count(s) > 0;
}

// Renders a verb phrase for the subject: the first verb agrees ("go" ->
// "goes" for Caroline), adverbs of frequency before it stay as said.
std::string verb_phrase(const std::vector<Token>& t, Span s, const Voice& v) {
    std::string out;
    bool conjugated = v.you;
    for (size_t i = s.first; i < s.second; i++) {
        if (!out.empty()) out += ' ';
        if (!conjugated && !FREQUENCY.count(t[i].lower)) {
            out += third_person_verb(t[i].lower);
            conjugated = true;
        } else {
            out += v.pronoun(t[i]);
        }
    }
    return out;
}

std::string when_suffix(const When& w) { return w.ms ? str(" (", describe(w), ")") : ""; }

}  // namespace

void scan_i(const std::vector<Token>& t, size_t i, Builder& b) {
    const Voice& v = b.voice;
    const std::string S = v.subj();
    size_t j = i + 1;
    bool negated = false;
    if (one_of(t, j, {"do", "would", "could", "can"}) && at(t, j + 1, {"not"}) && !at(t, j, {"can", "not", "stand"})) {
        negated = true;
        j += 2;
    } else if (at(t, j, {"no", "longer"}) || at(t, j, {"never"})) {
        negated = true;
        j += t[j].lower == "never" ? 1 : 2;
    } else if (at(t, j, {"do"})) {
        j += 1;
    }
    // "I'm not ...": keep "am", remember the "not".
    bool am_not = at(t, j, {"am", "not"}) || at(t, j, {"am", "no", "longer"});
    size_t adj = am_not ? j + (t[j + 1].lower == "not" ? 2 : 3) : j + 1;  // the word after "am [not]"
    while (one_of(t, adj, {"so", "very", "super", "pretty", "quite", "extremely", "incredibly", "terribly", "kinda"}) &&
           adj + 1 < t.size() && !t[adj].clause_end)
        adj++;  // "I'm so anxious about ..."
    bool am = at(t, j, {"am"});
    bool been = at(t, j, {"have", "been"}) && !at(t, j + 2, {"to"});  // "I've been a nurse for years"
    if (been) {
        am = true;
        adj = j + 2;
    }
    const std::string be = been ? (v.you ? "have been" : "has been") : v.be();
    // Sentence-wide: any "anymore"/"no longer" makes a negated statement a change.
    bool anymore = false;
    for (size_t k = j; k < t.size(); k++) anymore |= t[k].lower == "anymore" || at(t, k, {"no", "longer"});

    // preferences
    bool stand = at(t, j, {"can", "not", "stand"});
    if (stand || one_of(t, j, {"love", "like", "enjoy", "adore", "prefer", "hate", "dislike", "detest", "loathe"})) {
        bool dislike = stand || one_of(t, j, {"hate", "dislike", "detest", "loathe"});
        size_t o = j + (stand ? 3 : 1);
        if (at(t, o, {"to"})) o++;
        auto obj = capture(t, o, 6);
        std::string key = span_key(t, obj);
        if (key.empty() || one_of(t, o, {"you", "it", "that", "this", "those", "them", "how", "what", "your", "when"}))
            return;
        if (negated) dislike = !dislike;
        std::string what = span_text(t, obj, v);
        std::string verb = stand ? "can't stand" : t[j].lower;
        std::string text = !negated  ? str(S, " ", v.verb(verb), " ", what)
                           : anymore ? str(S, " no longer ", v.verb(verb), " ", what)
                                     : str(S, " ", v.do_not(), " ", verb, " ", what);
        if (stand) text = str(S, " can't stand ", what);
        b.add(dislike ? FactKind::Dislike : FactKind::Like, "pref:" + key, dislike ? "no" : "yes", text, 0.8, 0.4,
              dislike ? 0.4 : 0.3);
        return;
    }
    if (am && at(t, adj, {"a"}) && one_of(t, adj + 1, {"fan", "big", "huge"})) {
        size_t o = adj + 1;
        while (o < t.size() && one_of(t, o, {"big", "huge", "fan", "of"})) o++;
        if (o > adj + 2 && t[o - 1].lower == "of" && t[o - 2].lower == "fan") {
            auto obj = capture(t, o, 6);
            std::string key = span_key(t, obj);
            std::string what = span_text(t, obj, v);
            if (!key.empty())
                b.add(am_not ? FactKind::Dislike : FactKind::Like, "pref:" + key, am_not ? "no" : "yes",
                      str(S, " ", v.be(), am_not ? " not a fan of " : " a fan of ", what), 0.75, 0.4, 0.3);
            return;
        }
    }
    // fears and worries
    if (am && one_of(t, adj, {"afraid", "scared", "terrified", "frightened"}) && one_of(t, adj + 1, {"of", "that"})) {
        auto obj = capture(t, adj + 2, 8);
        std::string what = span_text(t, obj, v);
        std::string text = am_not ? str(S, " ", v.be(), anymore ? " no longer afraid of " : " not afraid of ", what)
                                  : str(S, " ", v.be(), " afraid ", t[adj + 1].lower, " ", what);
        // One word for the feeling ("scared", "terrified" -> "afraid") so recall finds it either way.
        double weight = am_not ? 0.3 : t[adj].lower == "terrified" ? 0.85 : 0.7;
        b.add(FactKind::Fear, "fear:" + span_key(t, obj), am_not ? "no" : "yes", text, 0.85, 0.7, weight);
        return;
    }
    if ((am && !am_not && one_of(t, adj, {"worried", "anxious", "nervous", "stressed", "concerned"}) &&
         one_of(t, adj + 1, {"about", "that", "for"})) ||
        (!negated && one_of(t, j, {"worry", "dread"}))) {
        size_t o = am ? adj + 2 : (one_of(t, j + 1, {"about", "that"}) ? j + 2 : j + 1);
        auto obj = capture(t, o, 8);
        When w = when_of(t, i, t.size(), b.time_ms);
        std::string feel = am ? t[adj].lower : "worried";
        std::string prep = am ? t[adj + 1].lower : at(t, j + 1, {"that"}) ? "that" : "about";
        b.add(FactKind::Fear, "worry:" + span_key(t, obj), "yes",
              str(S, " ", v.be(), " ", feel, " ", prep, " ", span_text(t, obj, v), when_suffix(w)), 0.8, 0.7, 0.7, w.ms);
        return;
    }
    // hopes and plans
    if (!negated && (at(t, j, {"hope"}) || at(t, j, {"wish", "to"}) || at(t, j, {"want", "to"}) ||
                     at(t, j, {"would", "love", "to"}) || at(t, j, {"am", "hoping", "to"}) || at(t, j, {"dream", "of"}))) {
        size_t o = j + 1;
        while (o < t.size() && one_of(t, o, {"to", "love", "hoping", "of", "that"})) o++;
        auto obj = capture(t, o, 8);
        When w = when_of(t, i, t.size(), b.time_ms);
        bool to = o > 0 && t[o - 1].lower == "to";
        std::string what = to ? verb_phrase(t, obj, Voice{true, ""}) : span_text(t, obj, v);
        b.add(FactKind::Hope, "hope:" + span_key(t, obj), "yes",
              str(S, " ", v.verb("hope"), to ? " to " : " ", what, when_suffix(w)), 0.7, 0.6, 0.4, w.ms);
        return;
    }
    if (!negated && (at(t, j, {"am", "planning", "to"}) || at(t, j, {"plan", "to"}) || at(t, j, {"am", "going", "to"}) ||
                     at(t, j, {"am", "thinking", "about"}) || at(t, j, {"am", "thinking", "of"}) || at(t, j, {"will"}) ||
                     at(t, j, {"am", "about", "to"}))) {
        size_t o = j;
        while (o < t.size() && one_of(t, o, {"am", "planning", "plan", "to", "going", "thinking", "about", "of", "will"})) o++;
        auto obj = capture(t, o, 8);
        // "I will go", "I'm going to bed": too slight to remember.
        if (obj.second - obj.first < 2 || one_of(t, o, {"bed", "sleep", "the", "a", "an", "my", "be", "do", "have", "try"}))
            return;
        When w = when_of(t, i > 3 ? i - 3 : 0, t.size(), b.time_ms);  // "next month I'm going to ..."
        bool weak = at(t, j, {"will"});
        // "I'm going to Paris": a place, not a verb.
        bool go = t[o - 1].lower == "to" && t[o - 2].lower == "going" && capitalized(t[o]);
        b.add(FactKind::Plan, "plan:" + span_key(t, obj), "yes",
              str(S, " ", v.verb("plan"), go ? " to go to " : " to ", span_text(t, obj, v), when_suffix(w)), weak ? 0.5 : 0.75,
              0.6, 0.3, w.ms);
        return;
    }
    // places
    if (scan_place(t, i, j, negated, anymore, b)) return;
    if (negated) return;
    if ((am && !am_not && at(t, adj, {"from"})) || at(t, j, {"grew", "up", "in"})) {
        bool grew = at(t, j, {"grew"});
        auto obj = place_span(t, grew ? j + 3 : adj + 1);
        std::string where = span_text(t, obj, v);
        b.add(FactKind::Place, grew ? "grew_up_in" : "from", where,
              grew ? str(S, " grew up in ", where) : str(S, " ", v.be(), " from ", where), 0.85, 0.6, 0.2);
        return;
    }
    // work
    if (scan_work(t, j, b)) return;
    // health
    if (am && !am_not && one_of(t, adj, {"sick", "ill", "pregnant", "injured", "allergic", "diabetic", "depressed",
                                         "recovering", "exhausted", "asthmatic"})) {
        auto obj = capture(t, adj, 6);
        When w = when_of(t, i, t.size(), b.time_ms);
        b.add(FactKind::Health, "health:" + span_key(t, obj, 2), "yes", str(S, " ", v.be(), " ", span_text(t, obj, v)), 0.75,
              0.8, 0.6, w.ms);
        return;
    }
    if (one_of(t, j, {"have", "got", "caught"}) || at(t, j, {"was", "diagnosed", "with"})) {
        size_t o = at(t, j, {"was"}) ? j + 3 : j + 1;
        size_t head = one_of(t, o, {"a", "an"}) ? o + 1 : o;
        auto obj = capture(t, o, 8);
        bool health = false, appointment = false;
        std::string condition;
        for (size_t k = head; k < obj.second && k < head + 4; k++) {
            if (!health && HEALTH.count(t[k].lower)) condition = Lexicon::get().lemma(t[k].lower);
            health |= HEALTH.count(t[k].lower) > 0;
            appointment |= APPOINTMENTS.count(t[k].lower) > 0;
        }
        When w = when_of(t, i, t.size(), b.time_ms);
        if (appointment && w.ms) {
            // "I have a dentist appointment tomorrow at 5"
            size_t e = head;
            while (e < obj.second && !APPOINTMENTS.count(t[e].lower)) e++;
            std::string key = span_key(t, {head, std::min(e + 1, obj.second)}, 3);
            b.add(FactKind::Event, "when:" + key, w.ms ? describe(w) : "yes",
                  str(S, " ", t[j].lower == "have" ? v.verb("have") : t[j].lower, " ", span_text(t, obj, v), when_suffix(w)), 0.8,
                  0.65, 0.3, w.ms);
            return;
        }
        if (health) {
            auto h = capture(t, o, 4);
            std::string verb = at(t, j, {"was"}) ? str(v.you ? "were" : "was", " diagnosed with")
                                                  : t[j].lower == "have" ? v.verb("have") : t[j].lower;
            b.add(FactKind::Health, "health:" + condition, "yes", str(S, " ", verb, " ", span_text(t, h, v)), 0.75, 0.8,
                  0.6, w.ms);
            return;
        }
    }
    if (one_of(t, j, {"broke", "hurt", "injured", "sprained", "twisted", "fractured", "cut", "burned"}) && at(t, j + 1, {"my"})) {
        auto obj = capture(t, j + 1, 4);
        When w = when_of(t, i, t.size(), b.time_ms);
        b.add(FactKind::Health, "health:" + span_key(t, obj, 2), "injured",
              str(S, " ", t[j].lower, " ", span_text(t, obj, v), when_suffix(w)), 0.8, 0.8, 0.6, w.ms ? w.ms : b.time_ms);
        return;
    }
    // "I'm retired", "I'm divorced", "I'm married to Steve"
    static const std::unordered_set<std::string_view> STATUS = {
        "retired", "unemployed", "divorced", "widowed", "single", "married", "engaged", "separated", "vegan",
        "vegetarian", "disabled", "sober", "homeless", "deaf", "blind", "autistic", "bisexual", "gay", "lesbian",
        "straight", "trans", "nonbinary", "christian", "muslim", "jewish", "hindu", "buddhist", "atheist"};
    if (am && !am_not && adj < t.size() && STATUS.count(t[adj].lower) && (t[adj].clause_end || adj + 1 >= t.size() ||
                                                                         one_of(t, adj + 1, {"to", "now", "and", "but", "since"}))) {
        const std::string& w = t[adj].lower;
        if (one_of(t, adj, {"married", "engaged"}) && at(t, adj + 1, {"to"}) && adj + 2 < t.size() && capitalized(t[adj + 2])) {
            std::string name = t[adj + 2].orig;
            std::string rel = w == "married" ? "spouse" : "fiance";
            b.add(FactKind::Relation, "relation:" + rel, name, str(S, " ", v.be(), " ", w, " to ", name), 0.9, 0.8, 0.3);
        }
        b.add(FactKind::Identity, "identity:" + w, w, str(S, " ", be, " ", w), 0.75, 0.6, 0.3);
        return;
    }
    // identity, job by title, age
    if (am && !am_not && adj < t.size() &&
        std::all_of(t[adj].lower.begin(), t[adj].lower.end(), ::isdigit) && !t[adj].lower.empty() &&
        (at(t, adj + 1, {"years", "old"}) || adj + 1 >= t.size() || t[adj].clause_end)) {
        b.add(FactKind::Identity, "age", t[adj].lower, str(S, " ", v.be(), " ", t[adj].lower, " years old"), 0.9, 0.6, 0.1);
        return;
    }
    if (am && !am_not && one_of(t, adj, {"a", "an"}) && !one_of(t, adj + 1, {"bit", "little", "big", "lot", "fan"})) {
        // "I'm a teacher at Lincoln High", "I'm a retired nurse", "I'm a vegetarian"
        size_t e = adj + 1;
        while (e < t.size() && e - adj <= 5 && (!one_of(t, e, {"at", "in", "for", "with", "from", "of", "on", "and"}) ||
                                               (at(t, e, {"at", "home"}) && t[e - 1].lower == "stay"))) {  // "stay at home mom"
            e++;
            if (t[e - 1].clause_end) break;
        }
        if (e == adj + 1) return;
        std::string head = t[e - 1].lower;
        auto obj = capture(t, adj, 8);
        std::string what = span_text(t, obj, v);
        if (job_word(head)) {
            Span title = job_title(t, adj + 1);
            b.add(FactKind::Job, "job", span_text(t, title, v), str(S, " ", be, " ", what), 0.75, 0.7, 0.1);
            add_employer(t, title.second, b);
        }
        else if (e - adj <= (at(t, adj + 2, {"at", "home"}) ? 5u : 3u))
            b.add(FactKind::Identity, "identity:" + span_key(t, {adj + 1, e}), span_text(t, {adj + 1, e}, v),
                  str(S, " ", be, " ", span_text(t, {adj, e}, v)), 0.65, 0.6, 0.3);
        return;
    }
    // routines
    bool routine = false;
    for (size_t k = j; k < t.size() && !routine; k++)
        routine = (t[k].lower == "every" && k + 1 < t.size() && EVERY_WHAT.count(t[k + 1].lower)) ||
                  FREQUENCY.count(t[k].lower) || at(t, k, {"each", "morning"}) || at(t, k, {"each", "day"});
    if (routine && j < t.size() && !am) {
        auto obj = capture(t, j, 10);
        std::string phrase = verb_phrase(t, obj, v);
        b.add(FactKind::Routine, "routine:" + span_key(t, obj), "yes", str(S, " ", phrase), 0.7, 0.5, 0.2);
        return;
    }
    // events
    if (j < t.size() && EVENT_VERBS.count(t[j].lower)) {
        When w = when_of(t, i, t.size(), b.time_ms);
        if (!w.ms && one_of(t, j, {"got", "had", "made", "took"})) return;
        auto obj = capture(t, j, 8);
        std::string key = span_key(t, obj, 4);
        b.add(FactKind::Event, "event:" + key, "yes", str(S, " ", span_text(t, obj, v), when_suffix(w)), 0.7, 0.5, 0.3,
              w.ms ? w.ms : b.time_ms);
        return;
    }
}

}  // namespace os1::memory::detail
