// Reminder requests: a scanner marks the words that say when (patterns
// tried at each word, longest first), the words left after "remind me" are
// the task. Dates and weekdays are resolved on the person's wall clock.
#include "skills/reminder_time.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

#include "core/strings.h"
#include "memory/time_parse.h"

namespace os1::skills {

namespace {

constexpr int64_t MINUTE_MS = 60'000;
constexpr int64_t DAY_MS = memory::DAY_MS;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct Word {
    std::string orig;  // as written, outer punctuation removed
    std::string low;
    bool used = false; // part of the time phrase
};

std::vector<Word> split_words(std::string_view text) {
    std::vector<Word> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
        size_t j = i;
        while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) j++;
        std::string w(text.substr(i, j - i));
        auto punct = [](char c) { return c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == '"' || c == '(' || c == ')'; };
        while (!w.empty() && punct(w.back())) w.pop_back();
        while (!w.empty() && punct(w.front())) w.erase(w.begin());
        if (!w.empty()) {
            std::string low = w;
            for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (low == "a.m") low = "am";
            if (low == "p.m") low = "pm";
            out.push_back({w, low, false});
        }
        i = j;
    }
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

int weekday_of(std::string_view w) {  // 0 = Monday; -1 none. Plural ("mondays") too.
    static const char* NAMES[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    static const char* SHORT[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (w.ends_with("s") && w.size() > 6) w.remove_suffix(1);
    for (int i = 0; i < 7; i++)
        if (w == NAMES[i] || (w.size() <= 4 && w == SHORT[i])) return i;
    return -1;
}

int number_word(std::string_view w) {
    static const std::pair<const char*, int> WORDS[] = {
        {"a", 1},      {"an", 1},      {"one", 1},     {"two", 2},     {"three", 3},  {"four", 4},  {"five", 5},
        {"six", 6},    {"seven", 7},   {"eight", 8},   {"nine", 9},    {"ten", 10},   {"eleven", 11}, {"twelve", 12},
        {"fifteen", 15}, {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"forty-five", 45}, {"fifty", 50},
        {"sixty", 60}, {"ninety", 90}, {"few", 3},     {"couple", 2}};
    if (all_digits(w) && w.size() <= 4) return to_int(w);
    for (const auto& [name, n] : WORDS)
        if (w == name) return n;
    return -1;
}

int64_t unit_ms(std::string_view u) {
    if (u == "m" || u == "min" || u == "mins" || u.starts_with("minute")) return MINUTE_MS;
    if (u == "h" || u == "hr" || u == "hrs" || u.starts_with("hour")) return 60 * MINUTE_MS;
    if (u.starts_with("day")) return DAY_MS;
    if (u.starts_with("week")) return 7 * DAY_MS;
    return 0;
}

int day_number(std::string_view w) {  // "24", "24th", "1st"; 0 when not a day of the month
    std::string n(w);
    for (const char* suf : {"st", "nd", "rd", "th"})
        if (n.size() > 2 && n.ends_with(suf)) n.resize(n.size() - 2);
    if (!all_digits(n) || n.size() > 2) return 0;
    const int d = to_int(n);
    return d >= 1 && d <= 31 ? d : 0;
}

// Minutes past midnight a part of the day stands for; -1 when not one.
int part_minutes(std::string_view w) {
    if (w == "morning") return 9 * 60;
    if (w == "lunchtime" || w == "lunch" || w == "noon" || w == "midday") return 12 * 60;
    if (w == "afternoon") return 15 * 60;
    if (w == "evening") return 18 * 60;
    if (w == "tonight") return 20 * 60;
    if (w == "night") return 21 * 60;
    return -1;
}

// What the time words said, before it is resolved against now.
struct When {
    int64_t relative_ms = 0;
    std::string relative;
    int day_offset = -1;          // today 0, tomorrow 1, ...
    int weekday = -1;
    bool next_week = false;       // "next Monday" when today is Monday
    int month = 0, mday = 0;      // a date ("24 December", or "the 24th": month 0)
    int64_t year = -1;
    int hour = -1, minute = 0;
    int ampm = -1;                // 0 am, 1 pm
    int part = -1;                // minutes for "morning", ...
    std::string rule;             // "daily", "weekdays", "weekly", "weekly:N", "monthly", "yearly"
    bool any() const {
        return relative_ms || day_offset >= 0 || weekday >= 0 || mday || hour >= 0 || part >= 0 || !rule.empty();
    }
};

class Scanner {
public:
    Scanner(std::vector<Word>& w) : m_w(w) {}

    void scan(size_t from, size_t to) {
        for (size_t i = from; i < to && i < m_w.size();) {
            size_t n = match(i);
            if (n == 0) {
                i++;
                continue;
            }
            for (size_t k = i; k < i + n && k < m_w.size(); k++) m_w[k].used = true;
            i += n;
        }
    }
    When when;

private:
    const std::string& at(size_t i) const {
        static const std::string none;
        return i < m_w.size() ? m_w[i].low : none;
    }
    bool prev_used(size_t i) const { return i > 0 && m_w[i - 1].used; }

    // A clock time at i ("5", "5pm", "5:30", "17:00", "noon", "half past 5"); words used, 0 if none.
    size_t clock_time(size_t i, bool after_at) {
        const std::string& w = at(i);
        if (w == "noon" || w == "midday") { when.hour = 12; when.minute = 0; when.ampm = 1; return 1; }
        if (w == "midnight") { when.hour = 0; when.minute = 0; when.ampm = 0; if (when.day_offset < 0 && when.weekday < 0 && !when.mday) when.day_offset = 1; return 1; }
        if ((w == "half" || w == "quarter") && (at(i + 1) == "past" || at(i + 1) == "to") && number_word(at(i + 2)) > 0) {
            int h = number_word(at(i + 2));
            if (h > 12) return 0;
            when.minute = w == "half" ? 30 : at(i + 1) == "past" ? 15 : 45;
            when.hour = at(i + 1) == "to" ? (h + 11) % 12 : h;
            if (when.hour == 0 && at(i + 1) == "to") when.hour = 12;
            return 3 + am_pm(i + 3);
        }
        std::string t = w;
        int ampm = -1;
        if (t.ends_with("am") || t.ends_with("pm")) {
            ampm = t.ends_with("pm");
            t.resize(t.size() - 2);
        }
        int h = -1, m = 0;
        if (auto colon = t.find(':'); colon != std::string::npos) {
            if (!all_digits(t.substr(0, colon)) || t.size() - colon != 3 || !all_digits(t.substr(colon + 1))) return 0;
            h = to_int(t.substr(0, colon));
            m = to_int(t.substr(colon + 1));
        } else if (all_digits(t) && t.size() <= 2) {
            if (ampm < 0 && !after_at && at(i + 1) != "am" && at(i + 1) != "pm" && at(i + 1) != "o'clock") return 0;
            h = to_int(t);
        } else if (after_at && number_word(t) > 0 && number_word(t) <= 12 && t != "a" && t != "an" && t != "few" && t != "couple") {
            h = number_word(t);
        } else {
            return 0;
        }
        if (h > 23 || m > 59 || (ampm >= 0 && (h < 1 || h > 12))) return 0;
        when.hour = h;
        when.minute = m;
        size_t n = 1;
        if (at(i + 1) == "o'clock") n++;
        if (ampm < 0) n += am_pm(i + n);
        else when.ampm = ampm;
        return n;
    }
    size_t am_pm(size_t i) {
        if (at(i) == "am" || at(i) == "pm") {
            when.ampm = at(i) == "pm";
            return 1;
        }
        return 0;
    }
    // "24 December", "December 24th", "the 24th of December", "24th" after "on the".
    size_t date(size_t i, bool after_on) {
        size_t k = i;
        if (at(k) == "the") k++;
        if (int d = day_number(at(k)); d) {
            size_t j = k + 1;
            if (at(j) == "of") j++;
            if (int m = memory::month_from_word(at(j)); m) {
                when.mday = d;
                when.month = m;
                return j + 1 - i + year(j + 1);
            }
            if (k > i && after_on) {  // "on the 24th": a day of this month or the next
                when.mday = d;
                if (at(k + 1) == "of" && (at(k + 2) == "every" || at(k + 2) == "each")) return k + 2 - i;
                return k + 1 - i;
            }
            return 0;
        }
        if (int m = memory::month_from_word(at(k)); m && k == i && (at(k) != "may" || day_number(at(k + 1)))) {
            size_t j = k + 1;
            if (at(j) == "the") j++;
            if (int d = day_number(at(j)); d) {
                when.mday = d;
                when.month = m;
                return j + 1 - i + year(j + 1);
            }
        }
        return 0;
    }
    size_t year(size_t i) {
        if (all_digits(at(i)) && at(i).size() == 4) {
            when.year = to_int(at(i));
            return 1;
        }
        return 0;
    }

    size_t match(size_t i) {
        const std::string& w = at(i);
        const std::string& next = at(i + 1);
        // "in 20 minutes", "in an hour", "in half an hour", "in 20m"
        if (w == "in" || w == "within") {
            if (next == "the" && part_minutes(at(i + 2)) >= 0) {
                when.part = part_minutes(at(i + 2));
                return 3;
            }
            if (next == "half" && (at(i + 2) == "an" || at(i + 2) == "a") && unit_ms(at(i + 3)) == 60 * MINUTE_MS) {
                set_relative(30 * MINUTE_MS, "in half an hour");
                return 4;
            }
            size_t k = i + 1;
            if (at(k) == "a" && (at(k + 1) == "few" || at(k + 1) == "couple")) k++;
            int n = number_word(at(k));
            size_t used = k + 1 - i;
            if (at(k + 1) == "of") used++;
            std::string unit = at(i + used);
            if (n < 0) {
                // "20m", "2h", "90min"
                std::string num, u;
                for (char c : at(k)) (std::isdigit(static_cast<unsigned char>(c)) && u.empty() ? num : u) += c;
                if (num.empty() || !unit_ms(u) || u.starts_with("d") || u.starts_with("w")) return 0;
                n = to_int(num);
                unit = u;
                used = k - i;
            }
            const int64_t ms = unit_ms(unit);
            if (n <= 0 || !ms || n > 10000) return 0;
            std::string unit_word = ms == MINUTE_MS ? "minute" : ms == 60 * MINUTE_MS ? "hour" : ms == DAY_MS ? "day" : "week";
            set_relative(n * ms, n == 1 ? str("in a", unit_word == "hour" ? "n " : " ", unit_word) : str("in ", n, " ", unit_word, "s"));
            return used + 1;
        }
        if (w == "at" || w == "by" || w == "around") {
            if (size_t n = clock_time(i + 1, true)) return n + 1;
            if (part_minutes(next) >= 0 && next != "tonight") {
                when.part = part_minutes(next);
                return 2;
            }
            return 0;
        }
        if (size_t n = clock_time(i, false)) return n;
        if (w == "today") { when.day_offset = 0; return 1; }
        if (w == "tonight") { when.day_offset = 0; when.part = part_minutes(w); return 1; }
        if (w == "tomorrow" || w == "tmrw" || w == "tmr") { when.day_offset = 1; return 1; }
        if (w == "the" && next == "day" && at(i + 2) == "after" && at(i + 3) == "tomorrow") { when.day_offset = 2; return 4; }
        if ((w == "every" || w == "each") && !next.empty()) {
            if (next == "day" || next == "morning" || next == "evening" || next == "night" || next == "afternoon") {
                when.rule = "daily";
                if (next != "day") when.part = part_minutes(next);
                return 2;
            }
            if (next == "weekday") { when.rule = "weekdays"; return 2; }
            if (next == "week") { when.rule = "weekly"; return 2; }
            if (next == "month") { when.rule = "monthly"; return 2; }
            if (next == "year") { when.rule = "yearly"; return 2; }
            if (int wd = weekday_of(next); wd >= 0) {
                when.weekday = wd;
                when.rule = "weekly:" + std::to_string(wd);
                return 2;
            }
            return 0;
        }
        if (w == "daily") { when.rule = "daily"; return 1; }
        if (w == "weekly") { when.rule = "weekly"; return 1; }
        if (w == "monthly") { when.rule = "monthly"; return 1; }
        if (w == "on" && (next == "weekdays" || next == "weekday")) { when.rule = "weekdays"; return 2; }
        {
            size_t k = i;
            bool next_week = false;
            if (w == "on" || w == "this" || w == "coming" || w == "next") {
                next_week = w == "next";
                k++;
                if (at(k) == "coming") k++;
            }
            if (int wd = weekday_of(at(k)); wd >= 0) {
                when.weekday = wd;
                when.next_week = next_week;
                if (at(k).size() > 6 && at(k).ends_with("s") && (w == "on" || k == i)) when.rule = "weekly:" + std::to_string(wd);
                return k + 1 - i;
            }
            if (w == "this" && part_minutes(next) >= 0) {
                when.part = part_minutes(next);
                if (when.day_offset < 0 && when.weekday < 0) when.day_offset = 0;
                return 2;
            }
            if (w == "on") {
                if (size_t n = date(i + 1, true)) return n + 1;
            }
        }
        if (size_t n = date(i, false)) return n;
        if (part_minutes(w) >= 0 && prev_used(i) && w != "noon" && w != "midday") {
            when.part = part_minutes(w);
            return 1;
        }
        return 0;
    }
    void set_relative(int64_t ms, std::string words) {
        when.relative_ms = ms;
        when.relative = std::move(words);
    }

    std::vector<Word>& m_w;
};

bool rule_matches(const std::string& rule, const CivilTime& t) {
    if (rule == "daily") return true;
    if (rule == "weekdays") return t.weekday < 5;
    if (rule.starts_with("weekly:")) return t.weekday == to_int(rule.substr(7));
    if (rule.starts_with("monthly:")) return static_cast<int>(t.day) == to_int(rule.substr(8));
    if (rule.starts_with("yearly:")) {
        const auto dash = rule.find('-', 7);
        return static_cast<int>(t.month) == to_int(rule.substr(7, dash - 7)) &&
               static_cast<int>(t.day) == to_int(rule.substr(dash + 1));
    }
    return false;
}

// Resolves what the words said against now, on the person's wall clock.
ReminderRequest resolve(When& w, int64_t now_ms, const TimeZone& zone) {
    ReminderRequest out;
    out.is_request = true;
    if (!w.any()) return out;
    out.has_time = true;
    if (w.relative_ms) {
        out.due_ms = now_ms + w.relative_ms;
        out.relative = w.relative;
        return out;
    }
    const int64_t now_local = zone.to_local(now_ms);
    const int64_t today = floor_div(now_local, DAY_MS) * DAY_MS;
    const CivilTime now_civil = civil(now_local);
    const bool day_named = w.day_offset > 0 || w.weekday >= 0 || w.mday || (!w.rule.empty() && w.rule != "daily");

    // The clock time: said, or the part of the day, or nine in the morning.
    int hour = 9, minute = 0;
    if (w.hour >= 0) {
        hour = w.hour;
        minute = w.minute;
        const bool evening = w.part >= 15 * 60;
        if (w.ampm == 1 && hour < 12) hour += 12;
        else if (w.ampm == 0 && hour == 12) hour = 0;
        else if (w.ampm < 0 && hour >= 1 && hour <= 11) {
            if (evening || (w.part < 0 && hour <= 6)) hour += 12;
            else if (w.part < 0 && !day_named && w.rule.empty() &&
                     today + (hour * 60 + minute) * MINUTE_MS <= now_local &&
                     today + ((hour + 12) * 60 + minute) * MINUTE_MS > now_local)
                hour += 12;  // "at 8" said at 10:00 means tonight
        }
    } else if (w.part >= 0) {
        hour = w.part / 60;
        minute = w.part % 60;
    }
    const int64_t at_ms = (hour * 60 + minute) * MINUTE_MS;

    int64_t day = today;
    bool may_roll = false;  // an unnamed day moves on when the time has passed
    if (w.mday && w.month) {
        int64_t y = w.year >= 0 ? w.year : now_civil.year;
        if (!memory::valid_civil(y, w.month, w.mday)) return ReminderRequest{true};
        day = local_ms_of(y, w.month, w.mday, 0, 0);
        if (w.year < 0 && day + at_ms <= now_local && memory::valid_civil(y + 1, w.month, w.mday))
            day = local_ms_of(y + 1, w.month, w.mday, 0, 0);
    } else if (w.mday) {
        int64_t y = now_civil.year;
        unsigned m = now_civil.month;
        for (int tries = 0; tries < 3; tries++) {
            if (memory::valid_civil(y, m, w.mday) && local_ms_of(y, m, w.mday, 0, 0) + at_ms > now_local) break;
            if (++m > 12) { m = 1; y++; }
        }
        if (!memory::valid_civil(y, m, w.mday)) return ReminderRequest{true};
        day = local_ms_of(y, m, w.mday, 0, 0);
    } else if (w.weekday >= 0) {
        int ahead = (w.weekday - now_civil.weekday + 7) % 7;
        if (ahead == 0 && (w.next_week || today + at_ms <= now_local)) ahead = 7;
        day = today + ahead * DAY_MS;
    } else if (w.day_offset >= 0) {
        day = today + w.day_offset * DAY_MS;
    } else {
        may_roll = true;
    }
    if (w.rule == "weekdays" && !w.mday && w.weekday < 0 && w.day_offset < 0) {
        while (civil(day).weekday >= 5 || day + at_ms <= now_local) day += DAY_MS;
        may_roll = false;
    }
    if (may_roll && day + at_ms <= now_local) day += DAY_MS;
    int64_t local = day + at_ms;
    if (local <= now_local && w.rule.empty()) out.in_past = true;
    if (!w.rule.empty()) {
        while (local <= now_local) local += DAY_MS;  // "every day at 8" said at 9: from tomorrow
        const CivilTime first = civil(local);
        if (w.rule == "weekly") w.rule = "weekly:" + std::to_string(first.weekday);
        if (w.rule == "monthly") w.rule = "monthly:" + std::to_string(first.day);
        if (w.rule == "yearly") w.rule = str("yearly:", first.month, "-", first.day);
        out.rule = w.rule;
        if (!rule_matches(out.rule, first)) {
            out.due_ms = next_occurrence(out.rule, zone.to_utc(local), now_ms, zone);
            return out;
        }
    }
    out.due_ms = zone.to_utc(local);
    return out;
}

bool polite(std::string_view w) {
    static const char* WORDS[] = {"please", "pls", "can", "could", "would", "will", "you", "u", "hey", "hi", "oh",
                                  "so", "and", "just", "also", "ok", "okay", "os1", "kindly", "then", "hmm"};
    return std::any_of(std::begin(WORDS), std::end(WORDS), [&](const char* p) { return w == p; });
}

std::string join_unused(const std::vector<Word>& words, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to && i < words.size(); i++) {
        if (words[i].used) continue;
        if (!out.empty()) out += ' ';
        out += words[i].orig;
    }
    return out;
}

}  // namespace

std::string second_person(std::string_view text) {
    std::vector<Word> words = split_words(text);
    std::string out;
    for (size_t i = 0; i < words.size(); i++) {
        const std::string& w = words[i].low;
        std::string o = words[i].orig;
        if (w == "me") o = "you";
        else if (w == "my") o = "your";
        else if (w == "mine") o = "yours";
        else if (w == "myself") o = "yourself";
        else if (w == "i") o = "you";
        else if (w == "i'm" || w == "im") o = "you're";
        else if (w == "i've") o = "you've";
        else if (w == "i'll") o = "you'll";
        else if (w == "i'd") o = "you'd";
        else if (w == "am" && i > 0 && words[i - 1].low == "i") o = "are";
        if (!out.empty()) out += ' ';
        out += o;
    }
    return out;
}

std::optional<ReminderRequest> read_reminder_request(std::string_view message, int64_t now_ms, const TimeZone& zone) {
    std::vector<Word> words = split_words(message);
    // "remind me", "set a reminder", "don't let me forget", "can you remind me"
    size_t start = std::string::npos, body = 0;
    for (size_t i = 0; i + 1 < words.size() && start == std::string::npos; i++) {
        const auto& w = words[i].low;
        if (w == "remind" && (words[i + 1].low == "me" || words[i + 1].low == "us")) {
            start = i;
            body = i + 2;
        } else if ((w == "set" || w == "make" || w == "add" || w == "create") && i + 2 < words.size() &&
                   (words[i + 1].low == "a" || words[i + 1].low == "me") &&
                   (words[i + 2].low == "reminder" || words[i + 2].low == "remainder")) {
            start = i;
            body = i + 3;
        } else if ((w == "don't" || w == "dont") && i + 3 < words.size() && words[i + 1].low == "let" &&
                   words[i + 2].low == "me" && words[i + 3].low == "forget") {
            start = i;
            body = i + 4;
        }
    }
    if (start == std::string::npos) return std::nullopt;
    Scanner scanner(words);
    scanner.scan(0, start);
    for (size_t i = 0; i < start; i++) {
        // Polite words, a time, or the companion's name first ("Sam, remind me ...").
        const bool addressed = i == 0 && std::isupper(static_cast<unsigned char>(words[i].orig[0]));
        if (!words[i].used && !polite(words[i].low) && !addressed) return std::nullopt;  // "she always has to remind me to eat"
    }
    // What follows must be a reminder: "to ...", "about ...", "that ...", or a time first.
    const std::string first = body < words.size() ? words[body].low : "";
    static const char* CONNECTORS[] = {"to", "about", "that", "for", "of"};
    const bool connector = std::any_of(std::begin(CONNECTORS), std::end(CONNECTORS), [&](const char* c) { return first == c; });
    if (first == "of") return std::nullopt;  // "remind me of her name": memory, not a reminder
    scanner.scan(body, words.size());
    if (!connector && body < words.size() && !words[body].used) return std::nullopt;  // "remind me what I said"
    ReminderRequest out = resolve(scanner.when, now_ms, zone);
    // The task: the words after "remind me" the time did not take.
    size_t t = body;
    while (t < words.size() && words[t].used) t++;
    std::string lead;
    if (t < words.size() && (words[t].low == "to" || words[t].low == "for")) t++;
    else if (t < words.size() && (words[t].low == "about" || words[t].low == "that")) {
        lead = words[t].low + " ";
        t++;
    }
    std::vector<Word> rest(words.begin() + static_cast<long>(std::min(t, words.size())), words.end());
    auto trailing = [](const std::string& w) { return w == "please" || w == "pls" || w == "thanks" || w == "ok" || w == "okay" || w == "then"; };
    while (!rest.empty() && (rest.back().used || trailing(rest.back().low) ||
                             (rest.back().low == "me" && rest.size() > 1 && rest[rest.size() - 2].low == "for"))) {
        if (rest.back().low == "me") rest.pop_back();
        rest.pop_back();
    }
    // A connector left dangling before a used time word ("call Rachel on" of "on Sunday" used) is dropped.
    std::string task = join_unused(rest, 0, rest.size());
    if (!task.empty()) out.task = lead + second_person(task);
    return out;
}

std::optional<ReminderRequest> read_when(std::string_view text, int64_t now_ms, const TimeZone& zone) {
    std::vector<Word> words = split_words(text);
    Scanner scanner(words);
    scanner.scan(0, words.size());
    for (const auto& w : words)
        if (!w.used) return std::nullopt;  // every word must be part of the time
    ReminderRequest out = resolve(scanner.when, now_ms, zone);
    if (!out.has_time) return std::nullopt;
    return out;
}

int64_t next_occurrence(const std::string& rule, int64_t due_ms, int64_t after_ms, const TimeZone& zone) {
    if (rule.empty()) return due_ms;
    const int64_t local = zone.to_local(due_ms);
    const int64_t at_ms = local - floor_div(local, DAY_MS) * DAY_MS;
    int64_t day = floor_div(std::max(local, zone.to_local(after_ms)), DAY_MS) * DAY_MS - DAY_MS;
    for (int i = 0; i < 3000; i++) {  // a leap day recurs within 8 years
        day += DAY_MS;
        if (!rule_matches(rule, civil(day))) continue;
        const int64_t utc = zone.to_utc(day + at_ms);
        if (utc > after_ms && utc > due_ms) return utc;
    }
    return due_ms;
}

std::string when_words(int64_t due_ms, const std::string& rule, int64_t now_ms, const TimeZone& zone) {
    const int64_t local = zone.to_local(due_ms);
    const int64_t now_local = zone.to_local(now_ms);
    const CivilTime t = civil(local);
    const std::string clock = clock_words(local);
    if (rule == "daily") return "every day at " + clock;
    if (rule == "weekdays") return "every weekday at " + clock;
    if (rule.starts_with("weekly:")) return str("every ", WEEKDAY_NAMES[t.weekday], " at ", clock);
    if (rule.starts_with("monthly:")) {
        const unsigned d = t.day;
        const char* suf = (d % 10 == 1 && d != 11) ? "st" : (d % 10 == 2 && d != 12) ? "nd" : (d % 10 == 3 && d != 13) ? "rd" : "th";
        return str("on the ", d, suf, " of every month at ", clock);
    }
    if (rule.starts_with("yearly:")) {
        std::string day = day_words(local, t.year);  // "Thursday 24 December"
        return str("every year on ", day.substr(day.find(' ') + 1), " at ", clock);
    }
    const int64_t days = floor_div(local, DAY_MS) - floor_div(now_local, DAY_MS);
    if (days == 0) return "today at " + clock;
    if (days == 1) return "tomorrow at " + clock;
    return str("on ", day_words(local, civil(now_local).year), " at ", clock);
}

}  // namespace os1::skills
