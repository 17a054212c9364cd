// The letters database: letters, the texts they replaced, and which letter
// each conversation is writing. Edits are transactions: the old text is
// kept as a version in the same commit that replaces it.
#include "skills/letters/letter_store.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>
#include <system_error>

#include "core/text.h"

namespace os1::skills::letters {
namespace {

const std::array<store::Migration, 1> MIGRATIONS = {{
    {1,
     "CREATE TABLE letters("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  recipient TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,"
     "  status TEXT NOT NULL DEFAULT 'draft',"
     "  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,"
     "  finished_ms INTEGER NOT NULL DEFAULT 0, deleted_ms INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE letter_versions("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  letter_id INTEGER NOT NULL REFERENCES letters(id),"
     "  title TEXT NOT NULL, body TEXT NOT NULL, saved_ms INTEGER NOT NULL);"
     "CREATE INDEX letter_versions_by_letter ON letter_versions(letter_id);"
     "CREATE TABLE drafting("
     "  conversation TEXT PRIMARY KEY, letter_id INTEGER NOT NULL,"
     "  mode TEXT NOT NULL, touched_ms INTEGER NOT NULL);"},
}};

constexpr const char* LETTER_COLUMNS =
    "id, recipient, title, body, status, created_ms, updated_ms, finished_ms, deleted_ms,"
    " (SELECT COUNT(*) FROM letter_versions v WHERE v.letter_id = letters.id)";

Letter read_letter(const store::Statement& st) {
    Letter l;
    l.id = st.column_int(0);
    l.recipient = st.column_text(1);
    l.title = st.column_text(2);
    l.body = st.column_text(3);
    l.status = st.column_text(4) == "finished" ? LetterStatus::Finished : LetterStatus::Draft;
    l.created_ms = st.column_int(5);
    l.updated_ms = st.column_int(6);
    l.finished_ms = st.column_int(7);
    l.deleted_ms = st.column_int(8);
    l.versions = static_cast<int>(st.column_int(9));
    return l;
}

// Text that enters the store: bounded, valid UTF-8, without NULs.
Result<std::string> clean(std::string_view text, size_t max_bytes, std::string_view what) {
    std::string s = TRY(accept_text(text, max_bytes, what));
    s.erase(std::remove(s.begin(), s.end(), '\0'), s.end());
    return s;
}

Result<std::string> clean_name(std::string_view text, size_t max_bytes, std::string_view what) {
    std::string s = TRY(clean(text, max_bytes, what));
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

std::string_view status_name(LetterStatus status) {
    return status == LetterStatus::Finished ? "finished" : "draft";
}

Json letter_json(const Letter& letter, bool with_body) {
    Json j = {{"id", letter.id},
              {"recipient", letter.recipient},
              {"title", letter.title},
              {"status", status_name(letter.status)},
              {"created", format_iso8601_utc(letter.created_ms)},
              {"updated", format_iso8601_utc(letter.updated_ms)},
              {"versions", letter.versions},
              {"words", 0}};
    if (letter.finished_ms) j["finished"] = format_iso8601_utc(letter.finished_ms);
    if (letter.deleted_ms) j["deleted"] = format_iso8601_utc(letter.deleted_ms);
    int words = 0;
    bool in_word = false;
    for (unsigned char c : letter.body) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    j["words"] = words;
    if (with_body) j["body"] = letter.body;
    return j;
}

Result<std::unique_ptr<LetterStore>> LetterStore::open(const std::filesystem::path& file, const Clock& clock) {
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) return Error::io("cannot create the letters folder ", file.parent_path().string(), ": ", ec.message());
        std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, ec);
    }
    auto db = TRY(store::Database::open(file));
    TRY(db->migrate(MIGRATIONS));
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, ec);
    return std::unique_ptr<LetterStore>(new LetterStore(std::move(db), clock));
}

Result<Letter> LetterStore::create(const NewLetter& letter) {
    std::string recipient = TRY(clean_name(letter.recipient, MAX_RECIPIENT_BYTES, "a recipient"));
    if (recipient.empty()) return Error::invalid("a letter needs a recipient (who is it to?)");
    std::string title = TRY(clean_name(letter.title, MAX_TITLE_BYTES, "a title"));
    if (title.empty()) title = "To " + recipient;
    std::string body = TRY(clean(letter.body, MAX_LETTER_BYTES, "a letter"));
    int64_t now = m_clock->wall_ms();
    auto st = TRY(m_db->prepare(
        "INSERT INTO letters(recipient, title, body, status, created_ms, updated_ms) VALUES(?,?,?,'draft',?,?)"));
    st.bind(1, recipient).bind(2, title).bind(3, body).bind(4, now).bind(5, now);
    TRY(st.run());
    return get(m_db->last_insert_id());
}

