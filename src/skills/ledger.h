// The ledger: every proposal a skill made and what became of it, for one
// owner, in <Context::dir>/skills.db (SQLite, file 0600, folder 0700). A
// proposal is stored with its provenance (which message of which
// conversation asked for it) before it is said back; it runs only when
// accept() is called for it, once (a second accept finds it taken), and
// its result is kept so it can be listed and undone.
//
//   auto ledger = TRY(Ledger::open(context));
//   Proposal p = TRY(ledger->propose(reply.proposal, context));   // id assigned, status "proposed"
//   auto waiting = TRY(ledger->pending("chat-2026-12-07"));        // the newest one asked there
//   p = TRY(ledger->accept(p.id, skill, context));                 // runs: "done" or "failed"
//
// Statuses: proposed -> accepted (running) -> done | failed; proposed ->
// declined | expired; done -> undone. Ids come from AUTOINCREMENT and are
// never reused, so a stale id can never reach another proposal. Every
// statement goes through an OwnerScope (store/scope.h): even on a shared
// file one person's ledger cannot see another's rows.
//
// skills.db also holds the reminders' and check-ins' tables (one schema,
// skills_schema.cpp); a skill in a folder of its own keeps its files
// beside it in Context::dir.
//
// Thread safety: one thread at a time (it owns a Database).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "skills/skill.h"
#include "store/database.h"
#include "store/scope.h"

namespace os1::skills {

// Proposals left unanswered this long expire (a yes after that runs nothing).
inline constexpr int64_t PROPOSAL_TTL_MS = 30 * 60'000;

struct LedgerFilter {
    std::string skill;    // "" = every skill
    std::string status;   // "" = every status
    int limit = 100;      // newest first
};

class Ledger {
public:
    // Opens (creating, 0700 folder / 0600 file) context.dir/"skills.db" for context.owner.
    static Result<std::unique_ptr<Ledger>> open(const Context& context);
    static Result<std::unique_ptr<Ledger>> open(const std::filesystem::path& dir, const std::string& owner);

    // Stores a new proposal; provenance from the context ("chat:<conversation>:<message id>",
    // or "cli" when there is no conversation). Returns it with its id.
    Result<Proposal> propose(Proposal proposal, const Context& context);
    // The newest proposal still waiting in this conversation ("" never has one
    // that a message can answer: CLI proposals are confirmed by their command).
    Result<std::optional<Proposal>> pending(std::string_view conversation, int64_t now_ms);
    // The newest proposal of this conversation whatever its status (for "that offer lapsed").
    Result<std::optional<Proposal>> latest(std::string_view conversation);
    Result<Proposal> get(int64_t id);
    Result<std::vector<Proposal>> list(const LedgerFilter& filter = {});

    // Runs a proposed proposal through skill.run(); Error::invalid when it
    // is not waiting (already run, declined, expired: a stale id), or when
    // `context.conversation` is not the one it was asked in.
    Result<Proposal> accept(int64_t id, Skill& skill, const Context& context);
    Result<Proposal> decline(int64_t id, int64_t now_ms);
    // Undoes a done proposal through skill.undo().
    Result<Proposal> undo(int64_t id, Skill& skill, const Context& context);
    // Proposals waiting since before now - ttl become "expired"; how many did.
    Result<int> expire(int64_t now_ms, int64_t ttl_ms = PROPOSAL_TTL_MS);
    // Sets every waiting proposal of this conversation aside (the person
    // talked of something else: a later yes answers nothing); their
    // status becomes "expired" with error "set aside".
    Result<int> set_aside(std::string_view conversation, int64_t now_ms);

    // Forgetting (companion/forget.h): the proposal's row goes for good
    // (not a status); false when there was none.
    Result<bool> erase(int64_t id);
    // Every row this owner has in skills.db: proposals, reminders, check-ins
    // (how many went).
    Result<int64_t> erase_owner();
    // After erasing: the WAL is written into the file and emptied (freed
    // pages were zeroed by secure_delete), so erased words leave the disk.
    Result<void> compact();

    // The same file's connection and owner scope, for the reminders and
    // check-ins tables.
    store::OwnerScope& scope() { return m_scope; }
    const std::string& owner() const { return m_scope.owner(); }

private:
    Ledger(std::unique_ptr<store::Database> db, store::OwnerScope scope)
        : m_db(std::move(db)), m_scope(std::move(scope)) {}
    Result<bool> set_status(int64_t id, std::string_view from, std::string_view to, int64_t now_ms,
                            const Json* result = nullptr, std::string_view error = {});

    std::unique_ptr<store::Database> m_db;
    store::OwnerScope m_scope;
};

// The JSON view: {"id","skill","action","summary","payload","source","conversation","status","created","decided","result","error"}.
Json proposal_json(const Proposal& proposal);

}  // namespace os1::skills
