// calendar.db: the files as they came (so a better reader later reads them
// better), their names and sources, and the person's own events.
#include "skills/calendar/store.h"

#include <algorithm>

#include "net/curl_run.h"
#include "store/scope.h"

namespace os1::calendar {
namespace {

const store::Migration MIGRATIONS[] = {
    {1,
     "CREATE TABLE calendars(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL,"
     " kind TEXT NOT NULL, ics TEXT NOT NULL, events INTEGER NOT NULL, added_ms INTEGER NOT NULL,"
     " refreshed_ms INTEGER NOT NULL, UNIQUE(owner, source));"
     "CREATE TABLE own_events(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, uid TEXT NOT NULL, ics TEXT NOT NULL,"
     " created_ms INTEGER NOT NULL, UNIQUE(owner, uid));"},
};

StoredCalendar row_calendar(store::Statement& st) {
    StoredCalendar c;
    c.id = st.column_int(0);
    c.name = st.column_text(1);
    c.source = st.column_text(2);
    c.kind = st.column_text(3);
    c.events = st.column_int(4);
    c.added_ms = st.column_int(5);
    c.refreshed_ms = st.column_int(6);
    return c;
}

}  // namespace

Result<std::string> fetch_url(const std::string& url) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0 && url.rfind("webcal://", 0) != 0)
        return Error::invalid("'", url, "' is not an http(s) or webcal address");
    std::string real = url.rfind("webcal://", 0) == 0 ? "https://" + url.substr(9) : url;
    net::ensure_curl();
    net::CurlEasy easy(curl_easy_init());
    if (!easy) return Error::io("could not start a download of ", url);
    std::string body;
    bool too_big = false;
    struct Sink {
        std::string* body;
        bool* too_big;
    } sink{&body, &too_big};
    curl_easy_setopt(easy.get(), CURLOPT_URL, real.c_str());
    curl_easy_setopt(easy.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(easy.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy.get(), CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_CONNECTTIMEOUT_MS, 15000L);
    curl_easy_setopt(easy.get(), CURLOPT_USERAGENT, "os1");
    curl_easy_setopt(easy.get(), CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(MAX_ICS_BYTES));
    curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* u) -> size_t {
        auto* k = static_cast<Sink*>(u);
        if (k->body->size() + s * n > MAX_ICS_BYTES) {
            *k->too_big = true;
            return 0;
        }
        k->body->append(d, s * n);
        return s * n;
    });
    curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &sink);
    const net::CurlOutcome out = net::run_transfer(easy.get(), nullptr, {.stall_s = 20, .stall_min_bytes = 1, .deadline_s = 60});
    if (too_big || out.code == CURLE_FILESIZE_EXCEEDED) return Error::invalid(url, ": larger than a calendar may be (", MAX_ICS_BYTES >> 20, " MiB)");
    if (out.deadline || out.stalled) return Error::io(url, ": the server took too long");
    if (out.code != CURLE_OK) return Error::io(url, ": ", out.curl_error.empty() ? curl_easy_strerror(out.code) : out.curl_error);
    return body;
}

CalendarStore::CalendarStore(std::unique_ptr<store::Database> db, std::string owner) : m_db(std::move(db)), m_owner(std::move(owner)) {}
CalendarStore::~CalendarStore() = default;

