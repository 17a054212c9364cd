// Prompt assembly within the model's budget.
//
// What goes in, in order of what we give up last:
//   1. the person's message (truncated from the front only if nothing else fits),
//   2. who the companion is (the full persona, or a one-line compact one),
//   3. recalled memories with their dates (best first),
//   4. the recent conversation, newest kept.
// Token counts come from the brain (exact for local models); per-message
// counts are cached in the window and the total is checked once at the end.
#include <algorithm>
#include <ctime>

#include "companion/companion.h"

namespace os1::companion {

namespace {

std::string long_date(int64_t wall_ms) {
    std::time_t t = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[48];
    std::strftime(buf, sizeof buf, "%A %e %B %Y", &tm);
    std::string s = buf;
    if (auto p = s.find("  "); p != std::string::npos) s.erase(p, 1);
    return s;
}

std::string compact_persona(const persona::Setup& setup) {
    const auto& p = setup.persona;
    std::string who = setup.profile.name.empty() ? "your person" : setup.profile.name;
    return str("You are ", p.name.empty() ? "a companion" : p.name, ", ", who, "'s ", persona::tone_name(p.tone),
               " companion. Reply briefly and kindly.");
}

}  // namespace

Prompt Companion::assemble(std::string_view text, const std::vector<Recalled>& memories, const Emotion& emotion,
                           size_t* evict) {
    Prompt out;
    out.budget = budget();
    const int64_t now = m_clock.wall_ms();

    // Lines that go with either persona form, each counted once.
    std::string context = "Today is " + long_date(now) + ".";
    if (auto feeling = emotion.feeling_word(); !feeling.empty())
        context += str(" ", m_setup.profile.name.empty() ? "They" : m_setup.profile.name, " seems ", feeling,
                       " right now.");
    if (!m_carried_summary.empty()) context += "\nEarlier in this conversation: " + m_carried_summary;
    std::vector<std::string> memory_lines;
    std::vector<int> memory_tokens;
    for (const auto& m : memories) {
        if (m.in_window) continue;  // already in the prompt as conversation
        std::string line = "\n- ";
        if (m.time_ms) line += "(" + format_day(m.time_ms) + ") ";
        line += m.text;
        memory_tokens.push_back(m_brain.count_tokens(line));
        memory_lines.push_back(std::move(line));
    }
    const std::string memory_header = "\nWhat you remember (use it only when it helps):";

    WindowTurn user{"user", std::string(text), 0, now, -1};
    const int user_tokens = count(user);
    const int context_tokens = m_brain.count_tokens(context) + m_brain.count_tokens(memory_header);

    // Room wanted for the recent conversation: the newest few turns (at
    // most half of what is left after the message), so a rich persona and
    // many memories never crowd out what was just said.
    const int avail = out.budget - user_tokens;
    int turns_want = 0;
    for (size_t i = m_window.size(), n = 0; i-- > 0 && n < 8; n++) turns_want += count(m_window[i]);
    turns_want = std::min(turns_want, std::max(0, avail / 2));
    const int system_cap = avail - turns_want;

    // Choose the richest system prompt that fits its share.
    const std::string personas[2] = {persona::system_prompt(m_setup.persona, m_setup.profile),
                                     compact_persona(m_setup)};
    std::string system;
    int system_tokens = 0;
    bool chosen = false;
    for (int level = 0; level < 2 && !chosen; level++) {
        int base = m_brain.count_tokens(personas[level]) + context_tokens + m_message_overhead;
        for (int n = static_cast<int>(memory_lines.size()); n >= 0; n--) {
            int total = base;
            for (int i = 0; i < n; i++) total += memory_tokens[i];
            if (total <= system_cap || (level == 1 && n == 0)) {
                system = personas[level] + "\n" + context;
                if (n > 0) system += memory_header;
                for (int i = 0; i < n; i++) system += memory_lines[i];
                system_tokens = total;
                out.memories_kept = n;
                chosen = true;
                break;
            }
        }
    }

    // A message longer than the whole window keeps its end (what was said last).
    if (system_tokens + user_tokens > out.budget && !user.text.empty()) {
        double keep = std::max(0.0, double(out.budget - system_tokens) / std::max(1, user_tokens));
        size_t chars = static_cast<size_t>(static_cast<double>(user.text.size()) * keep * 0.9);
        user.text = user.text.substr(user.text.size() - std::min(chars, user.text.size()));
        user.tokens = -1;
    }

    // The newest turns that fit.
    int room = out.budget - system_tokens - count(user);
    size_t kept = 0;
    for (size_t i = m_window.size(); i-- > 0;) {
        int t = count(m_window[i]);
        if (t > room) break;
        room -= t;
        kept++;
    }

    auto build = [&](size_t n_turns) {
        out.messages.clear();
        out.messages.push_back({"system", system});
        for (size_t i = m_window.size() - n_turns; i < m_window.size(); i++)
            out.messages.push_back({m_window[i].role, m_window[i].text});
        out.messages.push_back({"user", user.text});
        out.tokens = m_brain.count_prompt_tokens(out.messages);
    };
    build(kept);
    // Per-message counts are close, not exact (templates merge text): trust the total.
    while (out.tokens > out.budget && kept > 0) build(--kept);
    out.turns_kept = static_cast<int>(kept);
    if (evict) *evict = m_window.size() - kept;
    return out;
}

}  // namespace os1::companion
