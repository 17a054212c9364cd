// One person's mail on disk: <skills dir>/mail.db (SQLite through
// store/database.h; the file is the owner's alone, 0600 in a 0700 folder).
// Tables: messages (imported mail, deduplicated by Message-ID or, without
// one, by a hash of the bytes), outbox (mail the person said yes to
// sending: queued | sent | failed) and account (where to send from; the
// password sealed by secrets.h, never in plain text).
//
// Everything survives a restart (WAL, synchronous=FULL).
// Thread safety: one thread at a time per MailStore.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "skills/mail/message.h"

namespace os1::store {
class Database;
}

namespace os1::mail {

struct StoredMail {
    int64_t id = 0;
    MailMessage message;
    std::string source;       // where it was imported from
    int64_t imported_ms = 0;
};

struct AddOutcome {
    int64_t id = 0;
    bool added = false;       // false: already there (same Message-ID or bytes)
};

struct ListQuery {
    size_t limit = 100;
    int64_t since_ms = 0;     // date (or import time when undated) at or after
    std::string from;         // sender name or address contains this (case-insensitive); "" = anyone
};

// A mail the person agreed to send.
struct OutgoingMail {
    std::vector<Address> to;
    std::string subject;
    std::string body;         // plain text, UTF-8
    std::string in_reply_to;  // Message-ID without <> ("" = a new thread)
    std::string references;
};

struct OutboxEntry {
    int64_t id = 0;
    int64_t proposal_id = 0;  // the ledger's proposal the person said yes to (0 = a CLI command)
    OutgoingMail mail;
    std::string status;       // queued | sent | failed
    int64_t created_ms = 0;
    int64_t sent_ms = 0;
    int attempts = 0;
    std::string error;
};

struct Account {
    std::string smtp_url;       // "smtps://smtp.example.org:465" or "smtp://host:587" (STARTTLS required)
    std::string imap_url;       // "imaps://imap.example.org/INBOX" ("" = none)
    std::string user;
    std::string from_address;
    std::string from_name;
    std::string password_sealed;  // secrets.h seal(); "" = from OS1_MAIL_PASSWORD only
    // Or mail read from this computer: a Maildir, an mbox file or a folder
    // of message files (absolute; "" = none). One way of reading: a path or
    // an IMAP mailbox, never both.
    std::string path;
};

Json address_json(const Address& a);
Json message_json(const MailMessage& m);
MailMessage message_from_json(const Json& j);
Json outgoing_json(const OutgoingMail& m);
OutgoingMail outgoing_from_json(const Json& j);

class MailStore {
public:
    static Result<std::unique_ptr<MailStore>> open(const std::filesystem::path& db_file);
    ~MailStore();
    MailStore(const MailStore&) = delete;
    MailStore& operator=(const MailStore&) = delete;

    Result<AddOutcome> add(const MailMessage& message, std::string_view source, int64_t now_ms);
    // Groups many adds in one transaction (one fsync instead of one per
    // mail); rollback() on an error path.
    Result<void> begin();
    Result<void> commit();
    void rollback();
    // Newest first.
    Result<std::vector<StoredMail>> list(const ListQuery& query);
    Result<std::optional<StoredMail>> get(int64_t id);
    Result<size_t> count();

    // ---- outbox (store_outbox.cpp) ----
    Result<int64_t> queue(const OutgoingMail& mail, int64_t proposal_id, int64_t now_ms);
    Result<std::vector<OutboxEntry>> outbox(bool include_sent = false);
    Result<void> mark_sent(int64_t id, int64_t now_ms);
    Result<void> mark_failed(int64_t id, std::string_view error);
    // Takes a queued mail back (undo before it left); Error::invalid once sent.
    Result<void> withdraw(int64_t id);

    // ---- forgetting (companion/forget.h) ----
    // The outbox rows of a proposal, whatever their status (a sent mail has
    // left; this is the copy kept here); how many went.
    Result<int> erase_outbox_of(int64_t proposal_id);
    // Every row: messages, outbox, account (then compact()); how many went.
    Result<int64_t> erase_all();
    // The WAL written into the file and emptied (after erasing).
    Result<void> compact();

    // ---- the account ----
    Result<void> save_account(const Account& account);
    Result<std::optional<Account>> account();
    // The account's row, sealed password included (false when there was none).
    Result<bool> remove_account();

private:
    explicit MailStore(std::unique_ptr<store::Database> db);
    std::unique_ptr<store::Database> m_db;
};

}  // namespace os1::mail