Result<Letter> LetterStore::get(int64_t id) {
    auto st = TRY(m_db->prepare(str("SELECT ", LETTER_COLUMNS, " FROM letters WHERE id = ?")));
    st.bind(1, id);
    if (!TRY(st.step())) return Error::not_found("there is no letter ", id, " (see 'os1 letter list')");
    return read_letter(st);
}

Result<std::vector<Letter>> LetterStore::list() {
    auto st = TRY(m_db->prepare(
        str("SELECT ", LETTER_COLUMNS, " FROM letters WHERE deleted_ms = 0 ORDER BY updated_ms DESC, id DESC")));
    std::vector<Letter> out;
    while (TRY(st.step())) out.push_back(read_letter(st));
    return out;
}

Result<std::optional<Letter>> LetterStore::find_by_recipient(std::string_view name, std::optional<LetterStatus> status) {
    std::string want = lower_ascii(name);
    if (want.empty()) return std::optional<Letter>{};
    auto all = TRY(list());
    const Letter* prefix = nullptr;
    for (const Letter& l : all) {
        if (status && l.status != *status) continue;
        std::string have = lower_ascii(l.recipient);
        if (have == want) return std::optional<Letter>(l);
        if (!prefix && (have.rfind(want + " ", 0) == 0 || want.rfind(have + " ", 0) == 0)) prefix = &l;
    }
    if (prefix) return std::optional<Letter>(*prefix);
    return std::optional<Letter>{};
}

Result<Letter> LetterStore::replace_text(const Letter& old, const Letter& updated) {
    auto tx = TRY(store::Transaction::begin(*m_db));
    int64_t now = m_clock->wall_ms();
    if (old.body != updated.body || old.title != updated.title) {
        auto v = TRY(m_db->prepare("INSERT INTO letter_versions(letter_id, title, body, saved_ms) VALUES(?,?,?,?)"));
        v.bind(1, old.id).bind(2, old.title).bind(3, old.body).bind(4, now);
        TRY(v.run());
    }
    auto st = TRY(m_db->prepare(
        "UPDATE letters SET recipient = ?, title = ?, body = ?, status = ?, finished_ms = ?, updated_ms = ? WHERE id = ?"));
    st.bind(1, updated.recipient).bind(2, updated.title).bind(3, updated.body);
    st.bind(4, status_name(updated.status)).bind(5, updated.finished_ms).bind(6, now).bind(7, old.id);
    TRY(st.run());
    TRY(tx.commit());
    return get(old.id);
}

Result<Letter> LetterStore::edit(int64_t id, const LetterEdit& edit) {
    Letter old = TRY(get(id));
    Letter updated = old;
    if (edit.recipient) {
        updated.recipient = TRY(clean_name(*edit.recipient, MAX_RECIPIENT_BYTES, "a recipient"));
        if (updated.recipient.empty()) return Error::invalid("a letter needs a recipient (who is it to?)");
        if (!edit.title && old.title == "To " + old.recipient) updated.title = "To " + updated.recipient;
    }
    if (edit.title) {
        updated.title = TRY(clean_name(*edit.title, MAX_TITLE_BYTES, "a title"));
        if (updated.title.empty()) updated.title = "To " + updated.recipient;
    }
    if (edit.body) updated.body = TRY(clean(*edit.body, MAX_LETTER_BYTES, "a letter"));
    return replace_text(old, updated);
}

Result<Letter> LetterStore::append(int64_t id, std::string_view paragraph) {
    Letter old = TRY(get(id));
    std::string add = TRY(clean(paragraph, MAX_LETTER_BYTES, "a paragraph"));
    Letter updated = old;
    while (!updated.body.empty() && (updated.body.back() == '\n' || updated.body.back() == ' ')) updated.body.pop_back();
    if (!updated.body.empty()) updated.body += "\n\n";
    updated.body += add;
    TRY(check_size(updated.body, MAX_LETTER_BYTES, "a letter"));
    return replace_text(old, updated);
}

Result<Letter> LetterStore::finish(int64_t id) {
    Letter old = TRY(get(id));
    if (old.status == LetterStatus::Finished) return old;
    Letter updated = old;
    updated.status = LetterStatus::Finished;
    updated.finished_ms = m_clock->wall_ms();
    return replace_text(old, updated);
}

Result<Letter> LetterStore::reopen(int64_t id) {
    Letter old = TRY(get(id));
    Letter updated = old;
    updated.status = LetterStatus::Draft;
    updated.finished_ms = 0;
    return replace_text(old, updated);
}

Result<std::vector<LetterVersion>> LetterStore::versions(int64_t id) {
    TRY(get(id));
    auto st = TRY(m_db->prepare("SELECT id, title, body, saved_ms FROM letter_versions WHERE letter_id = ? ORDER BY id"));
    st.bind(1, id);
    std::vector<LetterVersion> out;
    while (TRY(st.step())) out.push_back({st.column_int(0), st.column_text(1), st.column_text(2), st.column_int(3)});
    return out;
}