Result<std::unique_ptr<CalendarStore>> CalendarStore::open(const std::filesystem::path& dir, const std::string& owner) {
    TRY(store::check_owner(owner));
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error::io("cannot create ", dir.string(), ": ", ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    auto db = TRY(store::Database::open(dir / "calendar.db"));
    TRY(db->migrate(MIGRATIONS));
    return std::unique_ptr<CalendarStore>(new CalendarStore(std::move(db), owner));
}

Result<StoredCalendar> CalendarStore::import(std::string_view text, const std::string& name, const std::string& source, int64_t now_ms,
                                             const std::string& kind) {
    auto cal = TRY(read_ics(text, name));
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    const std::string shown = cal->name.empty() ? name : cal->name;
    auto st = TRY(scope.prepare(
        "INSERT INTO calendars(owner, name, source, kind, ics, events, added_ms, refreshed_ms) VALUES(:owner, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(owner, source) DO UPDATE SET name=excluded.name, ics=excluded.ics, events=excluded.events,"
        " refreshed_ms=excluded.refreshed_ms"));
    st.bind(2, shown).bind(3, source).bind(4, kind).bind(5, text).bind(6, static_cast<int64_t>(cal->events.size())).bind(7, now_ms).bind(8, now_ms);
    TRY(st.run());
    auto q = TRY(scope.prepare("SELECT id, name, source, kind, events, added_ms, refreshed_ms FROM calendars WHERE source=? AND owner=:owner"));
    q.bind(1, source);
    if (!TRY(q.step())) return Error::internal("calendar ", source, " was not stored");
    StoredCalendar out = row_calendar(q);
    out.warnings = cal->warnings;
    return out;
}

Result<StoredCalendar> CalendarStore::subscribe(const std::string& url, int64_t now_ms, const Fetch& fetch) {
    const std::string body = TRY(fetch(url));
    std::string name = url;
    if (auto slash = url.find_last_of('/'); slash != std::string::npos && slash + 1 < url.size()) name = url.substr(slash + 1);
    return import(body, name, url, now_ms, "subscription");
}

Result<std::vector<std::string>> CalendarStore::refresh(int64_t now_ms, const Fetch& fetch) {
    std::vector<std::string> problems;
    for (const StoredCalendar& c : TRY(calendars())) {
        if (c.kind != "subscription") continue;
        auto body = fetch(c.source);
        if (!body) {
            problems.push_back(c.source + ": " + body.error().message + " (the last copy is kept)");
            continue;
        }
        if (auto r = import(*body, c.name, c.source, now_ms, c.kind); !r) problems.push_back(r.error().message + " (the last copy is kept)");
    }
    return problems;
}

Result<std::vector<StoredCalendar>> CalendarStore::calendars() {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto st = TRY(scope.prepare("SELECT id, name, source, kind, events, added_ms, refreshed_ms FROM calendars WHERE owner=:owner ORDER BY id"));
    std::vector<StoredCalendar> out;
    while (TRY(st.step())) out.push_back(row_calendar(st));
    return out;
}

Result<bool> CalendarStore::remove_calendar(int64_t id) {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto st = TRY(scope.prepare("DELETE FROM calendars WHERE id=? AND owner=:owner"));
    st.bind(1, id);
    TRY(st.run());
    return scope.changes() > 0;
}

Result<void> CalendarStore::add_event(const NewEvent& event) {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto st = TRY(scope.prepare("INSERT INTO own_events(owner, uid, ics, created_ms) VALUES(:owner, ?, ?, ?)"));
    st.bind(2, event.uid).bind(3, write_event_ics(event)).bind(4, event.stamp_utc * 1000);
    return st.run();
}

Result<bool> CalendarStore::remove_event(const std::string& uid) {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto st = TRY(scope.prepare("DELETE FROM own_events WHERE uid=? AND owner=:owner"));
    st.bind(1, uid);
    TRY(st.run());
    return scope.changes() > 0;
}

Result<int64_t> CalendarStore::own_event_count() {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto st = TRY(scope.prepare("SELECT COUNT(*) FROM own_events WHERE owner=:owner"));
    TRY(st.step());
    return st.column_int(0);
}

Result<std::string> CalendarStore::export_own() {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto st = TRY(scope.prepare("SELECT ics FROM own_events WHERE owner=:owner ORDER BY id"));
    std::vector<std::string> texts;
    while (TRY(st.step())) texts.push_back(st.column_text(0));
    if (texts.empty()) return std::string();
    return merge_ics(texts);
}

Result<std::string> CalendarStore::calendar_ics(int64_t id) {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto st = TRY(scope.prepare("SELECT ics FROM calendars WHERE id=? AND owner=:owner"));
    st.bind(1, id);
    if (!TRY(st.step())) return std::string();
    return st.column_text(0);
}

Result<int64_t> CalendarStore::erase_owner() {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    auto tx = TRY(store::Transaction::begin(*m_db));
    int64_t n = 0;
    for (const char* sql : {"DELETE FROM calendars WHERE owner=:owner", "DELETE FROM own_events WHERE owner=:owner"}) {
        auto st = TRY(scope.prepare(sql));
        TRY(st.run());
        n += scope.changes();
    }
    TRY(tx.commit());
    TRY(compact());
    return n;
}

Result<void> CalendarStore::compact() { return m_db->checkpoint_truncate(); }

Result<Expanded> CalendarStore::instances(int64_t from_utc, int64_t to_utc, const Zone& person, const ExpandLimits& limits) {
    auto scope = TRY(store::OwnerScope::open(*m_db, m_owner));
    Expanded all;
    auto add = [&](const std::string& text, const std::string& label) {
        auto cal = read_ics(text, label);
        if (!cal) {
            all.notes.push_back(cal.error().message);
            return;
        }
        Expanded one = expand(**cal, from_utc, to_utc, person, limits);
        for (Instance& in : one.instances) {
            in.calendar = label;
            all.instances.push_back(std::move(in));
        }
        for (auto& n : one.notes) all.notes.push_back(label + ": " + n);
    };
    auto st = TRY(scope.prepare("SELECT name, ics FROM calendars WHERE owner=:owner ORDER BY id"));
    while (TRY(st.step())) add(st.column_text(1), st.column_text(0));
    const std::string own = TRY(export_own());
    if (!own.empty()) add(own, "my calendar");
    std::stable_sort(all.instances.begin(), all.instances.end(), [](const Instance& a, const Instance& b) {
        if (a.start_utc != b.start_utc) return a.start_utc < b.start_utc;
        return a.uid < b.uid;
    });
    return all;
}

}  // namespace os1::calendar
