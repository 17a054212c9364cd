// People in a person's life (extract_internal.h): who they are to the
// speaker and, when said, where they live. One fact per person, keyed by the
// role: "relation:husband" for a role with one current holder (a new boss
// closes the old), "relation:friend:amy" for roles with many (two friends
// never supersede each other).
//
// Shapes: "my sister Amy", "my husband, Tom,", "my sister is Amy", "my
// husband's name is Tom", "Amy is my sister", "Dana, my boss,", "my best
// friend from college, Priya", "I have two kids, Leo and Maya", "my friends
// Amy and Jo", and the lists people answer "who matters to you?" with:
// "ex-wife Catherine, friend Amy, sister Rachel in Seattle, kids Leo and Maya".
#include <unordered_map>
#include <unordered_set>

#include "memory/extract_internal.h"
#include "memory/time_parse.h"

namespace os1::memory::detail {

namespace {

// Role words, singular and plural, and the key each is filed under.
const std::unordered_map<std::string_view, std::string_view> ROLE_KEYS = {
    {"mother", "mother"}, {"mom", "mother"}, {"mum", "mother"}, {"mommy", "mother"}, {"mama", "mother"},
    {"father", "father"}, {"dad", "father"}, {"daddy", "father"}, {"papa", "father"},
    {"wife", "wife"}, {"husband", "husband"}, {"hubby", "husband"}, {"partner", "partner"}, {"spouse", "spouse"},
    {"boyfriend", "boyfriend"}, {"girlfriend", "girlfriend"}, {"fiance", "fiance"}, {"fiancee", "fiancee"},
    {"fiancé", "fiance"}, {"fiancée", "fiancee"}, {"boss", "boss"}, {"manager", "boss"}, {"therapist", "therapist"},
    {"doctor", "doctor"}, {"stepmom", "stepmother"}, {"stepmother", "stepmother"}, {"stepdad", "stepfather"},
    {"stepfather", "stepfather"},
    {"sister", "sister"}, {"sisters", "sister"}, {"brother", "brother"}, {"brothers", "brother"}, {"son", "son"},
    {"sons", "son"}, {"daughter", "daughter"}, {"daughters", "daughter"}, {"kid", "child"}, {"kids", "child"},
    {"child", "child"}, {"children", "child"}, {"friend", "friend"}, {"friends", "friend"}, {"bestie", "best friend"},
    {"cousin", "cousin"}, {"cousins", "cousin"}, {"aunt", "aunt"}, {"uncle", "uncle"}, {"grandma", "grandmother"},
    {"grandmother", "grandmother"}, {"granny", "grandmother"}, {"grandpa", "grandfather"},
    {"grandfather", "grandfather"}, {"grandson", "grandson"}, {"granddaughter", "granddaughter"},
    {"grandkids", "grandchild"}, {"grandchildren", "grandchild"}, {"niece", "niece"}, {"nephew", "nephew"},
    {"roommate", "roommate"}, {"roommates", "roommate"}, {"flatmate", "roommate"}, {"colleague", "colleague"},
    {"colleagues", "colleague"}, {"coworker", "coworker"}, {"coworkers", "coworker"}, {"neighbor", "neighbor"},
    {"neighbour", "neighbour"}, {"mentor", "mentor"}, {"dog", "dog"}, {"dogs", "dog"}, {"cat", "cat"},
    {"cats", "cat"}, {"puppy", "dog"}, {"kitten", "cat"}, {"pet", "pet"}, {"baby", "baby"}, {"twin", "twin"},
    {"stepson", "stepson"}, {"stepdaughter", "stepdaughter"}, {"sibling", "sibling"}, {"siblings", "sibling"},
    {"parents", "parent"}, {"parent", "parent"}, {"ex", "ex"}, {"bf", "boyfriend"}, {"gf", "girlfriend"}};
// Roles one person holds at a time: their key carries no name.
const std::unordered_set<std::string_view> SINGLE = {
    "mother", "father", "wife", "husband", "partner", "boyfriend", "girlfriend", "fiance", "fiancee", "boss",
    "therapist", "doctor", "spouse", "stepmother", "stepfather"};
// Words before a role that keep the role ("my little brother", "my twin sister").
const std::unordered_set<std::string_view> ROLE_MODIFIERS = {
    "little", "big", "older", "younger", "baby", "twin", "half", "late", "oldest", "youngest", "eldest", "new",
    "old", "dear", "step", "adopted", "only", "work", "childhood", "two", "three", "four", "2", "3", "4"};
const std::unordered_set<std::string_view> TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "aunt", "uncle"};
const std::unordered_set<std::string_view> COUNTS = {"a", "an", "one", "two", "three", "four", "five", "2",
                                                     "3", "4", "5", "got"};

struct Role {
    std::string key;    // "ex_wife", "best friend", "child"
    std::string shown;  // as said, singular: "ex-wife", "best friend", "kid"
    bool plural = false;
};

std::string singular(const std::string& w) {
    if (w == "children") return "child";
    if (w == "grandchildren") return "grandchild";
    if (w.size() > 3 && w.back() == 's' && !w.ends_with("ss")) return w.substr(0, w.size() - 1);
    return w;
}

// A role at t[r] ("sister", "ex-wife", "best friend", "twin sister", "kids");
// r moves past it.
bool role_at(const std::vector<Token>& t, size_t& r, Role& role) {
    size_t k = r;
    std::string prefix;
    while (k < t.size() && ROLE_MODIFIERS.count(t[k].lower) && k - r < 2 && !t[k].clause_end) k++;
    if (at(t, k, {"best"}) && k + 1 < t.size() && one_of(t, k + 1, {"friend", "friends"})) {
        role = {"best friend", "best friend", t[k + 1].lower == "friends"};
        r = k + 2;
        return true;
    }
    if (at(t, k, {"ex"}) && k + 1 < t.size() && !t[k].clause_end) {
        auto it = ROLE_KEYS.find(t[k + 1].lower);
        if (it != ROLE_KEYS.end() && it->second != "ex") {
            role = {str("ex_", it->second), str("ex-", singular(t[k + 1].lower)), false};
            r = k + 2;
            return true;
        }
    }
    if (k >= t.size()) return false;
    auto it = ROLE_KEYS.find(t[k].lower);
    if (it == ROLE_KEYS.end()) return false;
    std::string shown = t[k].lower;
    bool plural = singular(shown) != shown && shown != "boss" && shown != "ex";
    role = {std::string(it->second), plural ? singular(shown) : shown, plural};
    r = k + 1;
    return true;
}

bool upper_initial(const Token& t) {
    if (t.orig.empty()) return false;
    unsigned char c = t.orig[0];
    if (c < 0x80) return std::isupper(c);
    // Latin-1 capitals (À..Þ): "Élodie", "Øystein".
    return c == 0xC3 && t.orig.size() > 1 && static_cast<unsigned char>(t.orig[1]) >= 0x80 &&
           static_cast<unsigned char>(t.orig[1]) <= 0x9E;
}

bool name_word(const Token& t, bool allow_lower) {
    if (t.lower == "i" || is_stopword(t.lower) || month_from_word(t.lower) || ROLE_KEYS.count(t.lower)) return false;
    static const std::unordered_set<std::string_view> NOT_NAMES = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow",
        "yesterday", "tonight", "christmas", "easter", "mostly", "lol", "omg", "ok", "hey", "anyway", "everyone"};
    if (NOT_NAMES.count(t.lower)) return false;
    if (!upper_initial(t) && !allow_lower) return false;
    unsigned char c = t.orig[0];
    return c >= 0x80 || std::isalpha(c);
}