Result<void> LetterStore::mark_deleted(int64_t id) {
    Letter l = TRY(get(id));
    if (l.deleted_ms) return Error::not_found("letter ", id, " is already deleted");
    auto st = TRY(m_db->prepare("UPDATE letters SET deleted_ms = ? WHERE id = ?"));
    st.bind(1, m_clock->wall_ms()).bind(2, id);
    TRY(st.run());
    auto d = TRY(m_db->prepare("DELETE FROM drafting WHERE letter_id = ?"));
    d.bind(1, id);
    return d.run();
}

Result<void> LetterStore::restore(int64_t id) {
    TRY(get(id));
    auto st = TRY(m_db->prepare("UPDATE letters SET deleted_ms = 0 WHERE id = ?"));
    st.bind(1, id);
    return st.run();
}

Result<std::optional<Drafting>> LetterStore::drafting(std::string_view conversation) {
    auto st = TRY(m_db->prepare("SELECT letter_id, mode, touched_ms FROM drafting WHERE conversation = ?"));
    st.bind(1, conversation);
    if (!TRY(st.step())) return std::optional<Drafting>{};
    return std::optional<Drafting>(Drafting{st.column_int(0), st.column_text(1), st.column_int(2)});
}

Result<void> LetterStore::set_drafting(std::string_view conversation, const Drafting& drafting) {
    auto st = TRY(m_db->prepare(
        "INSERT INTO drafting(conversation, letter_id, mode, touched_ms) VALUES(?,?,?,?)"
        " ON CONFLICT(conversation) DO UPDATE SET letter_id = excluded.letter_id, mode = excluded.mode,"
        " touched_ms = excluded.touched_ms"));
    st.bind(1, conversation).bind(2, drafting.letter_id).bind(3, drafting.mode).bind(4, drafting.touched_ms);
    return st.run();
}

Result<void> LetterStore::stop_drafting(std::string_view conversation) {
    auto st = TRY(m_db->prepare("DELETE FROM drafting WHERE conversation = ?"));
    st.bind(1, conversation);
    return st.run();
}

// ---- forgetting and the export (companion/forget.h, companion/export.h) ----

Result<std::vector<Letter>> LetterStore::all_letters() {
    auto st = TRY(m_db->prepare(str("SELECT ", LETTER_COLUMNS, " FROM letters ORDER BY id")));
    std::vector<Letter> out;
    while (TRY(st.step())) out.push_back(read_letter(st));
    return out;
}

Result<int> LetterStore::rewrite_texts(
    const std::function<std::optional<std::string>(std::string_view text, bool title, std::string_view recipient)>& rewrite) {
    std::set<int64_t> changed;
    auto tx = TRY(store::Transaction::begin(*m_db));
    for (const char* table : {"letters", "letter_versions"}) {
        const bool versions = std::string_view(table) == "letter_versions";
        std::vector<std::tuple<int64_t, int64_t, std::string, std::string, std::string>> rows;  // id, letter, title, body, recipient
        {
            auto st = TRY(m_db->prepare(versions ? "SELECT v.id, v.letter_id, v.title, v.body, l.recipient FROM letter_versions v"
                                                   " JOIN letters l ON l.id = v.letter_id"
                                                 : "SELECT id, id, title, body, recipient FROM letters"));
            while (TRY(st.step()))
                rows.emplace_back(st.column_int(0), st.column_int(1), st.column_text(2), st.column_text(3), st.column_text(4));
        }
        auto update = TRY(m_db->prepare(versions ? "UPDATE letter_versions SET title = ?, body = ? WHERE id = ?"
                                                 : "UPDATE letters SET title = ?, body = ? WHERE id = ?"));
        for (auto& [id, letter, title, body, recipient] : rows) {
            auto new_title = rewrite(title, true, recipient);
            auto new_body = rewrite(body, false, recipient);
            if (!new_title && !new_body) continue;
            update.reset();
            update.bind(1, new_title ? *new_title : title).bind(2, new_body ? *new_body : body).bind(3, id);
            TRY(update.run());
            changed.insert(letter);
        }
    }
    TRY(tx.commit());
    TRY(compact());
    return static_cast<int>(changed.size());
}

Result<int64_t> LetterStore::erase_all() {
    auto tx = TRY(store::Transaction::begin(*m_db));
    TRY(m_db->exec("DELETE FROM letter_versions; DELETE FROM drafting;"));
    TRY(m_db->exec("DELETE FROM letters"));
    const int64_t n = m_db->changes();
    TRY(tx.commit());
    TRY(compact());
    return n;
}

Result<void> LetterStore::compact() { return m_db->checkpoint_truncate(); }

}  // namespace os1::skills::letters
