// Calendar questions and adds by plain rules over the person's message.
#include "skills/calendar/calendar_skill.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <random>

#include "core/strings.h"
#include "skills/calendar/civil.h"
#include "skills/calendar/quote.h"
#include "skills/calendar/when.h"

namespace os1::calendar {
namespace {

bool has(const std::string& text, std::string_view phrase) { return text.find(phrase) != std::string::npos; }

// A calendar question, not conversation that happens to share its words
// ("what's on your mind?", "my schedule is crazy"): a strong phrase with a
// day named (or short: "what's on?"), or a question that names the
// calendar.
bool asks_calendar(const std::string& m, bool names_day) {
    static constexpr std::array<std::string_view, 10> STRONG = {
        "what's on", "whats on", "what is on", "what do i have", "what have i got", "am i free", "am i busy", "am i available",
        "what's planned", "what is planned"};
    static constexpr std::array<std::string_view, 9> CALENDAR_WORDS = {"calendar", "schedule", "diary", "agenda", "appointments",
                                                                       "meetings", "events", "plans for", "anything on"};
    static constexpr std::array<std::string_view, 9> QUESTION_STARTS = {"what", "do i", "is there", "am i", "any", "how", "have i", "show", "tell me"};
    const bool strong = std::any_of(STRONG.begin(), STRONG.end(), [&](std::string_view p) { return has(m, p); });
    const size_t words = static_cast<size_t>(std::count(m.begin(), m.end(), ' ')) + 1;
    if (strong && (names_day || words <= 4)) return true;
    const bool question = (!m.empty() && m.back() == '?') ||
                          std::any_of(QUESTION_STARTS.begin(), QUESTION_STARTS.end(), [&](std::string_view q) { return m.rfind(q, 0) == 0; });
    const bool calendar_word = std::any_of(CALENDAR_WORDS.begin(), CALENDAR_WORDS.end(), [&](std::string_view p) { return has(m, p); });
    return question && calendar_word && (names_day || has(m, "my calendar") || has(m, "my schedule") || has(m, "my diary") || has(m, "my agenda"));
}

bool asks_to_add(const std::string& m) {
    static constexpr std::array<std::string_view, 9> VERBS = {"put ", "add ", "schedule ", "book ", "pencil ", "enter ", "create ", "note ", "block "};
    static constexpr std::array<std::string_view, 8> LEADS = {"", "please ", "can you ", "could you ", "would you ", "can you please ", "could you please ", "will you "};
    const bool names_calendar = has(m, "calendar") || has(m, "diary");
    for (auto lead : LEADS)
        for (auto verb : VERBS)
            if (m.rfind(std::string(lead) + std::string(verb), 0) == 0) return names_calendar || verb == "schedule ";
    return false;
}

// The event's title: the message without its command and calendar words.
std::string title_of(const std::string& rest) {
    static constexpr std::array<std::string_view, 21> DROP = {
        "can", "could", "would", "will", "you", "please", "put", "add", "schedule", "book", "pencil", "enter", "create", "note",
        "block", "in", "a", "an", "event", "me", "new"};
    std::vector<std::string> words;
    std::string w;
    for (char c : rest + " ") {
        if (c == ' ') {
            if (!w.empty()) words.push_back(w);
            w.clear();
        } else {
            w.push_back(c);
        }
    }
    // Leading command words.
    size_t i = 0;
    while (i < words.size() && std::find(DROP.begin(), DROP.end(), lower(words[i])) != DROP.end()) ++i;
    // Trailing "in/to/on/into my calendar", "on", "at".
    size_t j = words.size();
    auto low = [&](size_t k) { return lower(words[k]); };
    while (j > i) {
        const std::string l = low(j - 1);
        if (l == "calendar" || l == "diary" || l == "my" || l == "the" || l == "in" || l == "to" || l == "into" || l == "on" || l == "at" ||
            l == "please" || l == "for")
            --j;
        else
            break;
    }
    std::string title;
    for (size_t k = i; k < j; ++k) {
        const std::string l = low(k);
        if ((l == "calendar" || l == "diary") && k > i && (low(k - 1) == "my" || low(k - 1) == "the")) {
            // "... in my calendar for ..." in the middle: drop "in my calendar".
            while (!title.empty() && (title.ends_with(" in my") || title.ends_with(" to my") || title.ends_with(" on my") || title.ends_with(" in the")))
                title.erase(title.rfind(' ', title.rfind(' ') - 1));
            continue;
        }
        title += (title.empty() ? "" : " ") + words[k];
    }
    if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    return inert_text(title, 200);
}

std::string instance_line(const Instance& in, const Zone& zone) {
    std::string when = in.all_day ? "all day" : clock_words(in.start_utc, zone) + (in.end_utc > in.start_utc ? "-" + clock_words(in.end_utc, zone) : "");
    std::string line = "- " + when + " " + inert_text(in.summary.empty() ? "(no title)" : in.summary, 120);
    if (!in.location.empty()) line += " (" + inert_text(in.location, 60) + ")";
    return line;
}

std::string list_text(const std::vector<Instance>& list, const std::string& words, const Zone& zone, bool several_days) {
    if (list.empty()) return "Nothing on your calendar " + words + ".";
    std::string out = (words.empty() ? std::string("You have") : words.substr(0, 1) == "o" ? "You have, " + words + "," : words + " you have");
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    out += list.size() == 1 ? " one thing:" : " " + std::to_string(list.size()) + " things:";
    std::string last_day;
    size_t shown = 0;
    for (const Instance& in : list) {
        if (several_days) {
            const std::string day = day_words(in.start_utc, zone);
            if (day != last_day) out += "\n" + day + ":";
            last_day = day;
        }
        out += "\n" + instance_line(in, zone);
        if (++shown >= 30 && list.size() > shown) {
            out += "\n(and " + std::to_string(list.size() - shown) + " more)";
            break;
        }
    }
    return out;
}

Json events_json(const std::vector<Instance>& list) {
    Json a = Json::array();
    for (const Instance& in : list) a.push_back(instance_json(in));
    return a;
}

std::string new_uid(const skills::Context& context) {
    std::random_device rd;
    return "os1-" + std::to_string(now_seconds(context)) + "-" + std::to_string(rd() % 1000000) + "@" + (context.owner.empty() ? "local" : context.owner);
}

}  // namespace

Result<Zone> person_zone(const skills::Context& context) { return Zone::named(context.time_zone); }

int64_t now_seconds(const skills::Context& context) {
    return context.clock ? floor_div(context.clock->wall_ms(), 1000) : floor_div(SystemClock::instance().wall_ms(), 1000);
}

Result<std::unique_ptr<CalendarStore>> open_store(const skills::Context& context) { return CalendarStore::open(context.dir, context.owner); }

Result<skills::Reply> propose_add(const skills::Context& context, const AddRequest& request) {
    const Zone zone = TRY(person_zone(context));
    if (request.summary.empty()) return Error::invalid("an event needs a title");
    if (request.end_utc < request.start_utc) return Error::invalid("an event cannot end before it starts");
    auto cals = TRY(open_store(context));
    const Expanded around = TRY(cals->instances(request.start_utc, std::max(request.end_utc, request.start_utc + 1), zone));
    std::vector<Instance> clashes;
    for (const Instance& in : around.instances)
        if (!in.all_day && !request.all_day) clashes.push_back(in);
    const std::string title = inert_text(request.summary, 200);
    std::string summary = "put '" + title + "' in your calendar on " + span_words(request.start_utc, request.end_utc, request.all_day, zone);
    std::string conflicts;
    for (size_t i = 0; i < clashes.size() && i < 3; ++i)
        conflicts += (i ? "; " : "") + clock_words(clashes[i].start_utc, zone) + "-" + clock_words(clashes[i].end_utc, zone) + " " + inert_text(clashes[i].summary, 80);
    skills::Proposal p;
    p.skill = "calendar";
    p.action = "add";
    p.summary = summary;
    const int64_t start_day = day_of(zone.from_utc(request.start_utc));
    const int64_t end_day = std::max(start_day + 1, day_of(zone.from_utc(request.end_utc)));
    p.payload = {{"uid", new_uid(context)}, {"summary", title}, {"location", inert_text(request.location, 200)},
                 {"start_utc", request.start_utc}, {"end_utc", request.end_utc}, {"all_day", request.all_day},
                 {"start_day", start_day}, {"end_day", end_day}};
    skills::Reply reply;
    reply.text = "Shall I " + summary + "?" + (conflicts.empty() ? "" : " It overlaps with " + conflicts + ".");
    reply.data = {{"conflicts", events_json(clashes)}, {"third_party", quote_for_brain(clashes, zone)}};
    reply.proposal = std::move(p);
    return reply;
}

Result<std::optional<skills::Reply>> CalendarSkill::answer(const skills::Context& context, std::string_view message) {
    const std::string m = lower(trim(message));
    const bool add = asks_to_add(m);
    const bool search = m.rfind("when is my ", 0) == 0 || m.rfind("when's my ", 0) == 0;
    if (!add && !search && m.size() > 400) return std::optional<skills::Reply>();
    const Zone zone = TRY(person_zone(context));
    const int64_t now = now_seconds(context);
    When when = read_when(message, now, zone);
    if (!add && !search && !asks_calendar(m, when.has_day)) return std::optional<skills::Reply>();
    if (add) {
        const std::string title = title_of(when.rest);
        skills::Reply reply;
        if (title.empty()) {
            reply.text = "What should I call it in your calendar?";
            return std::optional<skills::Reply>(reply);
        }
        if (!when.has_day) {
            reply.text = "When should I put '" + title + "' in your calendar? Say a day and a time, like 'on Friday at 7'.";
            return std::optional<skills::Reply>(reply);
        }
        AddRequest req{.summary = title, .start_utc = when.from_utc, .end_utc = when.to_utc, .all_day = !when.has_time};
        if (!when.has_time) req.end_utc = when.to_utc;  // the whole day
        return std::optional<skills::Reply>(TRY(propose_add(context, req)));
    }
    auto cals = TRY(open_store(context));
    skills::Reply reply;
    if (search) {
        // "when is my dentist appointment?": the next instance whose title shares a word.
        const std::string subject = lower(m.substr(m.find("my ") + 3));
        std::vector<std::string> keys;
        std::string w;
        for (char c : subject + " ") {
            if (std::isalnum(static_cast<unsigned char>(c))) w.push_back(c);
            else {
                if (w.size() >= 3 && w != "the" && w != "next" && w != "appointment" && w != "meeting") keys.push_back(w);
                w.clear();
            }
        }
        const Expanded ahead = TRY(cals->instances(now, now + 366 * SECONDS_PER_DAY, zone));
        for (const Instance& in : ahead.instances) {
            const std::string title = lower(in.summary);
            if (!keys.empty() && std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return has(title, k); })) {
                reply.text = "Your next one is " + span_words(in.start_utc, in.end_utc, in.all_day, zone) + ": " + inert_text(in.summary, 120) + ".";
                reply.data = {{"events", events_json({in})}, {"third_party", quote_for_brain({in}, zone)}, {"untrusted", true}};
                return std::optional<skills::Reply>(reply);
            }
        }
        // Not in the calendar: memory or the brain may know ("when is my
        // sister's birthday?").
        return std::optional<skills::Reply>();
    }
    if (!when.has_day) when = read_when("today", now, zone);
    const Expanded found = TRY(cals->instances(when.from_utc, when.to_utc, zone));
    const bool several_days = when.to_utc - when.from_utc > SECONDS_PER_DAY + 3600;
    if (has(m, "free") || has(m, "busy") || has(m, "available")) {
        std::vector<Instance> busy;
        for (const Instance& in : found.instances)
            if (!in.all_day && in.status != "CANCELLED") busy.push_back(in);
        if (busy.empty()) {
            reply.text = "Yes, you're free " + when.words + ".";
        } else {
            reply.text = "Not entirely: " + when.words + " you have";
            for (size_t i = 0; i < busy.size() && i < 5; ++i)
                reply.text += (i ? ", " : " ") + clock_words(busy[i].start_utc, zone) + "-" + clock_words(busy[i].end_utc, zone) + " " + inert_text(busy[i].summary, 80);
            reply.text += ".";
        }
        reply.data = {{"free", busy.empty()}, {"events", events_json(busy)}, {"third_party", quote_for_brain(busy, zone)}, {"untrusted", true}};
    } else {
        reply.text = list_text(found.instances, when.words, zone, several_days);
        reply.data = {{"events", events_json(found.instances)}, {"third_party", quote_for_brain(found.instances, zone)}, {"untrusted", true}};
    }
    reply.data["from"] = format_with_offset(when.from_utc, zone);
    reply.data["to"] = format_with_offset(when.to_utc, zone);
    return std::optional<skills::Reply>(reply);
}

