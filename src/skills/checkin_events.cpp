// Check-ins about the person's calendar: which events matter, and when to
// ask about one (before it that day or the evening before, after it up to a
// day later). One reason per occurrence: "event:<id>:<day>", where the
// companion's id already names the occurrence (a recurring event's
// instances differ).
#include <algorithm>
#include <cctype>

#include "core/strings.h"
#include "memory/time_parse.h"
#include "skills/checkins.h"
#include "skills/reminder_time.h"

namespace os1::skills {

namespace {

constexpr int64_t DAY_MS = memory::DAY_MS;
constexpr int64_t HOUR_MS = 3'600'000;
constexpr int EVENING_MIN = 17 * 60;  // the evening before: from 17:00

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t local_day(int64_t utc_ms, const TimeZone& zone) { return floor_div(zone.to_local(utc_ms), DAY_MS); }

// The words of a text, lower-case ASCII letters and digits (other bytes,
// UTF-8 included, split words; a word of non-ASCII letters is kept whole).
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string w;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c >= 0x80 || c == '\'' || (c == '-' && !w.empty())) {
            w += static_cast<char>(std::tolower(c));
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(std::move(w));
    for (auto& x : out) {
        while (!x.empty() && (x.back() == '-' || x.back() == '\'')) x.pop_back();
        if (x.size() > 2 && x.ends_with("'s")) x.resize(x.size() - 2);
    }
    return out;
}

bool has(const std::vector<std::string>& words, std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

// Events worth asking about. Whole words of the summary, lower-case.
const char* const MATTERS[] = {
    // appointments and care
    "appointment", "appt", "doctor", "doctors", "dr", "gp", "dentist", "dental", "hospital", "clinic", "surgery",
    "operation", "scan", "mri", "ultrasound", "xray", "x-ray", "biopsy", "results", "checkup", "check-up", "therapy",
    "therapist", "counselling", "counseling", "physio", "physiotherapy", "vet", "chemo", "chemotherapy",
    "vaccination", "consultation", "specialist",
    // being judged
    "interview", "exam", "exams", "test", "audition", "presentation", "pitch", "viva", "defense", "defence",
    "assessment", "appraisal", "review", "deadline", "recital", "competition", "race", "tryout", "tryouts",
    // hard days
    "funeral", "memorial", "court", "hearing", "trial", "lawyer", "solicitor", "divorce", "custody", "eviction",
    "mediation", "tribunal",
    // big days
    "wedding", "graduation", "moving", "surgery",
};

// First words that are not names ("Job interview", "Annual review").
const char* const GENERIC[] = {"job", "final", "first", "driving", "blood", "annual", "eye", "team", "performance",
                               "dental", "medical", "follow-up", "follow", "school", "parents", "uni", "college"};

// Too common to tie an event to a worry.
const char* const COMMON[] = {
    "with", "about", "from", "into", "this", "that", "then", "than", "what", "when", "have", "will", "your",
    "their", "there", "today", "tomorrow", "week", "meeting", "call", "time", "lunch", "dinner", "coffee", "team",
    "work", "home", "office", "room", "online", "zoom", "teams", "event", "pm", "am", "and", "the", "for",
};

bool common(const std::string& w) {
    return w.size() < 4 || std::any_of(std::begin(COMMON), std::end(COMMON), [&](const char* c) { return w == c; });
}

// Where the next reason for this occurrence would say it.
struct When {
    enum Kind { After, Today, Tomorrow } kind;
};

CheckIn event_checkin(const Planned& e, When::Kind kind, const std::string& hi, const std::string& topic, int64_t day) {
    const std::string reason = str("event:", e.id, ":", memory::format_day(day * DAY_MS));
    // The same reason always gets the same words; different reasons vary.
    auto pick = [&](std::initializer_list<std::string> options) {
        std::vector<std::string> v(options);
        return v[std::hash<std::string>{}(reason) % v.size()];
    };
    CheckIn c;
    c.reason = reason;
    c.kind = "event";
    c.quote = e.text;
    c.quote_third_party = true;
    switch (kind) {
    case When::After:
        c.text = hi + pick({str("How did it go with ", topic, "?"), str("I was thinking of you. How did ", topic, " go?"),
                            str("How was ", topic, "? I'd love to hear, if you feel like telling me.")});
        c.why = "An event in their calendar that seemed to matter to them has just happened. Ask warmly how it went.";
        break;
    case When::Today:
        c.text = hi + pick({str("Good luck with ", topic, " today. I'll be thinking of you."),
                            str("It's the day of ", topic, ". I hope it goes well. Tell me how it went?"),
                            str("Today's ", topic, ". You've got this, and I'm here after if you want to talk.")});
        c.why = "An event in their calendar that seems to matter to them is later today and has not started yet. "
                "Wish them well.";
        break;
    case When::Tomorrow:
        c.text = hi + pick({str("You've got ", topic, " tomorrow. How are you feeling about it?"),
                            str("Tomorrow's ", topic, ". I'm thinking of you. Is there anything on your mind about it?")});
        c.why = "An event in their calendar that seems to matter to them is tomorrow. Ask gently how they feel about it.";
        break;
    }
    return c;
}

}  // namespace

bool event_matters(std::string_view summary, const std::vector<SaidBefore>& worries) {
    const auto words = words_of(summary);
    if (words.empty()) return false;
    for (const char* m : MATTERS)
        if (has(words, m)) return true;
    // "first date", "job offer", "driving lesson": two-word occasions.
    if ((has(words, "first") && has(words, "date")) || (has(words, "driving") && has(words, "lesson")) ||
        (has(words, "blood") && has(words, "work")))
        return true;
    for (const auto& w : worries) {
        const auto said = words_of(w.text);
        for (const auto& word : words)
            if (!common(word) && has(said, word)) return true;
    }
    return false;
}

std::string event_topic(std::string_view summary) {
    // One line, control characters out.
    std::string line;
    for (char ch : summary) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) {
            if (!line.empty() && line.back() != ' ') line += ' ';
            continue;
        }
        if (c == ' ' && (line.empty() || line.back() == ' ')) continue;
        line += ch;
    }
    // The topic, not its details: up to ':' '|' '(' '[' or " - ".
    size_t cut = line.find_first_of(":|([");
    if (size_t dash = line.find(" - "); dash < cut) cut = dash;
    if (cut != std::string::npos) line.resize(cut);
    // At most ~60 bytes, at a word boundary (never inside a UTF-8 sequence).
    if (line.size() > 60) {
        size_t at = line.rfind(' ', 60);
        line.resize(at == std::string::npos || at < 20 ? 60 : at);
        while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80) line.pop_back();
        if (!line.empty() && static_cast<unsigned char>(line.back()) >= 0xC0) line.pop_back();
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '.' || line.back() == ',' || line.back() == '-'))
        line.pop_back();
    if (line.empty()) return "";
    // "Job interview" -> "your job interview", "Amy's wedding" stays,
    // "Acme interview" -> "the Acme interview", "Dr Patel" -> "your
    // appointment with Dr Patel".
    const std::string first = line.substr(0, line.find(' '));
    std::string low_first;
    for (char c : first) low_first += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* det : {"the", "a", "an", "your", "our", "my"})
        if (low_first == det && first.size() < line.size()) return second_person(line);
    if (low_first.ends_with("'s") || low_first.ends_with("\xe2\x80\x99s")) return line;
    if ((low_first == "dr" || low_first == "dr.") && first.size() < line.size()) return "your appointment with " + line;
    const bool generic = first == low_first ||
                         std::any_of(std::begin(MATTERS), std::end(MATTERS), [&](const char* m) { return low_first == m; }) ||
                         std::any_of(std::begin(GENERIC), std::end(GENERIC), [&](const char* m) { return low_first == m; });
    if (!generic) return "the " + line;
    if (first.size() == 1 || std::islower(static_cast<unsigned char>(first[1])))
        line[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(line[0])));
    return "your " + line;
}

