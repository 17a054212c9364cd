// The ledger's storage: skills.db, one schema for the ledger, reminders and
// check-ins (each table carries its owner; every statement names :owner).
#include "skills/ledger.h"

#include "core/files.h"
#include "core/log.h"
#include "core/strings.h"

namespace os1::skills {

namespace {

const store::Migration MIGRATIONS[] = {
    {1, R"sql(
CREATE TABLE proposals(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  skill TEXT NOT NULL,
  action TEXT NOT NULL,
  summary TEXT NOT NULL,
  payload TEXT NOT NULL,
  source TEXT NOT NULL,
  conversation TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  decided_ms INTEGER NOT NULL DEFAULT 0,
  result TEXT NOT NULL DEFAULT '{}',
  error TEXT NOT NULL DEFAULT '');
CREATE INDEX proposals_waiting ON proposals(owner, conversation, status);
CREATE TABLE reminders(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  text TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active',
  created_ms INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  proposal_id INTEGER NOT NULL DEFAULT 0,
  delivered_ms INTEGER NOT NULL DEFAULT 0,
  done_ms INTEGER NOT NULL DEFAULT 0,
  times_done INTEGER NOT NULL DEFAULT 0);
CREATE INDEX reminders_due ON reminders(owner, status, due_ms);
CREATE TABLE checkins(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  reason TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  sent_ms INTEGER NOT NULL,
  UNIQUE(owner, reason));
)sql"},
};

constexpr const char* COLUMNS =
    "id, skill, action, summary, payload, source, conversation, status, created_ms, decided_ms, result, error";

Proposal read_row(const store::Statement& st) {
    Proposal p;
    p.id = st.column_int(0);
    p.skill = st.column_text(1);
    p.action = st.column_text(2);
    p.summary = st.column_text(3);
    if (auto j = parse_json(st.column_view(4), "proposal payload")) p.payload = j.release_value();
    p.source = st.column_text(5);
    p.conversation = st.column_text(6);
    p.status = st.column_text(7);
    p.created_ms = st.column_int(8);
    p.decided_ms = st.column_int(9);
    if (auto j = parse_json(st.column_view(10), "proposal result")) p.result = j.release_value();
    p.error = st.column_text(11);
    return p;
}

}  // namespace

Result<std::unique_ptr<Ledger>> Ledger::open(const Context& context) { return open(context.dir, context.owner); }

Result<std::unique_ptr<Ledger>> Ledger::open(const std::filesystem::path& dir, const std::string& owner) {
    if (dir.empty()) return Error::internal("the skills folder is not set");
    TRY(ensure_private_dir(dir));
    auto db = TRY(store::Database::open(dir / "skills.db"));
    if (auto r = db->migrate(MIGRATIONS); !r) return r.error().context("cannot prepare the skills ledger");
    auto scope = TRY(store::OwnerScope::open(*db, owner));
    return std::unique_ptr<Ledger>(new Ledger(std::move(db), std::move(scope)));
}

Result<Proposal> Ledger::propose(Proposal p, const Context& context) {
    if (p.skill.empty() || p.action.empty()) return Error::internal("a proposal needs its skill and action");
    const int64_t now = context.clock ? context.clock->wall_ms() : 0;
    p.conversation = context.conversation;
    p.source = context.conversation.empty() ? "cli" : str("chat:", context.conversation, ":", context.message_id);
    p.status = "proposed";
    p.created_ms = now;
    p.decided_ms = 0;
    p.result = Json::object();
    p.error.clear();
    auto st = TRY(m_scope.prepare(
        "INSERT INTO proposals(skill, action, summary, payload, source, conversation, status, created_ms, owner) "
        "VALUES(?, ?, ?, ?, ?, ?, 'proposed', ?, :owner)"));
    st.bind(1, p.skill).bind(2, p.action).bind(3, p.summary).bind(4, dump_json(p.payload));
    st.bind(5, p.source).bind(6, p.conversation).bind(7, now);
    TRY(st.run());
    p.id = m_scope.last_insert_id();
    return p;
}

Result<std::optional<Proposal>> Ledger::pending(std::string_view conversation, int64_t now_ms) {
    if (conversation.empty()) return std::optional<Proposal>();
    TRY(expire(now_ms));
    auto st = TRY(m_scope.prepare(str("SELECT ", COLUMNS, " FROM proposals WHERE conversation = ? AND status = 'proposed' ",
                                      "AND owner = :owner ORDER BY id DESC LIMIT 1")));
    st.bind(1, conversation);
    if (!TRY(st.step())) return std::optional<Proposal>();
    return std::optional<Proposal>(read_row(st));
}

Result<std::optional<Proposal>> Ledger::latest(std::string_view conversation) {
    auto st = TRY(m_scope.prepare(str("SELECT ", COLUMNS, " FROM proposals WHERE conversation = ? AND owner = :owner ",
                                      "ORDER BY id DESC LIMIT 1")));
    st.bind(1, conversation);
    if (!TRY(st.step())) return std::optional<Proposal>();
    return std::optional<Proposal>(read_row(st));
}

Result<Proposal> Ledger::get(int64_t id) {
    auto st = TRY(m_scope.prepare(str("SELECT ", COLUMNS, " FROM proposals WHERE id = ? AND owner = :owner")));
    st.bind(1, id);
    if (!TRY(st.step())) return Error::not_found("there is no proposal ", id);
    return read_row(st);
}

Result<std::vector<Proposal>> Ledger::list(const LedgerFilter& filter) {
    auto st = TRY(m_scope.prepare(str("SELECT ", COLUMNS, " FROM proposals WHERE (? = '' OR skill = ?) ",
                                      "AND (? = '' OR status = ?) AND owner = :owner ORDER BY id DESC LIMIT ?")));
    st.bind(1, filter.skill).bind(2, filter.skill).bind(3, filter.status).bind(4, filter.status);
    st.bind(6, static_cast<int64_t>(filter.limit));  // :owner took number 5
    std::vector<Proposal> out;
    while (TRY(st.step())) out.push_back(read_row(st));
    return out;
}

Result<bool> Ledger::set_status(int64_t id, std::string_view from, std::string_view to, int64_t now_ms,
                                const Json* result, std::string_view error) {
    auto st = TRY(m_scope.prepare(
        "UPDATE proposals SET status = ?, decided_ms = ?, result = CASE WHEN ? = '' THEN result ELSE ? END, "
        "error = ? WHERE id = ? AND status = ? AND owner = :owner"));
    const std::string r = result ? dump_json(*result) : "";
    st.bind(1, to).bind(2, now_ms).bind(3, r).bind(4, r).bind(5, std::string(error)).bind(6, id).bind(7, from);
    TRY(st.run());
    return m_scope.changes() == 1;
}

Result<Proposal> Ledger::accept(int64_t id, Skill& skill, const Context& context) {
    const int64_t now = context.clock->wall_ms();
    TRY(expire(now));
    Proposal p = TRY(get(id));
    if (p.skill != skill.name()) return Error::internal("proposal ", id, " belongs to ", p.skill, ", not ", skill.name());
    if (p.status != "proposed")
        return Error::invalid("proposal ", id, " is not waiting for a yes (it is ", p.status, ")");
    if (p.conversation != context.conversation)
        return Error::invalid("proposal ", id, " was asked in another conversation; only a yes there can run it");
    // Claim it first: a second yes (another window, a retry) finds it taken.
    if (!TRY(set_status(id, "proposed", "accepted", now))) return Error::invalid("proposal ", id, " was already answered");
    Result<Json> ran = skill.run(context, p);
    const int64_t done_ms = context.clock->wall_ms();
    if (!ran) {
        TRY(set_status(id, "accepted", "failed", done_ms, nullptr, ran.error().message));
        log::warn("the ", p.skill, " skill could not do '", p.summary, "': ", ran.error().message);
    } else {
        TRY(set_status(id, "accepted", "done", done_ms, &ran.value()));
    }
    return get(id);
}

Result<Proposal> Ledger::decline(int64_t id, int64_t now_ms) {
    if (!TRY(set_status(id, "proposed", "declined", now_ms))) {
        Proposal p = TRY(get(id));
        return Error::invalid("proposal ", id, " is not waiting for an answer (it is ", p.status, ")");
    }
    return get(id);
}

Result<Proposal> Ledger::undo(int64_t id, Skill& skill, const Context& context) {
    Proposal p = TRY(get(id));
    if (p.status != "done") return Error::invalid("proposal ", id, " cannot be undone: it is ", p.status, ", not done");
    TRY(skill.undo(context, p));
    TRY(set_status(id, "done", "undone", context.clock->wall_ms()));
    return get(id);
}

Result<int> Ledger::expire(int64_t now_ms, int64_t ttl_ms) {
    auto st = TRY(m_scope.prepare("UPDATE proposals SET status = 'expired', decided_ms = ? "
                                  "WHERE status = 'proposed' AND created_ms < ? AND owner = :owner"));
    st.bind(1, now_ms).bind(2, now_ms - ttl_ms);
    TRY(st.run());
    return m_scope.changes();
}

Result<int> Ledger::set_aside(std::string_view conversation, int64_t now_ms) {
    auto st = TRY(m_scope.prepare("UPDATE proposals SET status = 'expired', decided_ms = ?, error = 'set aside' "
                                  "WHERE status = 'proposed' AND conversation = ? AND owner = :owner"));
    st.bind(1, now_ms).bind(2, conversation);
    TRY(st.run());
    return m_scope.changes();
}

Json proposal_json(const Proposal& p) {
    return Json{{"id", p.id},
                {"skill", p.skill},
                {"action", p.action},
                {"summary", p.summary},
                {"payload", p.payload},
                {"source", p.source},
                {"conversation", p.conversation},
                {"status", p.status},
                {"created", p.created_ms ? format_iso8601_utc(p.created_ms) : ""},
                {"decided", p.decided_ms ? format_iso8601_utc(p.decided_ms) : ""},
                {"result", p.result},
                {"error", p.error}};
}

// ---- forgetting (companion/forget.h) ----------------------------------------

Result<bool> Ledger::erase(int64_t id) {
    auto st = TRY(m_scope.prepare("DELETE FROM proposals WHERE id = ? AND owner = :owner"));
    st.bind(1, id);
    TRY(st.run());
    return m_scope.changes() == 1;
}

Result<int64_t> Ledger::erase_owner() {
    auto tx = TRY(store::Transaction::begin(*m_db));
    int64_t n = 0;
    for (const char* sql : {"DELETE FROM proposals WHERE owner = :owner", "DELETE FROM reminders WHERE owner = :owner",
                            "DELETE FROM checkins WHERE owner = :owner"}) {
        auto st = TRY(m_scope.prepare(sql));
        TRY(st.run());
        n += m_scope.changes();
    }
    TRY(tx.commit());
    TRY(compact());
    return n;
}

Result<void> Ledger::compact() { return m_db->checkpoint_truncate(); }

}  // namespace os1::skills
