// Sarcastic praise and despair said of oneself (conversation.h).
#include "affect/conversation.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace os1::affect {
namespace {

constexpr std::array<std::string_view, 8> FILLERS = {"oh", "wow", "well", "yeah", "ah", "just", "how", "so"};
constexpr std::array<std::string_view, 15> PRAISE = {"great",    "perfect",  "fantastic", "wonderful", "lovely",
                                                     "brilliant", "awesome", "super",     "nice",      "excellent",
                                                     "terrific", "marvelous", "marvellous", "splendid", "joy"};
constexpr float NEGATIVE_CONTENT = 0.0f;  // content leaning negative (valence below 0) makes the praise sarcastic

bool is_one_of(std::string_view word, auto const& list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

// The next ASCII word from `pos` (lowercased), skipping spaces.
std::string next_word(std::string_view text, size_t& pos) {
    while (pos < text.size() && text[pos] == ' ') pos++;
    std::string word;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])))
        word += char(std::tolower(static_cast<unsigned char>(text[pos++])));
    return word;
}

}  // namespace

std::string_view after_praise_opener(std::string_view text) {
    size_t pos = 0;
    std::string word = next_word(text, pos);
    for (int i = 0; i < 2 && is_one_of(word, FILLERS); ++i) {
        if (pos < text.size() && text[pos] == ',') pos++;
        word = next_word(text, pos);
    }
    if (!is_one_of(word, PRAISE)) return {};
    // The praise stands alone: followed by punctuation, not by more of a sentence ("great job").
    while (pos < text.size() && text[pos] == ' ') pos++;
    if (pos >= text.size() || std::string_view(",.!;:-").find(text[pos]) == std::string_view::npos) return {};
    while (pos < text.size() && std::string_view(",.!;:- ").find(text[pos]) != std::string_view::npos) pos++;
    std::string_view rest = text.substr(pos);
    return std::count(rest.begin(), rest.end(), ' ') >= 1 ? rest : std::string_view();
}

namespace {

// ---- Despair and loneliness -------------------------------------------------

// Words of despair or loneliness that mean it wherever the speaker uses them.
constexpr std::array<std::string_view, 20> DESPAIR_STRONG = {
    "hopeless",  "helpless",   "worthless",   "despair",    "despairing", "lonely",  "lonelier", "loneliest",
    "loneliness", "unloved",   "unwanted",    "miserable", "depressed", "heartbroken",
    "desolate",  "forsaken",   "friendless",  "hopelessness", "worthlessness", "helplessness"};
// Words that mean it only in a frame of feeling ("I feel empty", "I'm so
// alone"), not in "leave me alone", "the fridge is empty", "I got lost".
constexpr std::array<std::string_view, 16> DESPAIR_FRAMED = {
    "alone",   "empty",     "lost",     "numb",    "broken",  "invisible", "forgotten", "trapped",
    "useless", "pointless", "meaningless", "defeated", "unlovable", "nothing", "abandoned", "isolated"};
// A sentence that weighs the despair against something else ("pretty
// miserable but my instagram looks amazing", "heartbroken, I hope they fix
// it", "rather be angry than miserable") keeps the classifier's reading.
constexpr std::array<std::string_view, 9> CONTRAST = {"but",  "than",      "though", "although", "however",
                                                     "hope", "hopefully", "rather", "yet"};
// The despair told as past ("the most miserable time of my life was").
constexpr std::array<std::string_view, 4> PAST = {"was", "were", "used", "been"};
// What makes a framed word a feeling: a feeling verb, or a copula made
// strong ("so alone", "all alone", "completely empty").
constexpr std::array<std::string_view, 14> FEELING_FRAME = {"feel",  "feeling",    "felt",  "feels",  "so",
                                                           "very",  "completely", "totally", "utterly", "all",
                                                           "truly", "incredibly", "inside", "deeply"};
// Phrases of loneliness ("nobody cares", "no one to talk to").
const std::array<std::vector<std::string_view>, 15> DESPAIR_PHRASES = {{
    {"nobody", "cares"}, {"no", "one", "cares"}, {"nobody", "to", "talk"}, {"no", "one", "to", "talk"},
    {"nobody", "loves", "me"}, {"no", "one", "loves", "me"}, {"no", "friends"}, {"nobody", "calls"},
    {"no", "one", "calls"}, {"no", "reason", "to", "live"}, {"no", "hope"}, {"given", "up", "on", "life"},
    {"feel", "like", "giving", "up"}, {"nobody", "ever", "calls"}, {"no", "one", "ever", "calls"}}};
constexpr std::array<std::string_view, 13> NEGATORS = {"not", "never", "no", "nor", "t", "dont", "cant", "isnt",
                                                       "wasnt", "less", "longer", "hardly", "without"};
constexpr std::array<std::string_view, 8> SPEAKER = {"i", "im", "me", "my", "myself", "ive", "id", "feel"};
constexpr std::array<std::string_view, 6> LAUGHS = {"lol", "haha", "hahaha", "lmao", "lmfao", "rofl"};

// Sentences of lower-case ASCII words ("I'm" -> "i", "m"; "don't" -> "don", "t").
std::vector<std::vector<std::string>> sentences(std::string_view text) {
    std::vector<std::vector<std::string>> out(1);
    std::string word;
    auto flush = [&] {
        if (!word.empty()) out.back().push_back(std::move(word));
        word.clear();
    };
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) {
            word += char(std::tolower(c));
            continue;
        }
        flush();
        if ((ch == '.' || ch == '!' || ch == '?' || ch == ';' || ch == '\n') && !out.back().empty()) out.emplace_back();
    }
    flush();
    return out;
}

