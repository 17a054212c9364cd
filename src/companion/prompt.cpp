// Prompt assembly within the model's budget, laid out for the KV cache.
//
// The local brain keeps the longest common token prefix of successive
// prompts in its cache, so the prompt is ordered from most to least stable:
//   1. system: who the companion is (the full persona, or a one-line compact
//      one when the window is small) — chosen once, the same every turn;
//   2. the conversation window, oldest first — it only grows at the end
//      between turns, and loses its oldest quarter at a time (summarised
//      first, see Companion::evict_oldest), so the prefix holds for many turns;
//   3. the newest message, prefixed by the volatile context in a
//      <context> block: today's date, the person's mood, the summary of what
//      left the window, recalled memories with their dates. It sits in the
//      user turn (not a system message) so templates without a system role,
//      and servers that want the system message first, work the same.
// So turn N+1's prompt starts with turn N's prompt minus its last message.
//
// What is given up, last first: the message itself (its start, only if
// nothing else fits), the persona (compact form), the date/mood/summary
// lines, memories (best first, at most a third of the room), old turns.
// Token counts come from the brain (exact for local models); per-message
// counts are cached in the window and the total is checked once at the end.
#include <algorithm>
#include <ctime>

#include "companion/companion.h"

namespace os1::companion {

namespace {

constexpr std::string_view CONTEXT_OPEN = "<context>\n";
constexpr std::string_view CONTEXT_CLOSE = "\n</context>\n\n";
constexpr size_t MAX_MEMORY_CHARS = 240;  // one recalled memory in the context block

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

// Context lines never span lines, so the block's end marker cannot occur inside.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

std::string compact_persona(const persona::Setup& setup) {
    const auto& p = setup.persona;
    std::string who = setup.profile.name.empty() ? "your person" : setup.profile.name;
    return str("You are ", p.name.empty() ? "a companion" : p.name, ", ", who, "'s ", persona::tone_name(p.tone),
               " companion. Reply briefly and kindly.");
}

}  // namespace

std::string_view message_text(std::string_view content) {
    if (content.substr(0, CONTEXT_OPEN.size()) != CONTEXT_OPEN) return content;
    size_t end = content.find(CONTEXT_CLOSE);
    if (end == std::string_view::npos) return content;
    return content.substr(end + CONTEXT_CLOSE.size());
}

const std::string& Companion::system_prompt() {
    if (m_system_tokens < 0) {
        // The full persona when it takes at most a third of the budget; the
        // choice depends only on the persona and the window, so it never
        // changes between turns (a changing system message would void the cache).
        m_system = persona::system_prompt(m_setup.persona, m_setup.profile);
        m_system_tokens = m_brain.count_tokens(m_system) + m_message_overhead;
        if (m_system_tokens > budget() / 3) {
            m_system = compact_persona(m_setup);
            m_system_tokens = m_brain.count_tokens(m_system) + m_message_overhead;
        }
    }
    return m_system;
}

// A fresh process reads again every resumed turn its KV cache does not
// hold, before the first reply. So of what resume() loaded it keeps the
// turns from where the restored state's conversation starts (those cost
// nothing), or, with no such state, the newest turns within
// resume_tokens. Older messages stay in memory, reached through recall.
void Companion::fit_resumed_window() {
    m_window_resumed = false;
    if (!m_brain.counts_exactly() || m_window.empty()) return;  // a local model: reading is the cost
    const std::string& system = system_prompt();
    if (m_brain.restored_tokens() > 0) {
        for (size_t s = 0; s < m_window.size(); s++) {
            if (!m_brain.holds_prefix({{"system", system}, {m_window[s].role, m_window[s].text}})) continue;
            m_window.erase(m_window.begin(), m_window.begin() + static_cast<long>(s));
            return;
        }
    }
    int room = m_options.resume_tokens;
    size_t keep = 0;
    for (size_t i = m_window.size(); i-- > 0;) {
        room -= count(m_window[i]);
        if (room < 0) break;
        keep++;
    }
    m_window.erase(m_window.begin(), m_window.end() - static_cast<long>(keep));
}

Prompt Companion::assemble(std::string_view text, const std::vector<Recalled>& memories, const Emotion& emotion,
                           size_t* evict) {
    if (m_window_resumed) fit_resumed_window();
    Prompt out;
    out.budget = budget();
    const int64_t now = m_clock.wall_ms();
    WindowTurn user{"user", std::string(text), 0, now, -1};
    const int user_tokens = count(user);  // also measures m_message_overhead
    const std::string& system = system_prompt();

    // The volatile context: always the date and mood, the carried summary if any.
    std::string head = "Today is " + long_date(now) + ".";
    if (auto feeling = emotion.feeling_word(); !feeling.empty())
        head += str(" ", m_setup.profile.name.empty() ? "They" : m_setup.profile.name, " seems ", feeling,
                    " right now.");
    if (!m_carried_summary.empty()) head += "\nEarlier in this conversation: " + one_line(m_carried_summary);
    if (!m_care_guidance.empty()) head += "\n" + m_care_guidance;  // crisis care (safety.h)
    const int head_tokens = m_brain.count_tokens(std::string(CONTEXT_OPEN) + head + std::string(CONTEXT_CLOSE));
    std::vector<std::string> memory_lines;
    std::vector<int> memory_tokens;
    for (const auto& m : memories) {
        if (m.in_window) continue;  // already in the prompt as conversation
        std::string line = "\n- ";
        if (m.time_ms) line.append("(").append(format_day(m.time_ms)).append(") ");
        std::string said = one_line(m.text);
        if (said.size() > MAX_MEMORY_CHARS) {  // a long message: its start, cut at a word
            size_t cut = said.rfind(' ', MAX_MEMORY_CHARS);
            if (cut == std::string::npos || cut < MAX_MEMORY_CHARS / 2) {
                cut = MAX_MEMORY_CHARS;
                while (cut > 0 && (static_cast<unsigned char>(said[cut]) & 0xC0) == 0x80) cut--;  // whole characters
            }
            said = said.substr(0, cut) + " ...";
        }
        line += said;
        memory_tokens.push_back(m_brain.count_tokens(line));
        memory_lines.push_back(std::move(line));
    }
    const std::string memory_header = "\nYou remember (use only if it helps):";
    const int memory_header_tokens = m_brain.count_tokens(memory_header);

    // A message longer than the whole window keeps its end (what was said last).
    int fixed = m_system_tokens + head_tokens;
    if (fixed + user_tokens > out.budget && !user.text.empty()) {
        double keep = std::max(0.0, double(out.budget - fixed) / std::max(1, user_tokens));
        size_t chars = static_cast<size_t>(static_cast<double>(user.text.size()) * keep * 0.9);
        user.text = user.text.substr(user.text.size() - std::min(chars, user.text.size()));
        user.tokens = -1;
    }
    const int avail = out.budget - fixed - count(user);

    // Memories, best first, within what the newest few turns leave (they get
    // at least half of the room) and at most a third of it, so memories that
    // vary every turn rarely push conversation out of the stable prefix.
    int turns_want = 0;
    for (size_t i = m_window.size(), n = 0; i-- > 0 && n < 8; n++) turns_want += count(m_window[i]);
    turns_want = std::min(turns_want, std::max(0, avail / 2));
    const int memory_cap = std::min({avail - turns_want, avail / 3, m_options.memory_tokens});
    int memory_used = 0;
    size_t n_memories = 0;
    for (; n_memories < memory_lines.size(); n_memories++) {
        int more = memory_tokens[n_memories] + (n_memories == 0 ? memory_header_tokens : 0);
        if (memory_used + more > memory_cap) break;
        memory_used += more;
    }

    // The newest turns that fit.
    int room = avail - memory_used;
    size_t kept = 0;
    for (size_t i = m_window.size(); i-- > 0;) {
        int t = count(m_window[i]);
        if (t > room) break;
        room -= t;
        kept++;
    }

    auto build = [&](size_t n_turns, size_t n_mem) {
        std::string context = std::string(CONTEXT_OPEN) + head;
        if (n_mem > 0) context += memory_header;
        for (size_t i = 0; i < n_mem; i++) context += memory_lines[i];
        context += CONTEXT_CLOSE;
        out.messages.clear();
        out.messages.push_back({"system", system});
        for (size_t i = m_window.size() - n_turns; i < m_window.size(); i++)
            out.messages.push_back({m_window[i].role, m_window[i].text});
        out.messages.push_back({"user", context + user.text});
        out.tokens = m_brain.count_prompt_tokens(out.messages);
    };
    build(kept, n_memories);
    // Per-message counts are close, not exact (templates merge text): trust
    // the total, giving up old turns first, then memories.
    while (out.tokens > out.budget && (kept > 0 || n_memories > 0)) {
        if (kept > 0) kept--;
        else n_memories--;
        build(kept, n_memories);
    }
    out.turns_kept = static_cast<int>(kept);
    out.memories_kept = static_cast<int>(n_memories);
    if (evict) *evict = m_window.size() - kept;
    return out;
}

}  // namespace os1::companion
