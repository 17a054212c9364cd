// Correcting a fact (memory.h, Memory::correct_fact): the person's own
// version of something memory believed, kept as a new version in the fact's
// chain so the old one stays in history with where it came from.
//
// Why a new version and not an edit in place: the person can see what memory
// believed before and why (its source messages), the chain is forgotten as
// one (forget.cpp takes every version), and a later message that states the
// slot again supersedes the correction the same way it supersedes any fact.
#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/strings.h"
#include "core/text.h"
#include "memory/impl.h"
#include "memory/sql.h"
#include "memory/text.h"

namespace os1::memory {

namespace {

// The value of the corrected fact: when the old text showed its value once
// ("Your sister is Amy") and the new text keeps what was around it ("Your
// sister is Amelia"), the part that changed; otherwise the old value (the
// slot's value stays what it was: "yes" for a like, a relation's name).
std::string corrected_value(const Fact& old, const std::string& text) {
    if (old.value.empty()) return old.value;
    const size_t at = old.text.find(old.value);
    if (at == std::string::npos || old.text.find(old.value, at + 1) != std::string::npos) return old.value;
    const std::string prefix = old.text.substr(0, at), suffix = old.text.substr(at + old.value.size());
    if (text.size() <= prefix.size() + suffix.size()) return old.value;
    if (text.compare(0, prefix.size(), prefix) != 0) return old.value;
    if (text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0) return old.value;
    std::string middle = trim(text.substr(prefix.size(), text.size() - prefix.size() - suffix.size()));
    return middle.empty() ? old.value : middle;
}

Result<std::optional<Fact>> fact_by_id(Memory::Impl& impl, int64_t id) {
    auto st = TRY(impl.db->prepare(sql::FACT_BY_ID));
    st.bind(1, id);
    if (!TRY(st.step())) return std::optional<Fact>();
    return std::optional<Fact>(TRY(impl.read_fact(st)));
}

// The ids of a fact's whole chain (FACT_VERSIONS gives its neighbours).
Result<std::set<int64_t>> chain_ids(Memory::Impl& impl, int64_t id) {
    std::set<int64_t> seen{id};
    std::vector<int64_t> todo{id};
    auto st = TRY(impl.db->prepare(sql::FACT_VERSIONS));
    while (!todo.empty()) {
        const int64_t at = todo.back();
        todo.pop_back();
        st.reset();
        st.bind(1, at);
        while (TRY(st.step()))
            if (seen.insert(st.column_int(0)).second) todo.push_back(st.column_int(0));
    }
    return seen;
}

}  // namespace

Result<Corrected> Memory::correct_fact(int64_t fact_id, const FactCorrection& correction) {
    // The text policy at memory's door (core/text.h): bounded, valid UTF-8.
    const std::string text = trim(TRY(accept_text(correction.text, MAX_FACT_TEXT_BYTES, "a fact")));
    if (text.empty()) return Error::invalid("say what is right: the corrected fact needs some words");
    std::lock_guard lock(m_impl->mutex);
    auto tx = TRY(store::Transaction::begin(*m_impl->conn));
    auto& db = *m_impl->db;
    auto found = TRY(fact_by_id(*m_impl, fact_id));
    if (!found) return Error::not_found("nothing in memory is called 'f", fact_id, "' (see 'os1 memory list')");
    Corrected out;
    out.before = std::move(*found);
    if (out.before.valid_to_ms != 0) {
        int64_t current = out.before.superseded_by;
        for (int guard = 0; guard < 10000 && current; guard++) {
            auto next = TRY(fact_by_id(*m_impl, current));
            if (!next || next->valid_to_ms == 0 || !next->superseded_by) break;
            current = next->superseded_by;
        }
        return Error::invalid("f", fact_id, " is an older version; correct the current one, f", current);
    }
    if (text == out.before.text) return Error::invalid("that is what I already have: f", fact_id, " says \"", text, "\"");

    Fact after = out.before;
    after.text = text;
    after.value = corrected_value(out.before, text);
    after.confidence = 1.0;  // the person said so
    after.valid_from_ms = correction.time_ms ? correction.time_ms : SystemClock::instance().wall_ms();
    after.valid_to_ms = 0;
    after.superseded_by = 0;
    after.origin = FACT_FROM_PERSON;
    after.sources.clear();

    auto ins = TRY(db.prepare(sql::FACT_INSERT));
    ins.bind(1, fact_kind_name(after.kind)).bind(2, after.subject).bind(3, after.key).bind(4, after.value);
    ins.bind(5, after.text).bind(6, after.event_time_ms).bind(7, after.confidence).bind(8, after.importance);
    ins.bind(9, after.emotional_weight).bind(10, after.valid_from_ms).bind(11, FACT_FROM_PERSON);
    TRY(ins.run());
    after.id = db.last_insert_id();
    auto fts = TRY(db.prepare(sql::FACT_INDEX));
    fts.bind(1, index_terms(after.text)).bind(2, after.id);
    TRY(fts.run());
    auto close = TRY(db.prepare(sql::FACT_CLOSE));
    close.bind(1, after.valid_from_ms).bind(2, after.id).bind(3, fact_id);
    TRY(close.run());

    // A profile entry that listed the old version says the new one instead.
    const std::string scope = str("profile:", after.subject, ":", fact_kind_name(after.kind));
    auto note = TRY(db.prepare(sql::NOTE_BY_SCOPE));
    note.bind(1, scope);
    if (TRY(note.step())) {
        note.reset();
        const std::set<std::string> only{scope};
        TRY(m_impl->reflect_locked(&only));
    }
    auto before = TRY(fact_by_id(*m_impl, fact_id));
    auto stored = TRY(fact_by_id(*m_impl, after.id));
    TRY(tx.commit());
    if (!before || !stored) return Error::internal("the corrected fact f", fact_id, " could not be read back");
    out.before = std::move(*before);
    out.after = std::move(*stored);
    return out;
}

Result<std::vector<Fact>> Memory::fact_versions(int64_t fact_id) {
    std::lock_guard lock(m_impl->mutex);
    if (!TRY(fact_by_id(*m_impl, fact_id))) return Error::not_found("nothing in memory is called 'f", fact_id, "'");
    std::vector<Fact> out;
    for (int64_t id : TRY(chain_ids(*m_impl, fact_id)))
        if (auto f = TRY(fact_by_id(*m_impl, id))) out.push_back(std::move(*f));
    std::sort(out.begin(), out.end(), [](const Fact& a, const Fact& b) {
        return a.valid_from_ms != b.valid_from_ms ? a.valid_from_ms < b.valid_from_ms : a.id < b.id;
    });
    return out;
}

}  // namespace os1::memory
