// Intent rules for the none brain and recall hygiene (plain_intent.h). Each
// sentence is read on its own; the message takes the weightiest reading
// (a question outweighs the small talk around it).
#include "companion/plain_intent.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace os1::companion {

namespace {

using Words = std::vector<std::string>;
using List = std::initializer_list<std::string_view>;

bool in(std::string_view w, List set) { return std::find(set.begin(), set.end(), w) != set.end(); }

bool has_any(const Words& w, List set) {
    return std::any_of(w.begin(), w.end(), [&](const std::string& x) { return in(x, set); });
}

// The words `seq` appear in a row, starting at `from` (or anywhere when from < 0).
bool has_seq(const Words& w, List seq, int from = -1) {
    size_t n = seq.size();
    if (w.size() < n) return false;
    size_t lo = from < 0 ? 0 : static_cast<size_t>(from), hi = from < 0 ? w.size() - n : lo;
    for (size_t i = lo; i <= hi && i + n <= w.size(); i++) {
        if (std::equal(seq.begin(), seq.end(), w.begin() + static_cast<long>(i))) return true;
    }
    return false;
}

bool starts(const Words& w, List seq) { return has_seq(w, seq, 0); }

std::string joined(const Words& w) {
    std::string s;
    for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
    return s;
}

const List PERSONAL = {"my", "i", "me", "mine", "i'm", "im", "i've", "i'd", "i'll", "myself", "our", "we", "us", "we're"};
const List OPENERS = {"what", "who", "where", "when", "which", "how", "why", "whose", "whom", "do", "does", "did",
                      "is", "are", "am", "can", "should", "what's", "whats", "who's", "where's", "when's", "how's"};
const List SMALL_TALK = {"how are you", "how are you doing", "how are you today", "how's it going", "how is it going",
                         "what's up", "whats up", "sup", "how have you been", "how was your day", "how's your day",
                         "how is your day", "ok", "okay", "k", "cool", "nice", "lol", "haha", "hmm", "yes", "no",
                         "yeah", "yep", "nope", "sure", "alright", "all right", "great", "good", "fine", "i see",
                         "got it", "wow", "oh", "oh ok", "ok cool", "not much", "nothing much", "same", "me too",
                         "and you", "you", "what about you", "how about you", "interesting", "right", "true",
                         "are you there", "you there", "still there", "are you still there"};
const List GREETINGS = {"hi", "hello", "hey", "hiya", "howdy", "yo", "heya", "hola", "greetings"};
const List IDENTITY_NOUNS = {"human", "person", "people", "ai", "bot", "robot", "machine", "computer", "program",
                             "chatbot", "chatgpt", "alive", "conscious", "sentient", "real", "software", "artificial"};
const List INNER_LIFE = {"feelings", "feel", "emotions", "emotion", "body", "consciousness", "soul", "dream",
                         "dreams", "heart", "sleep", "eat", "age"};

// A capability the companion lacks, and the words that ask for it.
struct Capability {
    const char* what;
    bool rememberable;  // the request holds the person's plan or message
    bool outside;       // news of the world outside ("will it rain?" asks for it too)
    List words;
};
const Capability CAPABILITIES[] = {
    {"set reminders", true, false, {"remind", "reminder", "reminders"}},
    {"set alarms", false, false, {"alarm", "alarms", "wake"}},
    {"set timers", false, false, {"timer", "timers", "countdown"}},
    {"put things in your calendar", true, false, {"calendar", "schedule", "appointment", "meeting", "event"}},
    {"read or send email", true, false, {"email", "emails", "mail", "inbox"}},
    {"send messages", true, false, {"text", "message", "sms", "whatsapp", "dm"}},
    {"make phone calls", true, false, {"call", "phone", "ring", "dial", "facetime"}},
    {"check the weather", false, true, {"weather", "forecast", "rain", "snow", "temperature", "sunny"}},
    {"follow the news", false, true, {"news", "headlines", "score", "scores", "stocks"}},
    {"search the web", false, true, {"search", "google", "web", "internet", "online", "browse", "look", "nearby", "nearest", "closest"}},
    {"play music", false, false, {"play", "music", "song", "songs", "playlist", "podcast", "spotify", "radio"}},
    {"book or buy things", false, false, {"book", "order", "buy", "purchase", "reserve", "reservation", "flight", "tickets"}},
    {"control things in your home", false, false, {"lights", "light", "thermostat", "heating", "tv", "lamp"}},
    {"give directions or get you somewhere", false, false, {"directions", "navigate", "route", "taxi", "uber"}},
};
// Imperatives that name the task by themselves ("Call Marcus").
const List STRONG_VERBS = {"remind", "wake", "email", "text", "message", "call", "phone", "ring", "dial", "schedule",
                           "book", "order", "buy", "reserve", "play", "search", "google", "navigate"};
// Imperatives that need a capability word ("set an alarm", not "set up my desk").
const List WEAK_VERBS = {"set", "start", "add", "turn", "switch", "check", "find", "make", "put", "open", "create",
                         "cancel", "stop", "get", "look", "send", "show"};
// Imperatives that ask for words a language model would write.
const List MODEL_TASKS = {"tell", "explain", "write", "recommend", "suggest", "help", "give", "describe", "summarize",
                          "summarise", "translate", "teach", "list", "calculate", "define", "compose", "draft",
                          "compare", "solve", "fix", "name", "sing", "guess", "imagine", "plan", "convince"};
const List POLITE = {"please", "pls", "plz", "kindly", "just", "hey", "ok", "okay", "so", "now", "also"};

// Drops "please", "can you", "I need you to"... so the verb comes first.
Words strip_polite(Words w) {
    for (bool again = true; again && !w.empty();) {
        again = false;
        size_t n = 0;
        if (in(w[0], POLITE)) n = 1;
        else if (w.size() > 1 && in(w[0], {"can", "could", "would", "will", "won't"}) && in(w[1], {"you", "u"})) n = 2;
        else if (starts(w, {"i", "need", "you", "to"}) || starts(w, {"i", "want", "you", "to"}) ||
                 starts(w, {"would", "you", "mind"}) || starts(w, {"i'd", "like", "you", "to"}))
            n = w[1] == "you" ? 3 : 4;
        else if (starts(w, {"go", "ahead", "and"})) n = 3;
        if (n > 0 && n < w.size()) {
            w.erase(w.begin(), w.begin() + static_cast<long>(n));
            again = true;
        }
    }
    return w;
}

bool sentence_is_question(std::string_view raw, const Words& w) {
    size_t end = raw.find_last_not_of(" \t\r\n\"')");
    if (end != std::string_view::npos && raw[end] == '?') return true;
    return !w.empty() && in(w[0], OPENERS);
}

// A capitalised word that is not the first of its sentence, nor "I": a name.
bool has_name(std::string_view raw) {
    bool first = true;
    for (size_t i = 0; i < raw.size();) {
        while (i < raw.size() && !std::isalnum(static_cast<unsigned char>(raw[i]))) i++;
        size_t j = i;
        while (j < raw.size() && (std::isalnum(static_cast<unsigned char>(raw[j])) || raw[j] == '\'')) j++;
        if (j == i) break;
        std::string_view word = raw.substr(i, j - i);
        if (!first && std::isupper(static_cast<unsigned char>(word[0])) && word != "I" && word.rfind("I'", 0) != 0)
            return true;
        first = false;
        i = j;
    }
    return false;
}

IntentReading read_sentence(std::string_view raw) {
    IntentReading r;
    Words w = words_of(raw);
    r.personal = has_any(w, PERSONAL);
    if (w.empty()) return r;

    // Greetings: "hi", "good morning", "hey there". What follows is read on its own.
    size_t g = 0;
    if (in(w[0], GREETINGS)) g = 1;
    else if (w.size() > 1 && (w[0] == "good" || w[0] == "g'day") && in(w[1], {"morning", "afternoon", "evening", "day"})) g = 2;
    else if (in(w[0], {"morning", "evening"})) g = 1;
    if (g > 0) {
        r.greeted = true;
        while (g < w.size() && in(w[g], {"there", "again", "you", "everyone", "friend", "buddy", "os1"})) g++;
        w.erase(w.begin(), w.begin() + static_cast<long>(g));
        if (w.empty() || in(joined(w), SMALL_TALK)) {
            r.intent = Intent::Greeting;
            return r;
        }
        r.personal = has_any(w, PERSONAL);
    }

    const bool question = sentence_is_question(raw, w);
    const std::string all = joined(w);
    const bool short_msg = w.size() <= 8;
    if (w.size() <= 6 && !question && has_any(w, {"thanks", "thank", "thx", "ty", "cheers", "appreciate", "appreciated"})) {
        r.intent = Intent::Thanks;
        return r;
    }
    if (short_msg && (has_any(w, {"bye", "goodbye", "goodnight", "cya", "farewell", "byeee"}) ||
                      has_seq(w, {"good", "night"}) || starts(w, {"see", "you"}) || starts(w, {"see", "ya"}) ||
                      starts(w, {"talk", "later"}) || starts(w, {"talk", "soon"}) || starts(w, {"talk", "tomorrow"}) ||
                      starts(w, {"gotta", "go"}) || starts(w, {"got", "to", "go"}) || starts(w, {"i", "have", "to", "go"}) ||
                      starts(w, {"i'm", "off"}) || all == "later" || all == "night")) {
        r.intent = Intent::Goodbye;
        return r;
    }
    if (in(all, SMALL_TALK) || (starts(w, {"how", "are", "you"}) && w.size() <= 5)) {
        r.intent = Intent::SmallTalk;
        return r;
    }
    if (asks_what_i_said(raw)) {
        r.intent = Intent::AskedWhatISaid;
        return r;
    }

    // Who or what the companion is.
    const bool about_you = has_any(w, {"you", "you're", "youre", "u", "your"});
    const bool asks_you_are = has_seq(w, {"are", "you"}) || has_seq(w, {"you", "are"}) || has_seq(w, {"are", "u"}) ||
                              has_seq(w, {"r", "u"}) || has_any(w, {"you're", "youre"});
    const bool about_this = has_any(w, {"this", "there", "it"}) || has_seq(w, {"talking", "to"});
    if ((question || w.size() <= 6) &&
        ((asks_you_are && has_any(w, IDENTITY_NOUNS)) || (about_this && question && has_any(w, {"human", "person", "bot", "robot", "ai", "machine", "chatbot"})) ||
         (has_any(w, {"who", "what"}) && has_any(w, {"made", "built", "created", "programmed", "designed", "trained", "wrote", "invented"}) && about_you) ||
         all == "who are you" || all == "what are you" || starts(w, {"what", "are", "you"}) || starts(w, {"who", "are", "you"}) ||
         starts(w, {"what's", "your", "name"}) || starts(w, {"what", "is", "your", "name"}) ||
         starts(w, {"what", "can", "you", "do"}) || starts(w, {"what", "are", "you", "able"}) ||
         (about_you && question && has_any(w, INNER_LIFE) && !has_any(w, {"about", "i", "my"})))) {
        r.intent = Intent::Identity;
        return r;
    }

    // "Remind me what my sister's name is" is a memory question, not a reminder.
    if (starts(w, {"remind", "me"}) && w.size() > 2 && in(w[2], {"what", "who", "where", "when", "which", "how", "of", "about"})) {
        r.intent = Intent::MemoryQuestion;
        r.personal = true;
        return r;
    }

    // Tasks it cannot do: an imperative ("Set an alarm"), or a question about the weather or news.
    Words v = strip_polite(w);
    // "Book club was fun" and "Text from Amy made my day" are news, not requests.
    bool noun_use = v.size() > 1 && in(v[1], {"was", "is", "were", "has", "had", "club", "from", "of", "went", "got"});
    bool strong = in(v[0], STRONG_VERBS) && !noun_use, weak = in(v[0], WEAK_VERBS) && !noun_use;
    const Capability* cap = nullptr;
    for (const auto& c : CAPABILITIES) {
        if (!cap && has_any(v, c.words)) cap = &c;
    }
    // Questions about the world outside: "will it rain?", "any news?", "where's the nearest pharmacy?"
    bool topical = question && cap && cap->outside && (!r.personal || std::string_view(cap->what) != "search the web");
    if (v[0] == "look" && !has_any(v, {"up", "for", "online"})) weak = false;
    if ((strong || (weak && cap) || topical) && !has_seq(w, {"did", "i"}) && !has_seq(w, {"i", "told"})) {
        r.intent = Intent::CantDo;
        if (!cap && strong) {
            for (const auto& c : CAPABILITIES)
                if (!cap && in(v[0], c.words)) cap = &c;
        }
        r.capability = cap ? cap->what : "";
        r.rememberable = cap && cap->rememberable;
        return r;
    }

    const bool recall_cue = has_any(w, {"remember", "recall"}) || has_seq(w, {"you", "know", "about"}) ||
                            has_seq(w, {"did", "i", "tell"}) || has_seq(w, {"i", "told", "you"}) ||
                            has_seq(w, {"did", "i", "say"}) || has_seq(w, {"did", "i", "mention"}) ||
                            starts(w, {"tell", "me", "about"});
    const bool advice = has_seq(w, {"should", "i"}) || has_seq(w, {"how", "do", "i"}) || has_seq(w, {"how", "can", "i"}) ||
                        has_seq(w, {"how", "should", "i"}) || has_seq(w, {"can", "i"}) || has_seq(w, {"could", "i"}) ||
                        has_seq(w, {"how", "to"}) || has_seq(w, {"do", "i", "need"}) || has_seq(w, {"is", "it", "ok"}) ||
                        has_seq(w, {"what", "can", "i"}) || has_seq(w, {"do", "you", "think"}) ||
                        has_seq(w, {"what", "would", "you"}) || has_seq(w, {"any", "tips"}) ||
                        has_seq(w, {"any", "advice"}) || has_seq(w, {"help", "me"}) || has_seq(w, {"how", "would", "i"});
    if (question || starts(w, {"tell", "me", "about"})) {
        if (recall_cue || (r.personal && !advice) || (!advice && has_name(raw))) r.intent = Intent::MemoryQuestion;
        else r.intent = Intent::OpenQuestion;
        return r;
    }
    if (in(v[0], MODEL_TASKS)) {
        r.intent = Intent::OpenQuestion;
        return r;
    }
    return r;  // a statement
}

int weight(Intent i) {
    switch (i) {
        case Intent::Identity: return 9;
        case Intent::AskedWhatISaid: return 8;
        case Intent::MemoryQuestion: return 7;
        case Intent::CantDo: return 6;
        case Intent::OpenQuestion: return 5;
        case Intent::Statement: return 4;
        case Intent::Goodbye: return 3;
        case Intent::Thanks: return 2;
        case Intent::SmallTalk: return 1;
        case Intent::Greeting: return 0;
    }
    return 0;
}

// Sentences at . ! ? followed by a space (or the end); the mark stays with its sentence.
std::vector<std::string_view> sentences(std::string_view text) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if ((c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
            out.push_back(text.substr(start, i + 1 - start));
            start = i + 1;
        }
    }
    if (start < text.size()) out.push_back(text.substr(start));
    return out;
}

}  // namespace

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        while (!cur.empty() && cur.back() == '\'') cur.pop_back();
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
    };
    for (size_t i = 0; i < text.size(); i++) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(text[i + 2]) == 0x99 || static_cast<unsigned char>(text[i + 2]) == 0x98)) {
            if (!cur.empty()) cur += '\'';  // a curly apostrophe
            i += 2;
        } else if (std::isalnum(c) || c >= 0x80) {
            cur += static_cast<char>(std::tolower(c));
        } else if (c == '\'' && !cur.empty()) {
            cur += '\'';
        } else {
            flush();
        }
    }
    flush();
    return out;
}