struct Person {
    std::string name;  // "Amy", "Dr. Patel", "Amy Chen"
    std::string key;   // "amy", "patel"
};

// A name at t[n] (a title and a surname may follow: "Dr. Patel", "Amy
// Chen"); n moves past it.
bool person_at(const std::vector<Token>& t, size_t& n, Person& p, bool allow_lower = false) {
    size_t k = n;
    std::string title;
    if (k + 1 < t.size() && TITLES.count(t[k].lower) && upper_initial(t[k]) && name_word(t[k + 1], false)) {
        title = t[k].orig + (t[k].lower.size() == 2 ? ". " : " ");
        k++;
    }
    if (k >= t.size() || !name_word(t[k], allow_lower)) return false;
    p.key = t[k].lower;
    p.name = title + t[k].orig;
    if (!title.empty()) p.key = t[k].lower;
    k++;
    // A surname: a second capitalised word straight after, in the same clause.
    if (k < t.size() && !t[k - 1].clause_end && upper_initial(t[k]) && name_word(t[k], false)) {
        p.name += " " + t[k].orig;
        k++;
    }
    n = k;
    return true;
}

// Names after a role: "Amy", "Leo and Maya", "Owen, Lily and Sam". One
// name for a singular role.
std::vector<Person> people_at(const std::vector<Token>& t, size_t& n, bool plural, bool allow_lower = false) {
    std::vector<Person> out;
    Person p;
    size_t k = n;
    if (!person_at(t, k, p, allow_lower)) return out;
    out.push_back(p);
    n = k;
    while (plural && k < t.size()) {
        size_t m = k;
        if (one_of(t, m, {"and", "&"})) m++;
        else if (!t[m - 1].clause_end) break;
        if (one_of(t, m, {"and", "&"})) m++;
        if (!person_at(t, m, p, allow_lower)) break;
        out.push_back(p);
        n = k = m;
    }
    return out;
}

