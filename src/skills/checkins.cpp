// Check-ins: the rules that decide when, the templates that say it, and the
// table that remembers what was said (so a reason is used once).
#include "skills/checkins.h"

#include <algorithm>
#include <cctype>

#include "core/clock.h"
#include "core/strings.h"
#include "memory/time_parse.h"
#include "skills/reminder_time.h"

namespace os1::skills {

namespace {

constexpr int64_t DAY_MS = memory::DAY_MS;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t local_day(int64_t utc_ms, const TimeZone& zone) { return floor_div(zone.to_local(utc_ms), DAY_MS); }
std::string day_id(int64_t day) { return memory::format_day(day * DAY_MS); }

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The same reason always gets the same words; different reasons vary.
const std::string& pick(const std::vector<std::string>& options, const std::string& reason) {
    return options[std::hash<std::string>{}(reason) % options.size()];
}

std::string hello(const std::string& name) { return name.empty() ? "Hi. " : str("Hi ", name, ". "); }

CheckIn checkin(std::string reason, std::string kind, std::string text, int64_t sent_ms = 0) {
    CheckIn c;
    c.reason = std::move(reason);
    c.kind = std::move(kind);
    c.text = std::move(text);
    c.sent_ms = sent_ms;
    return c;
}

Result<int> clock_minutes(const Config& config, const char* key, int fallback) {
    const std::string v = config.get_string(key, "");
    if (v.empty()) return fallback;
    int h = -1, m = -1;
    char extra = 0;
    if (std::sscanf(v.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return Error::invalid("config ", key, " = '", v, "' is not a time of day (write it like \"22:00\")");
    return h * 60 + m;
}

}  // namespace

Result<CheckinSettings> checkin_settings(const Config& config) {
    CheckinSettings s;
    s.enabled = TRY(config.get_bool("checkins.enabled", false));
    s.quiet_start_min = TRY(clock_minutes(config, "checkins.quiet_start", s.quiet_start_min));
    s.quiet_end_min = TRY(clock_minutes(config, "checkins.quiet_end", s.quiet_end_min));
    const int64_t gap = TRY(config.get_int("checkins.min_gap_hours", 20));
    if (gap < 1 || gap > 24 * 30) return Error::invalid("config checkins.min_gap_hours must be 1..720 (hours)");
    s.min_gap_ms = gap * 3'600'000;
    const int64_t silence = TRY(config.get_int("checkins.silence_days", 3));
    if (silence < 1 || silence > 365) return Error::invalid("config checkins.silence_days must be 1..365");
    s.silence_days = static_cast<int>(silence);
    s.brain_timeout_s = TRY(config.get_double("checkins.brain_timeout_s", s.brain_timeout_s));
    if (!(s.brain_timeout_s >= 1 && s.brain_timeout_s <= 300)) return Error::invalid("config checkins.brain_timeout_s must be 1..300 (seconds)");
    return s;
}

Json CheckIn::to_json() const {
    return Json{{"reason", reason}, {"kind", kind}, {"text", text}, {"sent", sent_ms ? format_iso8601_utc(sent_ms) : ""}};
}

bool sounds_worried(std::string_view text) {
    const std::string t = lower(text);
    for (const char* w : {"worried", "worry", "worrying", "nervous", "anxious", "scared", "afraid", "dreading",
                          "stressed about", "stressing about", "freaking out", "terrified", "can't stop thinking about",
                          "on edge", "uneasy"})
        if (t.find(w) != std::string::npos) return true;
    return false;
}

std::string worry_topic(std::string_view text) {
    const std::string t = lower(text);
    size_t at = std::string::npos, skip = 0;
    for (const char* lead : {" about ", " of ", " for "}) {
        const size_t p = t.find(lead);
        if (p != std::string::npos && p < at) {
            at = p;
            skip = std::string_view(lead).size();
        }
    }
    if (at == std::string::npos) return "";
    // Up to the end of the clause, at most six words, without time words
    // (yesterday's "tomorrow" is today).
    std::string clause(text.substr(at + skip));
    if (size_t end = clause.find_first_of(".,;!?\n"); end != std::string::npos) clause.resize(end);
    static const char* DROP[] = {"tomorrow", "today", "tonight", "yesterday", "later", "now", "this", "next", "morning",
                                 "afternoon", "evening", "week", "soon"};
    std::string kept;
    int words = 0;
    size_t i = 0;
    while (i < clause.size() && words < 6) {
        while (i < clause.size() && clause[i] == ' ') i++;
        size_t j = clause.find(' ', i);
        if (j == std::string::npos) j = clause.size();
        std::string w = clause.substr(i, j - i);
        i = j;
        if (w.empty()) continue;
        const std::string lw = lower(w);
        if (std::any_of(std::begin(DROP), std::end(DROP), [&](const char* d) { return lw == d; })) break;
        if (lw == "and" || lw == "but" || lw == "because" || lw == "so") break;
        kept += (kept.empty() ? "" : " ") + w;
        words++;
    }
    if (kept.empty() || lower(kept) == "it" || lower(kept) == "that" || lower(kept) == "everything") return "";
    return second_person(kept);
}

bool in_quiet_hours(int64_t now_ms, const CheckinSettings& s, const TimeZone& zone) {
    const CivilTime t = civil(zone.to_local(now_ms));
    const int m = t.hour * 60 + t.minute;
    if (s.quiet_start_min == s.quiet_end_min) return false;
    if (s.quiet_start_min < s.quiet_end_min) return m >= s.quiet_start_min && m < s.quiet_end_min;
    return m >= s.quiet_start_min || m < s.quiet_end_min;  // across midnight
}

std::vector<CheckIn> checkin_candidates(const Signals& sig, const TimeZone& zone) {
    std::vector<CheckIn> out;
    if (sig.last_message_ms <= 0) return out;  // never talked: nothing to follow up
    const int64_t today = local_day(sig.now_ms, zone);
    const std::string hi = hello(sig.name);

    // The person's calendars first: how an event that matters went, then
    // one today, then one tomorrow (checkin_events.cpp).
    calendar_checkins(sig, zone, out);
    // Something planned for today that has not happened yet (what they told us).
    for (const auto& e : sig.events) {
        if (e.calendar) continue;
        if (e.time_ms <= 0 || local_day(e.time_ms, zone) != today || e.time_ms < sig.now_ms) continue;
        const std::string what = second_person(e.text);
        CheckIn c = checkin(str("event:", e.id, ":", day_id(today)), "event",
                  hi + pick({str("Good luck with ", what, " today. I'll be thinking of you."),
                             str("It's the day of ", what, ". I hope it goes well. Tell me how it went?"),
                             str("Today's ", what, ". You've got this, and I'm here after if you want to talk.")},
                            e.id));
        c.why = "They told you about something happening later today, and it has not happened yet. Wish them well.";
        c.quote = what;
        out.push_back(std::move(c));
    }
    // A worry from yesterday.
    for (const auto& w : sig.worries) {
        if (local_day(w.time_ms, zone) != today - 1) continue;
        const std::string topic = worry_topic(w.text);
        const std::string reason = "worry:" + w.id;
        std::string text = topic.empty()
                               ? pick({"You sounded worried yesterday. How are you feeling today?",
                                       "Yesterday seemed to weigh on you. How are things this morning?"},
                                      reason)
                               : pick({str("Yesterday you were worried about ", topic, ". How are you feeling about it today?"),
                                       str("I've been thinking about what you said about ", topic, ". How did it go?")},
                                      reason);
        CheckIn c = checkin(reason, "worry", hi + text);
        c.why = "Yesterday they said something that sounded worried. Ask gently how they feel about it today.";
        c.quote = w.text;
        out.push_back(std::move(c));
        break;  // one worry is enough to ask about
    }
    // A hard day yesterday.
    double sum = 0;
    int n = 0;
    for (const auto& m : sig.moods)
        if (local_day(m.time_ms, zone) == today - 1) {
            sum += m.valence;
            n++;
        }
    if (n >= 2 && sum / n <= -0.35) {
        const std::string reason = "hard-day:" + day_id(today - 1);
        CheckIn c = checkin(reason, "hard-day",
                  hi + pick({"Yesterday sounded like a hard day. How are you doing today?",
                             "I was thinking of you after yesterday. How are you feeling now?",
                             "Yesterday seemed heavy. I hope today is kinder. How are you?"},
                            reason));
        c.why = "Yesterday seemed to be a hard day for them. Ask how they are today, without naming feelings for them.";
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::optional<CheckIn>> Checkins::due(const Signals& sig, const CheckinSettings& settings, const TimeZone& zone) {
    using Out = std::optional<CheckIn>;
    if (!settings.enabled || sig.last_message_ms <= 0) return Out();
    if (in_quiet_hours(sig.now_ms, settings, zone)) return Out();
    auto last = TRY(m_scope.prepare("SELECT MAX(sent_ms) FROM checkins WHERE owner = :owner"));
    if (TRY(last.step()) && !last.column_is_null(0) && sig.now_ms - last.column_int(0) < settings.min_gap_ms) return Out();
    std::vector<CheckIn> candidates = checkin_candidates(sig, zone);
    // Days of silence (its reason is the day of the last message: asked once per silence).
    if (sig.now_ms - sig.last_message_ms >= settings.silence_days * DAY_MS) {
        const std::string reason = "silence:" + day_id(local_day(sig.last_message_ms, zone));
        CheckIn c = checkin(reason, "silence",
                  hello(sig.name) + pick({"It's been a few days. I've missed our talks. How have you been?",
                                          "I haven't heard from you in a while. How are you doing?",
                                          "Just checking in: it's been a few days. How's everything?"},
                                         reason));
        c.why = str("You have not heard from them for ", (sig.now_ms - sig.last_message_ms) / DAY_MS,
                    " days. Say you are glad to see them and ask how they have been, without any reproach.");
        candidates.push_back(std::move(c));
    }
    auto used = TRY(m_scope.prepare("SELECT 1 FROM checkins WHERE reason = ? AND owner = :owner"));
    for (auto& c : candidates) {
        used.reset();
        used.bind(1, c.reason);
        if (TRY(used.step())) continue;
        c.sent_ms = sig.now_ms;
        return Out(std::move(c));
    }
    return Out();
}

Result<void> Checkins::record(const CheckIn& c) {
    auto st = TRY(m_scope.prepare("INSERT OR IGNORE INTO checkins(reason, kind, text, sent_ms, owner) "
                                  "VALUES(?, ?, ?, ?, :owner)"));
    st.bind(1, c.reason).bind(2, c.kind).bind(3, c.text).bind(4, c.sent_ms);
    return st.run();
}

Result<std::vector<CheckIn>> Checkins::sent(int limit) {
    auto st = TRY(m_scope.prepare("SELECT reason, kind, text, sent_ms FROM checkins WHERE owner = :owner "
                                  "ORDER BY sent_ms DESC LIMIT ?"));
    st.bind(2, static_cast<int64_t>(limit));
    std::vector<CheckIn> out;
    while (TRY(st.step())) out.push_back(checkin(st.column_text(0), st.column_text(1), st.column_text(2), st.column_int(3)));
    return out;
}

Result<bool> Checkins::erase(const std::string& reason) {
    auto st = TRY(m_scope.prepare("DELETE FROM checkins WHERE reason = ? AND owner = :owner"));
    st.bind(1, reason);
    TRY(st.run());
    return m_scope.changes() == 1;
}

}  // namespace os1::skills