bool is_question(std::string_view text) {
    for (auto s : sentences(text)) {
        if (sentence_is_question(s, words_of(s))) return true;
    }
    return false;
}

bool asks_what_i_said(std::string_view text) {
    Words w = words_of(text);
    return has_seq(w, {"did", "you", "say"}) || has_seq(w, {"you", "said"}) || has_seq(w, {"did", "you", "tell"}) ||
           has_seq(w, {"you", "told", "me"}) || has_seq(w, {"did", "you", "mention"}) ||
           has_seq(w, {"you", "mentioned"}) || has_seq(w, {"did", "you", "suggest"}) ||
           has_seq(w, {"you", "suggested"}) || has_seq(w, {"did", "you", "recommend"}) ||
           has_seq(w, {"your", "advice"}) || has_seq(w, {"you", "say", "about"});
}

IntentReading read_intent(std::string_view text) {
    IntentReading best;
    bool first = true, greeted = false, personal = false;
    for (auto s : sentences(text)) {
        if (words_of(s).empty()) continue;
        IntentReading r = read_sentence(s);
        greeted = greeted || r.greeted;
        personal = personal || r.personal;
        if (first || weight(r.intent) > weight(best.intent)) best = r;
        first = false;
    }
    best.greeted = greeted;
    best.personal = personal;
    return best;
}

bool worth_recalling(std::string_view text) {
    for (auto s : sentences(text)) {
        if (words_of(s).empty()) continue;
        IntentReading r = read_sentence(s);
        if (r.intent == Intent::Statement || (r.intent == Intent::CantDo && r.rememberable)) return true;
    }
    return false;
}

}  // namespace os1::companion
