// Forgetting (memory.h, Memory::forget): what a reference names, what went
// with it, and the rule for "this text quotes what was forgotten".
//
// Why so much goes: a person who forgets "my sister is Rachel" expects the
// companion never to say it again. The fact alone is not enough — the
// message that stated it would still be recalled and quoted, the companion's
// reply ("I'll remember that your sister is Rachel") would still be in the
// window, and a summary would still list it. So the cascade follows every
// path by which the words could come back, and tells the person what went.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "core/log.h"
#include "memory/impl.h"
#include "memory/sql.h"

namespace os1::memory {

namespace {

// Lowercased words: ASCII letters and digits, and any non-ASCII byte (so
// UTF-8 words stay whole); everything else separates.
std::vector<std::string> words_of(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c >= 0x80) {
            cur += static_cast<char>(std::tolower(c));
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool contains_run(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
    if (needle.empty() || needle.size() > hay.size()) return false;
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

std::string join_words(const std::vector<std::string>& w, size_t from, size_t n) {
    std::string out;
    for (size_t i = from; i < from + n; i++) out.append(w[i]).push_back(' ');
    return out;
}

// Shares a run of n consecutive words.
std::vector<std::vector<std::string>> sentences_of(std::string_view text) {
    std::vector<std::vector<std::string>> out;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); i++) {
        if (i == text.size() || text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n') {
            auto w = words_of(text.substr(start, i - start));
            if (!w.empty()) out.push_back(std::move(w));
            start = i + 1;
        }
    }
    return out;
}

constexpr size_t MIN_QUOTE_WORDS = 4;  // shorter runs are everyday phrases, not quotes
constexpr size_t LONG_RUN_WORDS = 8;
constexpr size_t MIN_FACT_WORDS = 3;

int64_t parse_num(const std::string& s) {
    if (s.size() < 2 || s.size() > 19) return 0;
    for (size_t i = 1; i < s.size(); i++)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return 0;
    return std::stoll(s.substr(1));
}

// The forgotten words, prepared once: a forget may test thousands of
// replies and notes against hundreds of messages.
class Quoter {
public:
    explicit Quoter(const ForgetReport& r) {
        for (const auto& f : r.facts)
            if (auto fw = words_of(f.text); fw.size() >= MIN_FACT_WORDS) m_phrases.push_back(std::move(fw));
        for (const auto& m : r.messages) {
            auto mw = words_of(m.episode.text);
            if (mw.empty()) continue;
            m_whole.insert(join_words(mw, 0, mw.size()));
            for (auto& sw : sentences_of(m.episode.text))
                if (sw.size() >= MIN_QUOTE_WORDS) m_phrases.push_back(std::move(sw));
            if (mw.size() < MIN_QUOTE_WORDS) continue;
            size_t n = std::min(LONG_RUN_WORDS, mw.size());
            for (size_t i = 0; i + n <= mw.size(); i++) m_grams[n].insert(join_words(mw, i, n));
        }
    }

