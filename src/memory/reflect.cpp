// Reflection: consolidates conversation into summaries and profile entries
// (memory.h). Deterministic: a summary lists who talked, when, what facts
// came up and the words that carried the conversation, and cites every
// message it covers, so old turns can leave the context window and still be
// found. Re-running rewrites only what changed.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/clock.h"
#include "memory/impl.h"
#include "memory/sql.h"
#include "memory/text.h"
#include "memory/time_parse.h"

namespace os1::memory {

namespace {

struct NoteDraft {
    std::string kind, scope, text;
    int64_t time_ms = 0;
    std::vector<int64_t> episodes, facts;
};

Result<bool> write_note(store::OwnerScope& db, const NoteDraft& n) {
    // Unchanged (same text and sources): leave it.
    {
        auto st = TRY(db.prepare_cached(sql::NOTE_BY_SCOPE));
        st.bind(1, n.scope);
        if (TRY(st.step())) {
            if (st.column_text(1) == n.text && st.column_int(2) == static_cast<int64_t>(n.episodes.size())) return false;
            int64_t id = st.column_int(0);
            st.reset();
            TRY(delete_note(db, id));
        }
    }
    auto ins = TRY(db.prepare_cached(sql::NOTE_INSERT));
    ins.bind(1, n.kind).bind(2, n.scope).bind(3, n.text).bind(4, n.time_ms).bind(5, SystemClock::instance().wall_ms());
    TRY(ins.run());
    int64_t id = db.last_insert_id();
    auto fts = TRY(db.prepare_cached(sql::NOTE_INDEX));
    fts.bind(1, index_terms(n.text)).bind(2, id);
    TRY(fts.run());
    auto src = TRY(db.prepare_cached(sql::LINK_NOTE_EPISODE));
    for (int64_t e : n.episodes) {
        src.reset();
        src.bind(1, id).bind(2, e);
        TRY(src.run());
    }
    auto fs = TRY(db.prepare_cached(sql::LINK_NOTE_FACT));
    for (int64_t f : n.facts) {
        fs.reset();
        fs.bind(1, id).bind(2, f);
        TRY(fs.run());
    }
    return true;
}

}  // namespace

Result<void> delete_note(store::OwnerScope& db, int64_t id) {
    auto del = TRY(db.prepare_cached(sql::NOTE_UNINDEX));
    del.bind(1, id);
    TRY(del.run());
    auto del2 = TRY(db.prepare_cached(sql::NOTE_DELETE));
    del2.bind(1, id);
    return del2.run();
}

Result<ReflectResult> Memory::Impl::reflect_locked(const std::set<std::string>* only) {
    auto wanted = [&](const std::string& scope) { return !only || only->count(scope) > 0; };
    ReflectResult result;
    // ---- summaries: one per session, or per day for messages without one ----
    struct Group {
        std::vector<int64_t> ids;
        std::vector<std::string> texts;
        std::vector<std::string> speakers;
        int64_t first = 0, last = 0;
    };
    std::map<std::string, Group> groups;
    {
        auto st = TRY(db->prepare_cached(sql::EPISODES_FOR_SUMMARY));
        while (TRY(st.step())) {
            std::string session = st.column_text(1);
            int64_t t = st.column_int(4);
            std::string scope = session.empty() ? "day:" + format_day(t) : "session:" + session;
            if (!wanted(scope)) continue;
            auto& g = groups[scope];
            if (g.ids.empty()) g.first = t;
            g.first = std::min(g.first, t);
            g.last = std::max(g.last, t);
            g.ids.push_back(st.column_int(0));
            g.texts.push_back(st.column_text(3));
            std::string sp = st.column_text(2);
            if (std::find(g.speakers.begin(), g.speakers.end(), sp) == g.speakers.end()) g.speakers.push_back(sp);
        }
    }
    auto facts_of = TRY(db->prepare_cached(sql::CURRENT_FACTS_OF_EPISODE));
    for (auto& [scope, g] : groups) {
        NoteDraft n;
        n.kind = "summary";
        n.scope = scope;
        n.time_ms = g.first;
        n.episodes = g.ids;
        std::vector<std::string> fact_texts;
        for (int64_t id : g.ids) {
            facts_of.reset();
            facts_of.bind(1, id);
            while (TRY(facts_of.step())) {
                n.facts.push_back(facts_of.column_int(0));
                fact_texts.push_back(facts_of.column_text(1));
            }
        }
        std::unordered_map<std::string, int> counts;
        for (auto& t : g.texts)
            for (auto& term : terms(t)) counts[term]++;
        for (auto& sp : g.speakers) {
            std::string l = sp;
            for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            counts.erase(l);
        }
        std::vector<std::pair<int, std::string>> top;
        for (auto& [w, c] : counts)
            if (c >= 2 && w.size() > 2) top.emplace_back(c, w);
        std::sort(top.begin(), top.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        std::string text = str("Conversation on ", format_date_words(g.first));
        if (format_day(g.last) != format_day(g.first)) text += str(" to ", format_date_words(g.last));
        text += " between ";
        for (size_t i = 0; i < g.speakers.size(); i++) text += (i ? (i + 1 == g.speakers.size() ? " and " : ", ") : "") + g.speakers[i];
        text += str(" (", g.ids.size(), " messages).");
        if (!top.empty()) {
            text += " Topics:";
            for (size_t i = 0; i < top.size() && i < 10; i++) text += (i ? ", " : " ") + top[i].second;
            text += ".";
        }
        if (!fact_texts.empty()) {
            text += " Learned:";
            for (size_t i = 0; i < fact_texts.size() && i < 12; i++) text += (i ? "; " : " ") + fact_texts[i];
            text += ".";
        }
        n.text = text;
        if (TRY(write_note(*db, n))) result.summaries++;
    }
    // ---- profile: current facts grouped by person and kind ----
    std::map<std::string, NoteDraft> profile;
    {
        auto st = TRY(db->prepare_cached(sql::CURRENT_FACTS_BY_IMPORTANCE));
        auto src = TRY(db->prepare_cached(sql::EPISODES_OF_FACT));
        while (TRY(st.step())) {
            std::string subject = st.column_text(1), kind = st.column_text(2);
            if (!wanted("profile:" + subject + ":" + kind)) continue;
            auto& n = profile["profile:" + subject + ":" + kind];
            if (n.scope.empty()) {
                n.kind = "profile";
                n.scope = "profile:" + subject + ":" + kind;
                n.text = str("What I know about ", subject, " (", kind, "):");
            }
            if (n.facts.size() >= 30) continue;
            n.text += (n.facts.empty() ? " " : "; ") + st.column_text(3);
            n.time_ms = std::max(n.time_ms, st.column_int(4));
            int64_t fid = st.column_int(0);
            n.facts.push_back(fid);
            src.reset();
            src.bind(1, fid);
            while (TRY(src.step())) n.episodes.push_back(src.column_int(0));
        }
    }
    for (auto& [scope, n] : profile) {
        std::sort(n.episodes.begin(), n.episodes.end());
        n.episodes.erase(std::unique(n.episodes.begin(), n.episodes.end()), n.episodes.end());
        if (TRY(write_note(*db, n))) result.profile_entries++;
    }
    // Profile entries whose facts are all gone (superseded or forgotten),
    // and, when rebuilding after a forget, summaries with no message left.
    {
        auto st = TRY(db->prepare_cached(sql::NOTE_SCOPES));
        std::vector<int64_t> stale;
        while (TRY(st.step())) {
            std::string scope = st.column_text(1);
            bool is_profile = st.column_view(2) == "profile";
            if (!wanted(scope)) continue;
            if (is_profile ? !profile.count(scope) : (only && !groups.count(scope))) stale.push_back(st.column_int(0));
        }
        for (int64_t id : stale) TRY(delete_note(*db, id));
    }
    return result;
}

Result<ReflectResult> Memory::reflect() {
    std::lock_guard lock(m_impl->mutex);
    auto tx = TRY(store::Transaction::begin(*m_impl->conn));
    auto r = TRY(m_impl->reflect_locked());
    TRY(tx.commit());
    return r;
}

}  // namespace os1::memory