void add_person(Builder& b, const Role& role, const Person& p, bool several) {
    bool single = SINGLE.count(role.key) > 0;
    std::string key = "relation:" + role.key + (single ? "" : ":" + p.key);
    std::string text = several ? str(p.name, " is ", b.voice.you ? "your" : b.voice.name + "'s", " ", role.shown)
                               : str(b.voice.poss(), " ", role.shown, " is ", p.name);
    b.add(FactKind::Relation, key, p.name, text, 0.9, 0.8, 0.3);
}

// "in Seattle", "who lives in Seattle", "lives in Seattle", "(Seattle)"
// straight after a person: where they live.
void person_place(const std::vector<Token>& t, size_t n, Builder& b, const Person& p, bool plural = false) {
    size_t k = n;
    if (one_of(t, k, {"who"})) k++;
    if (one_of(t, k, {"lives", "live", "is", "are", "moved"})) k++;
    if (!one_of(t, k, {"in", "to"}) || (k > n && t[k - 1].lower == "is" && t[k].lower == "to")) return;
    if (k == n && t[k].lower != "in") return;
    size_t s = k + 1, e = s;
    if (one_of(t, s, {"the"})) e++;
    while (e < t.size() && upper_initial(t[e]) && !month_from_word(t[e].lower) && e - s < 4) {
        e++;
        if (t[e - 1].clause_end) break;
    }
    if (e == s || (e == s + 1 && t[s].lower == "the")) return;
    std::string where = span_text(t, {s, e}, b.voice);
    b.add(FactKind::Place, "lives_in:" + p.key, where, str(p.name, plural ? " live in " : " lives in ", where), 0.8, 0.5, 0.1);
}

// The names of a role at t[r..] and facts for each. `lower_ok` accepts
// "tom" after "named"/"name is", where nothing else could be meant.
bool names_after_role(const std::vector<Token>& t, size_t r, const Role& role, Builder& b) {
    size_t n = r;
    bool lower_ok = false;
    if (at(t, n, {"is", "called"}) || at(t, n, {"is", "named"}) || at(t, n, {"name", "is"}) ||
        at(t, n, {"names", "are"}) || at(t, n, {"are", "called"}) || at(t, n, {"are", "named"})) {
        n += 2;
        lower_ok = t[n - 2].lower.starts_with("name") || t[n - 1].lower != "is";
    } else if (one_of(t, n, {"his", "her", "their"}) && at(t, n + 1, {"name", "is"}) && t[n - 1].clause_end) {
        n += 3;  // "a little brother, his name is Kevin"
        lower_ok = true;
    } else if (one_of(t, n, {"called", "named"})) {
        n += 1;
        lower_ok = true;
    } else if (one_of(t, n, {"is", "are"})) {
        n += 1;
        // "my sister is Amy." but not "my sister is Amy's age": the name closes the clause.
    } else if (n < t.size() && one_of(t, n, {"from", "since", "at"}) && !t[n].clause_end) {
        // "my best friend from college, Priya": a short phrase, then the name.
        size_t k = n + 1;
        while (k < t.size() && k - n < 5 && !t[k].clause_end) k++;
        if (k >= t.size() || k - n >= 5) return false;
        n = k + 1;
    }
    auto people = people_at(t, n, role.plural, lower_ok);
    if (people.empty()) {
        // "my parents live in Manila", "my sister lives in Seattle": the role's place.
        if (n == r && one_of(t, n, {"live", "lives", "moved", "is", "are"})) {
            size_t before = b.out.size();
            person_place(t, n, b, {str(b.voice.poss(), " ", role.plural ? t[r - 1].lower : role.shown), role.key}, role.plural);
            // "Me and my wife live in Austin": the speaker lives there too.
            size_t my = r;
            while (my > 0 && t[my].lower != "my" && t[my].lower != "our") my--;
            if (b.out.size() > before && my >= 2 && at(t, my - 2, {"me", "and"})) scan_place(t, n - 1, n, false, false, b);
        }
        return false;
    }
    for (const auto& p : people) add_person(b, role, p, people.size() > 1 || role.plural);
    if (at(t, n, {"and", "i"}) && n + 2 < t.size()) {
        // "my boyfriend Chris and I moved to Austin": both of them.
        scan_place(t, n + 1, n + 2, false, false, b);
        person_place(t, n + 2, b, people[0]);
    } else if (people.size() == 1) {
        person_place(t, n, b, people[0]);
    }
    return true;
}

}  // namespace

