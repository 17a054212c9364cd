// Memory: opening, storing episodes and facts, reading them back, forget.
#include "memory/memory.h"

#include <algorithm>

#include "core/clock.h"
#include "core/log.h"
#include "memory/accept.h"
#include "memory/extract.h"
#include "memory/impl.h"
#include "memory/sql.h"
#include "memory/text.h"
#include "memory/time_parse.h"

namespace os1::memory {

std::string_view fact_kind_name(FactKind kind) {
    switch (kind) {
        case FactKind::Relation: return "relation";
        case FactKind::Like: return "like";
        case FactKind::Dislike: return "dislike";
        case FactKind::Fear: return "fear";
        case FactKind::Hope: return "hope";
        case FactKind::Plan: return "plan";
        case FactKind::Place: return "place";
        case FactKind::Job: return "job";
        case FactKind::Event: return "event";
        case FactKind::Health: return "health";
        case FactKind::Routine: return "routine";
        case FactKind::Identity: return "identity";
    }
    return "?";
}

FactKind fact_kind_from_name(std::string_view name) {
    for (int k = 0; k <= static_cast<int>(FactKind::Identity); k++)
        if (fact_kind_name(static_cast<FactKind>(k)) == name) return static_cast<FactKind>(k);
    return FactKind::Event;
}

std::string_view hit_kind_name(HitKind kind) {
    switch (kind) {
        case HitKind::Fact: return "fact";
        case HitKind::Episode: return "episode";
        case HitKind::Summary: return "summary";
        case HitKind::Profile: return "profile";
    }
    return "?";
}

std::string source_ref(int64_t episode_id, std::string_view external_id) {
    return external_id.empty() ? str("e", episode_id) : std::string(external_id);
}

static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool Memory::Impl::is_assistant(const std::string& speaker) const {
    auto l = lower(speaker);
    return std::find(options.assistant_speakers.begin(), options.assistant_speakers.end(), l) !=
           options.assistant_speakers.end();
}

Result<void> check_owner(std::string_view owner) { return store::check_owner(owner); }

Memory::Memory(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Memory::~Memory() = default;

Result<std::unique_ptr<Memory>> Memory::open(const Paths& paths, MemoryOptions options) {
    TRY(paths.ensure());
    return open_at(paths.database, std::move(options));
}

Result<std::unique_ptr<Memory>> Memory::open_at(const std::filesystem::path& database, MemoryOptions options) {
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    TRY(store::check_owner(impl->options.owner));
    impl->conn = TRY(store::Database::open(database));
    TRY(impl->conn->migrate(migrations()));
    if (impl->options.max_page_count > 0) TRY(impl->conn->set_max_page_count(impl->options.max_page_count));
    impl->db.emplace(TRY(store::OwnerScope::open(*impl->conn, impl->options.owner)));
    TRY(impl->load_speakers());
    return std::unique_ptr<Memory>(new Memory(std::move(impl)));
}

Result<void> Memory::Impl::load_speakers() {
    auto st = TRY(db->prepare_cached(sql::SPEAKERS));
    while (TRY(st.step())) speakers.insert(lower(st.column_text(0)));
    return ok();
}

Result<int64_t> Memory::Impl::store_fact(Fact fact, int64_t episode_id, std::vector<int64_t>& superseded) {
    // The current fact in the same slot, if any.
    auto cur = TRY(db->prepare_cached(sql::FACTS_IN_SLOT));
    cur.bind(1, fact.subject).bind(2, fact.key);
    std::vector<std::pair<int64_t, std::string>> current;
    while (TRY(cur.step())) current.emplace_back(cur.column_int(0), cur.column_text(1));
    for (auto& [id, value] : current) {
        if (lower(value) == lower(fact.value)) {
            // Restated: one more source, a little more confidence.
            auto up = TRY(db->prepare_cached(sql::FACT_RESTATED));
            up.bind(1, id);
            TRY(up.run());
            auto src = TRY(db->prepare_cached(sql::LINK_FACT_SOURCE));
            src.bind(1, id).bind(2, episode_id);
            TRY(src.run());
            return id;
        }
    }
    auto ins = TRY(db->prepare_cached(sql::FACT_INSERT));
    ins.bind(1, fact_kind_name(fact.kind)).bind(2, fact.subject).bind(3, fact.key).bind(4, fact.value).bind(5, fact.text);
    ins.bind(6, fact.event_time_ms).bind(7, fact.confidence).bind(8, fact.importance).bind(9, fact.emotional_weight);
    ins.bind(10, fact.valid_from_ms).bind(11, "rules");
    TRY(ins.run());
    int64_t id = db->last_insert_id();
    auto src = TRY(db->prepare_cached(sql::LINK_FACT_SOURCE));
    src.bind(1, id).bind(2, episode_id);
    TRY(src.run());
    auto fts = TRY(db->prepare_cached(sql::FACT_INDEX));
    fts.bind(1, index_terms(fact.text)).bind(2, id);
    TRY(fts.run());
    // A different value in the slot: close the old one (history kept).
    for (auto& [old_id, value] : current) {
        auto close = TRY(db->prepare_cached(sql::FACT_CLOSE));
        close.bind(1, fact.valid_from_ms).bind(2, id).bind(3, old_id);
        TRY(close.run());
        superseded.push_back(old_id);
    }
    return id;
}

Result<AddResult> Memory::Impl::add_locked(const Episode& e) {
    if (e.text.empty()) return Error::invalid("a message needs text");
    auto tokens = tokenize(e.text);
    bool has_time = mentions_time(tokens);
    std::vector<Fact> facts;
    if (options.extract && !is_assistant(e.speaker)) facts = extract_facts(e.speaker, e.text, e.time_ms, e.affect);
    double emotion = e.affect ? std::max(std::abs(e.affect->valence), e.affect->arousal) : 0.0;
    double importance = 0.2 + std::min(0.2, tokens.size() / 100.0);
    for (auto& f : facts) {
        importance = std::max(importance, f.importance);
        emotion = std::max(emotion, f.emotional_weight);
    }
    auto ins = TRY(db->prepare_cached(sql::EPISODE_INSERT));
    if (e.external_id.empty()) ins.bind_null(1);
    else ins.bind(1, e.external_id);
    ins.bind(2, e.speaker).bind(3, e.text).bind(4, e.time_ms).bind(5, e.session);
    ins.bind(6, importance).bind(7, emotion).bind(8, has_time ? 1 : 0);
    if (e.affect) {
        ins.bind(9, e.affect->valence).bind(10, e.affect->arousal).bind(11, e.affect->dominant);
        ins.bind(12, e.affect->probabilities);
    } else {
        ins.bind_null(9).bind_null(10).bind_null(11).bind_null(12);
    }
    ins.bind(13, SystemClock::instance().wall_ms());
    if (auto r = ins.run(); !r) {
        if (r.error().code == ErrorCode::Invalid && !e.external_id.empty())
            return Error::invalid("a message with id '", e.external_id, "' is already stored");
        return r.release_error();
    }
    AddResult result;
    result.id = db->last_insert_id();
    // The speaker's name is indexed too: "what did Caroline say" finds her turns.
    auto fts = TRY(db->prepare_cached(sql::EPISODE_INDEX));
    fts.bind(1, index_terms(e.text)).bind(2, result.id);
    TRY(fts.run());
    speakers.insert(lower(e.speaker));
    if (embedder) {
        if (auto v = embedder->embed(e.text)) {
            auto emb = TRY(db->prepare_cached(sql::EMBEDDING_INSERT));
            emb.bind(1, result.id).bind_blob(2, {reinterpret_cast<const uint8_t*>(v->data()), v->size() * sizeof(float)});
            TRY(emb.run());
        }
    }
    if (extra_extractor) {
        StoredEpisode se{result.id, e};
        for (auto& f : extra_extractor(se)) {
            if (f.key.empty() || f.text.empty()) continue;
            if (f.subject.empty()) f.subject = e.speaker;
            if (!f.valid_from_ms) f.valid_from_ms = e.time_ms;
            facts.push_back(std::move(f));
        }
    }
    if (!e.learn) {
        // A message said in crisis: keep who/where/work/name, nothing it wants, plans or feels.
        std::erase_if(facts, [](const Fact& f) {
            return f.kind != FactKind::Relation && f.kind != FactKind::Place && f.kind != FactKind::Job &&
                   f.kind != FactKind::Identity;
        });
    }
    for (auto& f : facts) {
        f.id = TRY(store_fact(f, result.id, result.superseded));
        f.sources = {source_ref(result.id, e.external_id)};
        result.facts.push_back(f);
    }
    return result;
}

Result<AddResult> Memory::add_episode(const Episode& raw) {
    const Episode episode = TRY(accept_episode(raw));  // text policy: valid UTF-8, bounded (accept.h)
    std::lock_guard lock(m_impl->mutex);
    auto tx = TRY(store::Transaction::begin(*m_impl->conn));
    auto r = TRY(m_impl->add_locked(episode));
    TRY(tx.commit());
    return r;
}

Result<std::vector<AddResult>> Memory::add_episodes(const std::vector<Episode>& episodes) {
    std::lock_guard lock(m_impl->mutex);
    auto tx = TRY(store::Transaction::begin(*m_impl->conn));
    std::vector<AddResult> out;
    out.reserve(episodes.size());
    for (const auto& raw : episodes) out.push_back(TRY(m_impl->add_locked(TRY(accept_episode(raw)))));
    TRY(tx.commit());
    return out;
}

static StoredEpisode read_episode(store::Statement& st) {
    // id, external_id, speaker, text, time_ms, session, valence, arousal, emotion, emotion_probs
    StoredEpisode s;
    s.id = st.column_int(0);
    s.episode.external_id = st.column_text(1);
    s.episode.speaker = st.column_text(2);
    s.episode.text = st.column_text(3);
    s.episode.time_ms = st.column_int(4);
    s.episode.session = st.column_text(5);
    if (!st.column_is_null(6))
        s.episode.affect = Affect{st.column_double(6), st.column_double(7), st.column_text(8), st.column_text(9)};
    return s;
}

Result<std::vector<StoredEpisode>> Memory::recent_episodes(const std::string& session, int n) {
    std::lock_guard lock(m_impl->mutex);
    auto st = TRY(m_impl->db->prepare_cached(session.empty() ? sql::EPISODES_RECENT : sql::EPISODES_RECENT_IN_SESSION));
    if (session.empty()) st.bind(2, n);  // :owner is 1
    else st.bind(1, session).bind(3, n);  // :owner is 2
    std::vector<StoredEpisode> out;
    while (TRY(st.step())) out.push_back(read_episode(st));
    std::reverse(out.begin(), out.end());
    return out;
}

Result<std::optional<StoredEpisode>> Memory::episode(int64_t id) {
    std::lock_guard lock(m_impl->mutex);
    auto st = TRY(m_impl->db->prepare_cached(sql::EPISODE_BY_ID));
    st.bind(1, id);
    if (!TRY(st.step())) return std::optional<StoredEpisode>{};
    return std::optional<StoredEpisode>(read_episode(st));
}

Result<std::optional<StoredEpisode>> Memory::episode_by_external_id(const std::string& external_id) {
    std::lock_guard lock(m_impl->mutex);
    auto st = TRY(m_impl->db->prepare_cached(sql::EPISODE_BY_EXTERNAL_ID));
    st.bind(1, external_id);
    if (!TRY(st.step())) return std::optional<StoredEpisode>{};
    return std::optional<StoredEpisode>(read_episode(st));
}

Result<int64_t> Memory::episode_count() {
    std::lock_guard lock(m_impl->mutex);
    auto st = TRY(m_impl->db->prepare_cached(sql::EPISODE_COUNT));
    TRY(st.step());
    return st.column_int(0);
}

Result<std::vector<std::string>> Memory::Impl::fact_sources(int64_t fact_id) {
    auto st = TRY(db->prepare_cached(sql::FACT_SOURCE_REFS));
    st.bind(1, fact_id);
    std::vector<std::string> out;
    while (TRY(st.step())) out.push_back(source_ref(st.column_int(0), st.column_view(1)));
    return out;
}

Result<std::vector<std::string>> Memory::Impl::note_sources(int64_t note_id) {
    auto st = TRY(db->prepare_cached(sql::NOTE_SOURCE_REFS));
    st.bind(1, note_id);
    std::vector<std::string> out;
    while (TRY(st.step())) out.push_back(source_ref(st.column_int(0), st.column_view(1)));
    return out;
}

Result<Fact> Memory::Impl::read_fact(store::Statement& st) {
    Fact f;
    f.id = st.column_int(0);
    f.kind = fact_kind_from_name(st.column_view(1));
    f.subject = st.column_text(2);
    f.key = st.column_text(3);
    f.value = st.column_text(4);
    f.text = st.column_text(5);
    f.event_time_ms = st.column_int(6);
    f.confidence = st.column_double(7);
    f.importance = st.column_double(8);
    f.emotional_weight = st.column_double(9);
    f.valid_from_ms = st.column_int(10);
    f.valid_to_ms = st.column_int(11);
    f.superseded_by = st.column_int(12);
    f.origin = st.column_text(13);
    f.sources = TRY(fact_sources(f.id));
    return f;
}

Result<std::vector<Fact>> Memory::facts(bool include_history) {
    std::lock_guard lock(m_impl->mutex);
    auto st = TRY(m_impl->db->prepare_cached(include_history ? sql::FACTS_WITH_HISTORY : sql::FACTS_CURRENT));
    std::vector<Fact> out;
    while (TRY(st.step())) out.push_back(TRY(m_impl->read_fact(st)));
    return out;
}

static Result<std::vector<Note>> read_notes(Memory::Impl& impl, const char* kind) {
    auto st = TRY(impl.db->prepare_cached(sql::NOTES_OF_KIND));
    st.bind(1, kind);
    std::vector<Note> out;
    while (TRY(st.step())) {
        Note n;
        n.id = st.column_int(0);
        n.kind = st.column_view(1) == "profile" ? HitKind::Profile : HitKind::Summary;
        n.scope = st.column_text(2);
        n.text = st.column_text(3);
        n.time_ms = st.column_int(4);
        out.push_back(std::move(n));
    }
    for (auto& n : out) n.sources = TRY(impl.note_sources(n.id));
    return out;
}

Result<std::vector<Note>> Memory::profile() {
    std::lock_guard lock(m_impl->mutex);
    return read_notes(*m_impl, "profile");
}

Result<std::vector<Note>> Memory::summaries() {
    std::lock_guard lock(m_impl->mutex);
    return read_notes(*m_impl, "summary");
}

Result<std::vector<MoodSample>> Memory::mood_samples(int64_t since_ms) {
    std::lock_guard lock(m_impl->mutex);
    auto st = TRY(m_impl->db->prepare_cached(sql::MOOD_SINCE));
    st.bind(1, since_ms);
    std::vector<MoodSample> out;
    while (TRY(st.step()))
        out.push_back({st.column_int(0), st.column_int(1),
                       Affect{st.column_double(2), st.column_double(3), st.column_text(4), st.column_text(5)}});
    return out;
}

void Memory::set_embedder(std::shared_ptr<Embedder> embedder) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->embedder = std::move(embedder);
}

void Memory::set_extra_extractor(ExtraExtractor extractor) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->extra_extractor = std::move(extractor);
}

}  // namespace os1::memory