    bool quotes(std::string_view text) const {
        auto tw = words_of(text);
        if (tw.empty()) return false;
        if (m_whole.count(join_words(tw, 0, tw.size()))) return true;
        for (const auto& p : m_phrases)
            if (contains_run(tw, p)) return true;
        for (const auto& [n, grams] : m_grams)
            for (size_t i = 0; i + n <= tw.size(); i++)
                if (grams.count(join_words(tw, i, n))) return true;
        return false;
    }

private:
    std::vector<std::vector<std::string>> m_phrases;               // fact texts, message sentences
    std::unordered_set<std::string> m_whole;                       // whole messages
    std::map<size_t, std::unordered_set<std::string>> m_grams;     // run length -> runs of a message
};

}  // namespace

bool ForgetReport::quotes(std::string_view text) const { return Quoter(*this).quotes(text); }

Result<ForgetReport> Memory::Impl::forget_locked(const std::string& ref) {
    ForgetReport report;
    std::set<int64_t> messages, facts;
    auto ids = [&](const char* sql, int64_t id) -> Result<std::vector<int64_t>> {
        auto st = TRY(db->prepare(sql));
        st.bind(1, id);
        std::vector<int64_t> out;
        while (TRY(st.step())) out.push_back(st.column_int(0));
        return out;
    };
    // A fact with every version of it: those it replaced and that replaced it.
    auto add_chain = [&](int64_t fact_id) -> Result<void> {
        std::vector<int64_t> todo = {fact_id};
        while (!todo.empty()) {
            int64_t id = todo.back();
            todo.pop_back();
            if (!facts.insert(id).second) continue;
            for (int64_t other : TRY(ids(sql::FACT_VERSIONS,
                                         id)))
                todo.push_back(other);
        }
        return ok();
    };
    auto add_fact_sources = [&]() -> Result<void> {
        for (int64_t f : facts)
            for (int64_t e : TRY(ids(sql::EPISODES_OF_FACT, f))) messages.insert(e);
        return ok();
    };

    // ---- what the reference names ----
    int64_t episode_id = 0;
    {
        auto st = TRY(db->prepare(sql::EPISODE_ID_BY_EXTERNAL_ID));
        st.bind(1, ref);
        if (TRY(st.step())) episode_id = st.column_int(0);
    }
    const int64_t num = episode_id ? 0 : parse_num(ref);
    if (num && ref[0] == 'f') {
        if (TRY(ids(sql::FACT_EXISTS, num)).empty())
            return Error::not_found("no fact f", num, " (it may have been forgotten already; see 'os1 memory list')");
        report.kind = "fact";
        TRY(add_chain(num));
        TRY(add_fact_sources());
    } else if (num && ref[0] == 's') {
        auto st = TRY(db->prepare(sql::NOTE_KIND));
        st.bind(1, num);
        if (!TRY(st.step()))
            return Error::not_found("no summary or profile entry s", num,
                                    " (it may have been forgotten already; see 'os1 memory list --notes')");
        report.kind = st.column_text(0);
        if (report.kind == "profile") {
            for (int64_t f : TRY(ids(sql::NOTE_FACT_IDS, num))) TRY(add_chain(f));
            TRY(add_fact_sources());
        } else {
            for (int64_t e : TRY(ids(sql::NOTE_EPISODE_IDS, num))) messages.insert(e);
        }
        TRY(delete_note(*db, num));
        report.notes_removed++;
    } else {
        if (!episode_id && num && ref[0] == 'e') episode_id = num;
        if (!episode_id || TRY(ids(sql::EPISODE_EXISTS, episode_id)).empty()) {
            if (num && ref[0] == 'e')
                return Error::not_found("no message e", num, " (it may have been forgotten already; see 'os1 memory list --messages')");
            return Error::not_found("nothing in memory is called '", ref, "' (use f<N>, e<N>, s<N> or a message id)");
        }
        report.kind = "message";
        messages.insert(episode_id);
    }

    // ---- the facts that only forgotten messages support ----
    // (A fact another message states too stays: that message still says it.)
    for (int64_t e : messages)
        for (int64_t f : TRY(ids(sql::FACTS_OF_EPISODE, e))) {
            bool only_these = true;
            for (int64_t other : TRY(ids(sql::EPISODES_OF_FACT, f)))
                only_these = only_these && messages.count(other) > 0;
            if (only_these) facts.insert(f);
        }
    for (int64_t f : facts) {
        auto st = TRY(db->prepare(sql::FACT_BY_ID));
        st.bind(1, f);
        if (TRY(st.step())) report.facts.push_back(TRY(read_fact(st)));
    }
    {
        auto st = TRY(db->prepare(sql::EPISODE_BRIEF_BY_ID));
        for (int64_t e : messages) {
            st.reset();
            st.bind(1, e);
            if (!TRY(st.step())) continue;
            StoredEpisode s;
            s.id = st.column_int(0);
            s.episode = {st.column_text(2), st.column_text(3), st.column_int(4), st.column_text(5), st.column_text(1), std::nullopt};
            (is_assistant(s.episode.speaker) ? report.replies : report.messages).push_back(std::move(s));
        }
    }
    const Quoter quoter(report);  // the person's words and the facts: what replies and notes must not repeat

    // ---- the companion's replies to it (they answer it, and often echo
    // it) and its replies anywhere that quote any of it ----
    {
        auto next = TRY(db->prepare(sql::REPLIES_AFTER));
        std::vector<StoredEpisode> answers;
        for (const auto& m : report.messages) {
            next.reset();
            next.bind(1, m.id);
            while (TRY(next.step())) {
                if (!is_assistant(next.column_text(2))) break;
                StoredEpisode s;
                s.id = next.column_int(0);
                s.episode = {next.column_text(2), next.column_text(3), next.column_int(4), next.column_text(5),
                             next.column_text(1), std::nullopt};
                answers.push_back(std::move(s));
            }
        }
        for (auto& a : answers)
            if (messages.insert(a.id).second) report.replies.push_back(std::move(a));
    }
    {
        auto st = TRY(db->prepare(sql::EPISODES_BRIEF));
        while (TRY(st.step())) {
            int64_t id = st.column_int(0);
            if (messages.count(id) || !is_assistant(st.column_text(2))) continue;
            if (!quoter.quotes(st.column_view(3))) continue;
            StoredEpisode s;
            s.id = id;
            s.episode = {st.column_text(2), st.column_text(3), st.column_int(4), st.column_text(5), st.column_text(1), std::nullopt};
            report.replies.push_back(std::move(s));
            messages.insert(id);
        }
    }

    // ---- notes that cite any of it, or repeat it, are rebuilt ----
    std::set<std::string> scopes;
    {
        auto st = TRY(db->prepare(sql::NOTES_TEXT));
        auto cites_message = TRY(db->prepare(sql::NOTE_CITES_EPISODE));
        auto cites_fact = TRY(db->prepare(sql::NOTE_CITES_FACT));
        while (TRY(st.step())) {
            int64_t note = st.column_int(0);
            bool hit = quoter.quotes(st.column_view(2));
            for (auto it = messages.begin(); !hit && it != messages.end(); ++it) {
                cites_message.reset();
                cites_message.bind(1, note).bind(2, *it);
                hit = TRY(cites_message.step());
            }
            for (auto it = facts.begin(); !hit && it != facts.end(); ++it) {
                cites_fact.reset();
                cites_fact.bind(1, note).bind(2, *it);
                hit = TRY(cites_fact.step());
            }
            if (hit) scopes.insert(st.column_text(1));
        }
    }

    // ---- delete ----
    auto count_notes = [&]() -> Result<int64_t> {
        auto st = TRY(db->prepare(sql::NOTE_COUNT));
        TRY(st.step());
        return st.column_int(0);
    };
    const int64_t notes_before = TRY(count_notes());
    for (int64_t f : facts) {
        for (const char* sql : {sql::FACT_UNINDEX, sql::FACT_DELETE}) {
            auto st = TRY(db->prepare(sql));
            st.bind(1, f);
            TRY(st.run());
        }
    }
    for (int64_t e : messages) {
        for (const char* sql : {sql::EPISODE_UNINDEX, sql::EPISODE_DELETE}) {
            auto st = TRY(db->prepare(sql));
            st.bind(1, e);
            TRY(st.run());
        }
    }
    // A version that a forgotten fact had replaced is what memory knows now.
    {
        auto st = TRY(db->prepare(sql::FACTS_REOPEN));
        for (int64_t f : facts) {
            st.reset();
            st.bind(1, f);
            TRY(st.run());
        }
    }
    auto rebuilt = TRY(reflect_locked(&scopes));
    report.notes_rewritten = rebuilt.summaries + rebuilt.profile_entries;
    report.notes_removed += static_cast<int>(std::max<int64_t>(0, notes_before - TRY(count_notes())));
    speakers.clear();
    TRY(load_speakers());
    return report;
}

Result<ForgetReport> Memory::forget(const std::string& ref) {
    std::lock_guard lock(m_impl->mutex);
    auto tx = TRY(store::Transaction::begin(*m_impl->conn));
    auto report = TRY(m_impl->forget_locked(ref));
    // FTS5 keeps deleted terms in its segments until they are merged:
    // merge now, so the forgotten words leave the index too.
    TRY(m_impl->conn->exec(sql::FTS_OPTIMIZE));
    TRY(tx.commit());
    // Forgotten text must not linger in the write-ahead log either
    // (secure_delete, on for every connection, has zeroed the freed pages).
    if (auto r = m_impl->conn->checkpoint_truncate(); !r) log::warn("memory: checkpoint after forget: ", r.error().message);
    return report;
}

Result<Memory::Erased> Memory::forget_everything() {
    std::lock_guard lock(m_impl->mutex);
    auto& db = *m_impl->db;
    auto tx = TRY(store::Transaction::begin(*m_impl->conn));
    Erased out;
    auto run = [&](const char* sql) -> Result<int64_t> {
        auto st = TRY(db.prepare(sql));
        TRY(st.run());
        return db.changes();
    };
    // The index rows first (they are found through their content rows).
    TRY(run("DELETE FROM episodes_fts WHERE rowid IN (SELECT id FROM episodes WHERE owner=:owner)"));
    TRY(run("DELETE FROM facts_fts WHERE rowid IN (SELECT id FROM facts WHERE owner=:owner)"));
    TRY(run("DELETE FROM notes_fts WHERE rowid IN (SELECT id FROM notes WHERE owner=:owner)"));
    TRY(run("DELETE FROM embeddings WHERE owner=:owner"));
    out.notes = TRY(run("DELETE FROM notes WHERE owner=:owner"));  // their sources and facts cascade
    out.facts = TRY(run("DELETE FROM facts WHERE owner=:owner"));
    out.messages = TRY(run("DELETE FROM episodes WHERE owner=:owner"));
    TRY(m_impl->conn->exec(sql::FTS_OPTIMIZE));
    TRY(tx.commit());
    if (auto r = m_impl->conn->checkpoint_truncate(); !r) log::warn("memory: checkpoint after forgetting everything: ", r.error().message);
    m_impl->speakers.clear();
    TRY(m_impl->load_speakers());
    return out;
}

}  // namespace os1::memory