bool scan_people(const std::vector<Token>& t, size_t i, Builder& b) {
    const std::string& w = t[i].lower;
    Role role;
    // "my sister Amy", "our dog Biscuit"
    if (w == "my" || w == "our") {
        size_t r = i + 1;
        if (!role_at(t, r, role)) return false;
        // "Dana, my boss," / "Amy is my sister": the name before.
        // "Rachel my sister" in a list of people: a name opening the clause.
        bool bare = i >= 1 && upper_initial(t[i - 1]) && (i == 1 || t[i - 2].clause_end);
        if (i >= 1 && (t[i - 1].clause_end || bare || (i >= 2 && t[i - 1].lower == "is"))) {
            size_t before = t[i - 1].lower == "is" ? i - 2 : i - 1;
            bool closes = r >= t.size() || t[r - 1].clause_end || one_of(t, r, {"and", "but", "who", "is", "was"});
            Person p;
            size_t n = before;
            if (closes && person_at(t, n, p) && n == before + 1 && (before == 0 || t[before - 1].clause_end ||
                                                                      one_of(t, before - 1, {"and", "but", "so"}))) {
                add_person(b, role, p, role.plural);
                return true;
            }
        }
        size_t before = b.out.size();
        bool named = names_after_role(t, r, role, b);
        if (named && i >= 2 && at(t, i - 2, {"me", "and"})) {
            // "Me and my boyfriend Chris just moved to Austin": the speaker moved too.
            size_t k = r;
            while (k < t.size() && k - r < 3 && !one_of(t, k, {"moved", "live", "are", "relocated"})) k++;
            for (size_t f = before; f < b.out.size(); f++)
                if (b.out[f].key.starts_with("lives_in:")) scan_place(t, k - 1, k, false, false, b);
        }
        return true;
    }
    // "I have two kids, Leo and Maya", "I have a brother called Sam", "we have a son named Arjun"
    if ((w == "i" || w == "we") && (at(t, i + 1, {"have"}) || at(t, i + 1, {"have", "got"}) || at(t, i + 1, {"got"}))) {
        size_t r = i + 2;
        if (at(t, r, {"got"})) r++;
        if (!one_of(t, r, {"a", "an", "one", "two", "three", "four", "five", "2", "3", "4", "5"})) return false;
        r++;
        if (!role_at(t, r, role)) return false;
        if (r < t.size() && (t[r - 1].clause_end || one_of(t, r, {"called", "named"}))) return names_after_role(t, r, role, b);
        // "I have a sister." names no one; "I have a doctor's appointment" is no person at all.
        return r >= t.size() || t[r - 1].clause_end;
    }
    // A list of people with no "my" at the start of a clause: "sister
    // Rachel in Seattle, kids Leo and Maya", "mom Linda, dad Greg".
    bool clause_start = i == 0 || t[i - 1].clause_end || one_of(t, i - 1, {"and", "&"});
    // "Catherine (ex-wife), Amy (friend)": a name, then its role alone in brackets.
    if (i >= 1 && t[i - 1].clause_end && (i == 1 || t[i - 2].clause_end) && !COUNTS.count(w) && !upper_initial(t[i])) {
        size_t r = i, n = i - 1;
        Person p;
        if (role_at(t, r, role) && !role.plural && t[r - 1].clause_end && person_at(t, n, p) && n == i) {
            add_person(b, role, p, false);
            return true;
        }
    }
    if (clause_start && !COUNTS.count(w)) {
        size_t r = i;
        if (!role_at(t, r, role) || r >= t.size() || t[r - 1].clause_end) return false;
        size_t n = r;
        Person first;
        if (!person_at(t, n, first)) return false;
        return names_after_role(t, r, role, b);
    }
    return false;
}

}  // namespace os1::memory::detail
