// mail.db: the schema, imported messages and the account. A message is kept
// as JSON (message_json) with the columns lists and dedupe need beside it.
#include "skills/mail/store.h"

#include "store/database.h"

namespace os1::mail {
namespace {

const store::Migration MIGRATIONS[] = {
    {1, R"sql(
CREATE TABLE messages(
  id INTEGER PRIMARY KEY,
  dedupe TEXT NOT NULL UNIQUE,
  message_id TEXT NOT NULL,
  from_name TEXT NOT NULL,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  date_ms INTEGER NOT NULL,
  imported_ms INTEGER NOT NULL,
  source TEXT NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX messages_date ON messages(date_ms);
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL,
  data TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  sent_ms INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '');
CREATE TABLE account(
  name TEXT PRIMARY KEY,
  data TEXT NOT NULL);
)sql"},
};

std::string text_of(const Json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t int_of(const Json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
std::vector<Address> addresses_of(const Json& j, const char* key) {
    std::vector<Address> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& a : *it)
        if (a.is_object()) out.push_back({text_of(a, "name"), text_of(a, "address")});
    return out;
}
Json addresses_json(const std::vector<Address>& list) {
    Json out = Json::array();
    for (const auto& a : list) out.push_back(address_json(a));
    return out;
}

StoredMail read_row(const store::Statement& st) {
    StoredMail m;
    m.id = st.column_int(0);
    auto data = parse_json(st.column_view(1), "mail.db");
    if (data) m.message = message_from_json(*data);
    m.source = st.column_text(2);
    m.imported_ms = st.column_int(3);
    return m;
}

}  // namespace

Json address_json(const Address& a) { return Json{{"name", a.name}, {"address", a.address}}; }

Json message_json(const MailMessage& m) {
    Json attachments = Json::array();
    for (const auto& a : m.attachments) attachments.push_back({{"name", a.name}, {"type", a.mime_type}, {"size", a.size}});
    return Json{{"message_id", m.message_id}, {"in_reply_to", m.in_reply_to}, {"references", m.references},
                {"from", address_json(m.from)}, {"to", addresses_json(m.to)}, {"cc", addresses_json(m.cc)},
                {"reply_to", addresses_json(m.reply_to)}, {"subject", m.subject}, {"date_ms", m.date_ms},
                {"text", m.text}, {"text_from_html", m.text_from_html}, {"attachments", attachments},
                {"list_unsubscribe", m.list_unsubscribe}, {"precedence", m.precedence},
                {"auto_submitted", m.auto_submitted}, {"problems", m.problems}, {"hash", m.content_hash}};
}

MailMessage message_from_json(const Json& j) {
    MailMessage m;
    if (!j.is_object()) return m;
    m.message_id = text_of(j, "message_id");
    m.in_reply_to = text_of(j, "in_reply_to");
    m.references = text_of(j, "references");
    if (auto it = j.find("from"); it != j.end() && it->is_object()) m.from = {text_of(*it, "name"), text_of(*it, "address")};
    m.to = addresses_of(j, "to");
    m.cc = addresses_of(j, "cc");
    m.reply_to = addresses_of(j, "reply_to");
    m.subject = text_of(j, "subject");
    m.date_ms = int_of(j, "date_ms");
    m.text = text_of(j, "text");
    m.text_from_html = j.value("text_from_html", false);
    if (auto it = j.find("attachments"); it != j.end() && it->is_array())
        for (const auto& a : *it)
            if (a.is_object())
                m.attachments.push_back({text_of(a, "name"), text_of(a, "type"), static_cast<uint64_t>(int_of(a, "size"))});
    m.list_unsubscribe = j.value("list_unsubscribe", false);
    m.precedence = text_of(j, "precedence");
    m.auto_submitted = text_of(j, "auto_submitted");
    if (auto it = j.find("problems"); it != j.end() && it->is_array())
        for (const auto& p : *it)
            if (p.is_string()) m.problems.push_back(p.get<std::string>());
    m.content_hash = text_of(j, "hash");
    return m;
}

Json outgoing_json(const OutgoingMail& m) {
    return Json{{"to", addresses_json(m.to)}, {"subject", m.subject}, {"body", m.body},
                {"in_reply_to", m.in_reply_to}, {"references", m.references}};
}

OutgoingMail outgoing_from_json(const Json& j) {
    OutgoingMail m;
    if (!j.is_object()) return m;
    m.to = addresses_of(j, "to");
    m.subject = text_of(j, "subject");
    m.body = text_of(j, "body");
    m.in_reply_to = text_of(j, "in_reply_to");
    m.references = text_of(j, "references");
    return m;
}

MailStore::MailStore(std::unique_ptr<store::Database> db) : m_db(std::move(db)) {}
MailStore::~MailStore() = default;

Result<std::unique_ptr<MailStore>> MailStore::open(const std::filesystem::path& db_file) {
    auto db = TRY(store::Database::open(db_file));
    TRY(db->migrate(MIGRATIONS));
    return std::unique_ptr<MailStore>(new MailStore(std::move(db)));
}

Result<AddOutcome> MailStore::add(const MailMessage& message, std::string_view source, int64_t now_ms) {
    std::string dedupe = message.message_id.empty() ? "hash:" + message.content_hash : "id:" + message.message_id;
    auto find = TRY(m_db->prepare("SELECT id FROM messages WHERE dedupe = ?"));
    find.bind(1, dedupe);
    if (TRY(find.step())) return AddOutcome{find.column_int(0), false};
    auto st = TRY(m_db->prepare(
        "INSERT INTO messages(dedupe, message_id, from_name, from_address, subject, date_ms, imported_ms, source, data)"
        " VALUES(?,?,?,?,?,?,?,?,?)"));
    st.bind(1, dedupe).bind(2, message.message_id).bind(3, message.from.name).bind(4, message.from.address);
    st.bind(5, message.subject).bind(6, message.date_ms).bind(7, now_ms).bind(8, source);
    st.bind(9, dump_json(message_json(message)));
    TRY(st.run());
    return AddOutcome{m_db->last_insert_id(), true};
}

Result<void> MailStore::begin() { return m_db->begin(); }
Result<void> MailStore::commit() { return m_db->commit(); }
void MailStore::rollback() { m_db->rollback(); }

Result<std::vector<StoredMail>> MailStore::list(const ListQuery& query) {
    auto st = TRY(m_db->prepare(
        "SELECT id, data, source, imported_ms FROM messages"
        " WHERE (CASE WHEN date_ms > 0 THEN date_ms ELSE imported_ms END) >= ?"
        " AND (? = '' OR instr(lower(from_name), lower(?)) > 0 OR instr(lower(from_address), lower(?)) > 0)"
        " ORDER BY (CASE WHEN date_ms > 0 THEN date_ms ELSE imported_ms END) DESC, id DESC LIMIT ?"));
    st.bind(1, query.since_ms).bind(2, query.from).bind(3, query.from).bind(4, query.from);
    st.bind(5, static_cast<int64_t>(query.limit));
    std::vector<StoredMail> out;
    while (TRY(st.step())) out.push_back(read_row(st));
    return out;
}

Result<std::optional<StoredMail>> MailStore::get(int64_t id) {
    auto st = TRY(m_db->prepare("SELECT id, data, source, imported_ms FROM messages WHERE id = ?"));
    st.bind(1, id);
    if (!TRY(st.step())) return std::optional<StoredMail>();
    return std::optional<StoredMail>(read_row(st));
}

Result<size_t> MailStore::count() {
    auto st = TRY(m_db->prepare("SELECT count(*) FROM messages"));
    TRY(st.step());
    return static_cast<size_t>(st.column_int(0));
}

Result<void> MailStore::save_account(const Account& a) {
    Json j{{"smtp_url", a.smtp_url}, {"imap_url", a.imap_url}, {"user", a.user}, {"from_address", a.from_address},
           {"from_name", a.from_name}, {"password_sealed", a.password_sealed}, {"path", a.path}};
    auto st = TRY(m_db->prepare("INSERT INTO account(name, data) VALUES('default', ?)"
                                " ON CONFLICT(name) DO UPDATE SET data = excluded.data"));
    st.bind(1, dump_json(j));
    return st.run();
}

Result<std::optional<Account>> MailStore::account() {
    auto st = TRY(m_db->prepare("SELECT data FROM account WHERE name = 'default'"));
    if (!TRY(st.step())) return std::optional<Account>();
    Json j = TRY(parse_json(st.column_view(0), "mail.db account"));
    return std::optional<Account>(Account{text_of(j, "smtp_url"), text_of(j, "imap_url"), text_of(j, "user"),
                                          text_of(j, "from_address"), text_of(j, "from_name"),
                                          text_of(j, "password_sealed"), text_of(j, "path")});
}

Result<bool> MailStore::remove_account() {
    auto st = TRY(m_db->prepare("DELETE FROM account WHERE name = 'default'"));
    TRY(st.run());
    return m_db->changes() > 0;
}

}  // namespace os1::mail