bool negated_before(const std::vector<std::string>& s, size_t i) {
    for (size_t j = i; j-- > 0 && j + 3 >= i;)
        if (is_one_of(s[j], NEGATORS)) return true;
    return false;
}

bool past_before(const std::vector<std::string>& s, size_t i) {
    for (size_t j = i; j-- > 0 && j + 4 >= i;)
        if (is_one_of(s[j], PAST)) return true;
    return false;
}

bool framed(const std::vector<std::string>& s, size_t i) {
    for (size_t j = i; j-- > 0 && j + 3 >= i;)
        if (is_one_of(s[j], FEELING_FRAME)) return true;
    return false;
}

bool phrase_at(const std::vector<std::string>& s, size_t i, const std::vector<std::string_view>& ph) {
    if (i + ph.size() > s.size()) return false;
    for (size_t k = 0; k < ph.size(); ++k)
        if (s[i + k] != ph[k]) return false;
    return true;
}

// Moves the joy family's and neutral's strength to sadness (GoEmotions and
// Ekman), as crisis_reading does for the wider set of labels.
void toward_sadness(const AffectModel& model, std::span<float, N_OUTPUTS> p) {
    const auto& t = model.thresholds();
    const size_t joy = size_t(ekman_label_index("joy")), sad = size_t(ekman_label_index("sadness"));
    float moved = 0;
    for (size_t i = 0; i < N_GO; ++i) {
        if (GO_TO_EKMAN[i] != joy && i != GO_NEUTRAL) continue;
        moved = std::max(moved, p[i]);
        p[i] = std::min(p[i], 0.5f * t[i]);
    }
    for (size_t e : {joy, size_t(EKMAN_NEUTRAL)}) {
        moved = std::max(moved, p[N_GO + e]);
        p[N_GO + e] = std::min(p[N_GO + e], 0.5f * t[N_GO + e]);
    }
    const size_t go_sad = size_t(go_label_index("sadness"));
    p[go_sad] = std::max({p[go_sad], moved, t[go_sad]});
    p[N_GO + sad] = std::max({p[N_GO + sad], moved, t[N_GO + sad]});
}

}  // namespace