void calendar_checkins(const Signals& sig, const TimeZone& zone, std::vector<CheckIn>& out) {
    const int64_t today = local_day(sig.now_ms, zone);
    const CivilTime now_local = civil(zone.to_local(sig.now_ms));
    const bool evening = now_local.hour * 60 + now_local.minute >= EVENING_MIN;
    const std::string hi = sig.name.empty() ? "Hi. " : str("Hi ", sig.name, ". ");
    std::vector<CheckIn> after, on_the_day, tomorrow;
    for (const auto& e : sig.events) {
        if (!e.calendar || e.time_ms <= 0 || !event_matters(e.text, sig.worries)) continue;
        const std::string topic = event_topic(e.text);
        if (topic.empty()) continue;
        const int64_t end = e.end_ms > e.time_ms ? e.end_ms : e.time_ms + HOUR_MS;
        const int64_t day = local_day(e.time_ms, zone);
        if (end <= sig.now_ms) {
            if (sig.now_ms - end <= DAY_MS) after.push_back(event_checkin(e, When::After, hi, topic, day));
        } else if (day == today && (e.all_day || e.time_ms > sig.now_ms)) {
            on_the_day.push_back(event_checkin(e, When::Today, hi, topic, day));
        } else if (day == today + 1 && evening) {
            tomorrow.push_back(event_checkin(e, When::Tomorrow, hi, topic, day));
        }
    }
    for (auto* list : {&after, &on_the_day, &tomorrow})
        for (auto& c : *list) out.push_back(std::move(c));
}

}  // namespace os1::skills
