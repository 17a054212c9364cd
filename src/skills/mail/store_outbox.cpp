// The outbox: mail the person said yes to, waiting for (or done with) SMTP.
#include "skills/mail/store.h"
#include "store/database.h"

namespace os1::mail {

Result<int64_t> MailStore::queue(const OutgoingMail& mail, int64_t proposal_id, int64_t now_ms) {
    auto st = TRY(m_db->prepare("INSERT INTO outbox(proposal_id, data, status, created_ms) VALUES(?, ?, 'queued', ?)"));
    st.bind(1, proposal_id).bind(2, dump_json(outgoing_json(mail))).bind(3, now_ms);
    TRY(st.run());
    return m_db->last_insert_id();
}

Result<std::vector<OutboxEntry>> MailStore::outbox(bool include_sent) {
    auto st = TRY(m_db->prepare(
        "SELECT id, proposal_id, data, status, created_ms, sent_ms, attempts, error FROM outbox"
        " WHERE ? OR status <> 'sent' ORDER BY id"));
    st.bind(1, include_sent ? 1 : 0);
    std::vector<OutboxEntry> out;
    while (TRY(st.step())) {
        OutboxEntry e;
        e.id = st.column_int(0);
        e.proposal_id = st.column_int(1);
        if (auto j = parse_json(st.column_view(2), "mail.db outbox")) e.mail = outgoing_from_json(*j);
        e.status = st.column_text(3);
        e.created_ms = st.column_int(4);
        e.sent_ms = st.column_int(5);
        e.attempts = static_cast<int>(st.column_int(6));
        e.error = st.column_text(7);
        out.push_back(std::move(e));
    }
    return out;
}

Result<void> MailStore::mark_sent(int64_t id, int64_t now_ms) {
    auto st = TRY(m_db->prepare("UPDATE outbox SET status = 'sent', sent_ms = ?, attempts = attempts + 1, error = '' WHERE id = ?"));
    st.bind(1, now_ms).bind(2, id);
    return st.run();
}

Result<void> MailStore::mark_failed(int64_t id, std::string_view error) {
    auto st = TRY(m_db->prepare("UPDATE outbox SET status = 'failed', attempts = attempts + 1, error = ? WHERE id = ?"));
    st.bind(1, error).bind(2, id);
    return st.run();
}

Result<void> MailStore::withdraw(int64_t id) {
    auto st = TRY(m_db->prepare("SELECT status FROM outbox WHERE id = ?"));
    st.bind(1, id);
    if (!TRY(st.step())) return Error::not_found("no mail ", id, " in the outbox");
    if (st.column_text(0) == "sent") return Error::invalid("that mail has already been sent; it cannot be taken back");
    auto del = TRY(m_db->prepare("DELETE FROM outbox WHERE id = ?"));
    del.bind(1, id);
    return del.run();
}

Result<int> MailStore::erase_outbox_of(int64_t proposal_id) {
    auto del = TRY(m_db->prepare("DELETE FROM outbox WHERE proposal_id = ?"));
    del.bind(1, proposal_id);
    TRY(del.run());
    return m_db->changes();
}

Result<int64_t> MailStore::erase_all() {
    auto tx = TRY(store::Transaction::begin(*m_db));
    int64_t n = 0;
    for (const char* sql : {"DELETE FROM messages", "DELETE FROM outbox", "DELETE FROM account"}) {
        TRY(m_db->exec(sql));
        n += m_db->changes();
    }
    TRY(tx.commit());
    TRY(compact());
    return n;
}

Result<void> MailStore::compact() { return m_db->checkpoint_truncate(); }

}  // namespace os1::mail
