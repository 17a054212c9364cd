// The forget use case (forget.h): memory first, then the copies outside it,
// then one sentence that says what went.
#include "companion/forget.h"

#include <algorithm>
#include <set>

#include "brain/brain.h"
#include "companion/companion.h"
#include "companion/chat_history.h"
#include "companion/setup_flow.h"
#include "companion/skills_desk.h"

namespace os1::companion {

namespace {

std::string count_of(size_t n, const char* one, const char* many) { return str(n, " ", n == 1 ? one : many); }
// "the message" / "the 2 messages".
std::string the(size_t n, const char* one, const char* many) { return n == 1 ? str("the ", one) : "the " + count_of(n, one, many); }

std::string join_parts(const std::vector<std::string>& parts) {
    std::string out;
    for (size_t i = 0; i < parts.size(); i++) out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return out;
}

std::string describe(const std::string& ref, const ForgetOutcome& o) {
    const auto& r = o.report;
    const size_t messages = r.messages.size(), facts = r.facts.size();
    std::string head;
    if (r.kind == "fact") {
        head = "the fact " + ref;
        if (facts > 1) head += str(" (with ", count_of(facts - 1, "related fact", "related facts"), ")");
        if (messages) head += str(" and ", the(messages, "message", "messages"), " it came from");
    } else if (r.kind == "summary") {
        head = str("the summary ", ref, " and ", the(messages, "message", "messages"), " it summed up");
        if (facts) head += str(" (", count_of(facts, "fact", "facts"), " learned from them)");
    } else if (r.kind == "profile") {
        head = str("the profile entry ", ref, ", ", the(facts, "fact", "facts"), " it listed and ",
                   the(messages, "message", "messages"), " they came from");
    } else {
        head = "the message " + ref;
        if (facts) head += str(" and ", the(facts, "fact", "facts"), " learned from it");
    }
    std::vector<std::string> also;
    // (The replies announcing what the skills made are counted with them.)
    const size_t replies = r.replies.size() - std::min(r.replies.size(), static_cast<size_t>(o.skills.replies));
    if (replies) also.push_back(count_of(replies, "reply of mine", "replies of mine"));
    if (o.history_lines) also.push_back(count_of(o.history_lines, "line of chat history", "lines of chat history"));
    if (o.persona_answers)
        also.push_back(count_of(o.persona_answers, "answer from our first meeting", "answers from our first meeting"));
    if (r.notes_removed) also.push_back(count_of(r.notes_removed, "summary", "summaries"));
    if (o.kv_states) also.push_back(count_of(o.kv_states, "saved conversation state", "saved conversation states"));
    const SkillsForgotten& s = o.skills;
    if (s.reminders) also.push_back(count_of(s.reminders, "reminder", "reminders"));
    if (s.events) also.push_back(count_of(s.events, "calendar event", "calendar events"));
    if (s.outbox) also.push_back(count_of(s.outbox, "mail in the outbox", "mails in the outbox"));
    if (s.proposals) also.push_back(count_of(s.proposals, "thing I offered to do", "things I offered to do"));
    if (s.checkins) also.push_back(count_of(s.checkins, "check-in", "check-ins"));
    if (s.replies) also.push_back(count_of(s.replies, "reply about them", "replies about them"));
    if (s.letters)
        also.push_back(str("its words in ", count_of(s.letters, "letter", "letters"), " (", s.letters == 1 ? "it stays" : "they stay",
                           ", without them)"));
    std::string out = "Forgotten: " + head;
    if (!also.empty()) out += "; also " + join_parts(also);
    out += ".";
    if (r.notes_rewritten) out += str(" I rewrote ", count_of(r.notes_rewritten, "summary", "summaries"), " without it.");
    if (o.problems.empty()) {
        out += " It's gone from this computer.";
    } else {
        out += " It's gone from my memory, but a copy may remain:";
        for (const auto& p : o.problems) out += "\n  " + p;
    }
    return out;
}

// "setup:<key>:<time>" -> "<key>".
std::string answer_key(const std::string& external_id) {
    if (!external_id.starts_with("setup:")) return {};
    auto rest = external_id.substr(6);
    auto colon = rest.rfind(':');
    return colon == std::string::npos ? rest : rest.substr(0, colon);
}

}  // namespace

ForgetPlaces forget_places(const OwnerFiles& files, const std::string& owner) {
    return {files.data_dir, files.kv_state_dir(), skills_dir(files), owner};
}

bool looks_like_memory_id(const std::string& s) {
    if (s.size() < 2 || (s[0] != 'f' && s[0] != 'e' && s[0] != 's')) return false;
    return std::all_of(s.begin() + 1, s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

Result<ForgetOutcome> forget_memory(memory::Memory& memory, const std::string& ref, const ForgetPlaces& places) {
    ForgetOutcome out;
    out.report = TRY(memory.forget(ref));
    const auto& report = out.report;
    if (!places.data_dir.empty()) {
        auto lines = forget_history_lines(chat_history_path(places.data_dir),
                                          [&](std::string_view line) { return report.quotes(line); });
        if (lines) out.history_lines = *lines;
        else out.problems.push_back("chat history: " + lines.error().message);

        std::set<std::string> keys;
        for (const auto& m : report.messages)
            if (auto k = answer_key(m.episode.external_id); !k.empty()) keys.insert(k);
        auto answers = persona::forget_answers(persona_path(places.data_dir), [&](const std::string& key, const std::string& answer) {
            return keys.count(key) > 0 || report.quotes(answer);
        });
        if (answers) out.persona_answers = *answers;
        else out.problems.push_back("persona.toml: " + answers.error().message);
    }
    // Before the KV states: the replies forgotten here may be in them too.
    if (!places.skills_dir.empty()) out.skills = forget_in_skills(memory, places, out.report, out.problems);
    if (!places.kv_state_dir.empty()) {
        auto states = brain::forget_saved_states(places.kv_state_dir);
        if (states) out.kv_states = *states;
        else out.problems.push_back("saved conversation state: " + states.error().message);
    }
    out.message = describe(ref, out);
    return out;
}

Result<ForgetOutcome> forget_in_conversation(Companion& c, const std::string& ref) {
    const auto& o = c.options();
    auto out = TRY(forget_memory(c.memory(), ref, {o.data_dir, o.kv_state_dir, o.skills_dir, o.owner}));
    // The words must not survive in the brain's KV cache, the window or the
    // persona the system prompt is made from.
    c.brain().forget_state();
    if (out.persona_answers) {
        auto file = persona::load_setup(persona_path(c.options().data_dir));
        auto setup = c.setup();
        auto& answers = setup.profile.answers;
        for (auto it = answers.begin(); it != answers.end();) {
            bool gone = !file || !file->profile.answers.count(it->first) || out.report.quotes(it->second);
            it = gone ? answers.erase(it) : std::next(it);
        }
        c.replace_setup(std::move(setup));
    }
    if (auto r = c.resume(); !r) {
        out.problems.push_back("reloading our conversation: " + r.error().message);
        out.message = describe(ref, out);
    }
    return out;
}

}  // namespace os1::companion