bool speaks_of_despair(std::string_view text) {
    for (const auto& s : sentences(text)) {
        bool speaker = false, other = false, feeling = false;
        for (const auto& w : s) {
            speaker = speaker || is_one_of(w, SPEAKER);
            other = other || is_one_of(w, LAUGHS) || is_one_of(w, CONTRAST);
            feeling = feeling || w == "feel" || w == "feeling" || w == "feels";
        }
        if (other || !(speaker || feeling)) continue;
        for (size_t i = 0; i < s.size(); ++i) {
            bool cue = is_one_of(s[i], DESPAIR_STRONG) || (is_one_of(s[i], DESPAIR_FRAMED) && framed(s, i));
            // "so lost" / "feel nothing" yes; "nothing to do" / "lost my keys" no.
            if (cue && i + 1 < s.size() && (s[i] == "lost" || s[i] == "nothing" || s[i] == "broken") &&
                !(s[i + 1] == "and" || s[i + 1] == "inside" || s[i + 1] == "anymore"))
                cue = false;
            if (cue && !negated_before(s, i) && !past_before(s, i)) return true;
            for (const auto& ph : DESPAIR_PHRASES)
                if (phrase_at(s, i, ph) && (ph[0] != "no" || !negated_before(s, i))) return true;
        }
    }
    return false;
}

void message_probabilities(const AffectModel& model, std::string_view text, std::span<float, N_OUTPUTS> out) {
    std::array<float, N_OUTPUTS> whole;
    model.probabilities(text, whole);
    std::copy(whole.begin(), whole.end(), out.begin());
    std::string_view content = after_praise_opener(text);
    if (!content.empty()) {
        std::array<float, N_OUTPUTS> rest;
        model.probabilities(content, rest);
        const float whole_valence = model.decide(whole).valence, rest_valence = model.decide(rest).valence;
        if (rest_valence < NEGATIVE_CONTENT && rest_valence < whole_valence) {
            // Sarcasm: the content's reading, the praise's strength as annoyance.
            float praise = 0;
            for (size_t i = 0; i < N_GO; ++i)
                if (GO_TO_EKMAN[i] == 3) praise = std::max(praise, whole[i]);  // the joy family
            const size_t annoyance = size_t(go_label_index("annoyance"));
            const size_t anger = N_GO + size_t(ekman_label_index("anger"));
            rest[annoyance] = std::max(rest[annoyance], praise);
            rest[anger] = std::max(rest[anger], praise);
            std::copy(rest.begin(), rest.end(), out.begin());
            return;
        }
    }
    if (speaks_of_despair(text)) toward_sadness(model, out);
}

Affect analyze_message(const AffectModel& model, std::string_view text) {
    std::array<float, N_OUTPUTS> p;
    message_probabilities(model, text, p);
    return model.decide(p);
}

Affect crisis_reading(const AffectModel& model, const Affect& reading, CrisisTone tone) {
    std::array<float, N_OUTPUTS> p;
    std::copy(reading.emotions.begin(), reading.emotions.end(), p.begin());
    std::copy(reading.ekman.begin(), reading.ekman.end(), p.begin() + N_GO);
    const auto& t = model.thresholds();
    const size_t sad = size_t(ekman_label_index("sadness")), fear = size_t(ekman_label_index("fear"));
    float moved = 0;
    for (size_t i = 0; i < N_GO; ++i) {
        if (GO_TO_EKMAN[i] == sad || GO_TO_EKMAN[i] == fear) continue;
        moved = std::max(moved, p[i]);
        p[i] = std::min(p[i], 0.5f * t[i]);
    }
    for (size_t e = 0; e < N_EKMAN; ++e) {
        if (e == sad || e == fear) continue;
        moved = std::max(moved, p[N_GO + e]);
        p[N_GO + e] = std::min(p[N_GO + e], 0.5f * t[N_GO + e]);
    }
    const size_t go = size_t(go_label_index(tone == CrisisTone::Sadness ? "sadness" : "fear"));
    const size_t ek = tone == CrisisTone::Sadness ? sad : fear;
    p[go] = std::max({p[go], moved, t[go]});
    p[N_GO + ek] = std::max({p[N_GO + ek], moved, t[N_GO + ek]});
    return model.decide(p);
}

}  // namespace os1::affect