Result<Json> CalendarSkill::run(const skills::Context& context, const skills::Proposal& proposal) {
    if (proposal.action != "add") return Error::unsupported("the calendar cannot '", proposal.action, "'");
    const Json& p = proposal.payload;
    if (!p.is_object() || !p.contains("uid") || !p.contains("summary") || !p.contains("start_utc") || !p.contains("end_utc"))
        return Error::invalid("the calendar proposal is missing its event");
    NewEvent ev;
    ev.uid = p.value("uid", std::string());
    ev.summary = p.value("summary", std::string());
    ev.location = p.value("location", std::string());
    ev.start_utc = p.value("start_utc", int64_t{0});
    ev.end_utc = p.value("end_utc", int64_t{0});
    ev.all_day = p.value("all_day", false);
    ev.start_floating = p.value("start_day", int64_t{0}) * SECONDS_PER_DAY;
    ev.end_floating = p.value("end_day", int64_t{0}) * SECONDS_PER_DAY;
    ev.stamp_utc = now_seconds(context);
    auto cals = TRY(open_store(context));
    TRY(cals->add_event(ev));
    const Zone zone = TRY(person_zone(context));
    return Json{{"uid", ev.uid}, {"summary", ev.summary}, {"when", span_words(ev.start_utc, ev.end_utc, ev.all_day, zone)}};
}

Result<void> CalendarSkill::undo(const skills::Context& context, const skills::Proposal& proposal) {
    const std::string uid = proposal.result.value("uid", proposal.payload.value("uid", std::string()));
    if (uid.empty()) return Error::invalid("the calendar entry to take out has no uid");
    auto cals = TRY(open_store(context));
    if (!TRY(cals->remove_event(uid))) return Error::not_found("that event is no longer in your calendar");
    return {};
}

std::unique_ptr<skills::Skill> make_calendar_skill() { return std::make_unique<CalendarSkill>(); }

}  // namespace os1::calendar
