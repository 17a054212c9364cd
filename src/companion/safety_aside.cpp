// What the crisis detector sets aside before reading a message: fiction,
// the past, topics, a recovery told, a denial (safety_rules.h, SetAside;
// the lists are in safety_words.cpp).
#include "companion/safety_rules.h"

namespace os1::companion::safety {

namespace {

std::string aside_group(const char* list) { return std::string("(") + list + ")"; }

bool aside_has(const Pattern& p, const Clause& c) { return p.find(c).start >= 0; }

bool names_speaker(const Clause& c) {
    for (const auto& w : c)
        if (w == "i" || w == "me" || w == "myself") return true;
    return false;
}

}  // namespace

SetAside::SetAside(const WordSets& sets)
    : m_fiction(aside_group(FICTION), sets), m_weak(aside_group(FICTION_WEAK), sets), m_topic(aside_group(TOPIC), sets),
      m_past(aside_group(PAST_ALL), sets), m_recovered(aside_group(RECOVERED), sets), m_relapse(aside_group(RELAPSE), sets),
      m_denial(aside_group(DENIAL), sets), m_now(aside_group(NOW_CONTRAST), sets), m_better(aside_group(BETTER_NOW), sets) {}

Clause SetAside::read(const Clause& clause) const {
    if (aside_has(m_fiction, clause)) return {};
    // "I used to have dreams, now I just want out": the past set against now is read.
    if (aside_has(m_past, clause) && !(aside_has(m_now, clause) && !aside_has(m_better, clause) && !aside_has(m_recovered, clause))) return {};
    if (!aside_has(m_weak, clause)) return clause;
    // A weak word is fiction or a topic unless the speaker says "I" and names no topic.
    if (names_speaker(clause) && !aside_has(m_topic, clause)) return clause;
    return {};
}

bool SetAside::recovered(const std::vector<Clause>& clauses) const {
    bool told = false;
    for (const auto& c : clauses) {
        if (aside_has(m_relapse, c)) return false;
        told = told || aside_has(m_recovered, c);
    }
    return told;
}

bool SetAside::denied(const std::vector<Clause>& clauses) const {
    for (const auto& c : clauses)
        if (aside_has(m_denial, c)) return true;
    return false;
}

std::string SetAside::error() const {
    for (const Pattern* p : {&m_fiction, &m_weak, &m_topic, &m_past, &m_recovered, &m_relapse, &m_denial, &m_now, &m_better})
        if (!p->ok()) return p->error();
    return "";
}

}  // namespace os1::companion::safety
