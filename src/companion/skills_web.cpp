// Uploads, mail replies for a yes and the book's bytes (skills_web.h).
#include "companion/skills_web.h"

#include <atomic>
#include <cctype>

#include "core/clock.h"
#include "core/files.h"
#include "core/strings.h"
#include "skills/calendar/calendar_skill.h"
#include "skills/calendar/store.h"
#include "companion/skills_desk.h"

namespace os1::companion {
namespace {

// A file name safe to show and to store as a source: letters, digits, ".-_ ".
std::string upload_name(const std::string& name, const std::string& fallback) {
    std::string out;
    for (unsigned char c : name.substr(0, 80))
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ' ') out += static_cast<char>(c);
    while (!out.empty() && out.front() == '.') out.erase(out.begin());
    return out.empty() ? fallback : out;
}

Result<void> upload_size_ok(const std::string& text, const char* what) {
    if (text.empty()) return Error::invalid(what, " is empty");
    if (text.size() > MAX_UPLOAD_BYTES) return Error::out_of_range(what, " is larger than 1 MiB");
    return {};
}

// A private file of this owner's skills folder that is removed when done.
struct ScratchFile {
    std::filesystem::path path;
    ~ScratchFile() {
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove(path, ec);
    }
};

Result<std::filesystem::path> scratch_path(Home& home, const std::string& suffix) {
    static std::atomic<uint64_t> counter{0};
    const auto dir = skills_dir(home) / "scratch";
    TRY(ensure_private_dir(skills_dir(home)));
    TRY(ensure_private_dir(dir));
    return dir / str(home.now_ms(), "-", counter++, suffix);
}

}  // namespace

Result<CalendarImported> calendar_import_text(Home& home, const std::string& text, const std::string& name) {
    TRY(upload_size_ok(text, "the calendar"));
    const Config* config = TRY(home.settings());
    skills::Context c;
    c.owner = home.owner();
    c.dir = skills_dir(home);
    c.clock = &SystemClock::instance();
    c.time_zone = person_time_zone(*config);
    TRY(ensure_private_dir(c.dir));
    auto cals = TRY(calendar::open_store(c));
    const std::string shown = upload_name(name, "calendar.ics");
    const calendar::StoredCalendar stored = TRY(cals->import(text, shown, "uploaded: " + shown, c.clock->wall_ms()));
    return CalendarImported{.id = stored.id, .name = stored.name, .source = stored.source, .events = stored.events,
                            .warnings = stored.warnings};
}

Result<MailImportReport> mail_import_text(Home& home, const std::string& text, const std::string& name,
                                          const std::function<void(const MailImportItem&)>& each) {
    TRY(upload_size_ok(text, "the mail"));
    const std::string shown = upload_name(name, "upload.eml");
    ScratchFile file{TRY(scratch_path(home, "-" + shown))};
    TRY(write_file_atomic(file.path, text));
    const std::string prefix = file.path.string();
    return mail_import(home, file.path, [&](const MailImportItem& item) {
        if (!each) return;
        MailImportItem named = item;
        if (named.where.rfind(prefix, 0) == 0) named.where = shown + named.where.substr(prefix.size());
        each(named);
    });
}

Result<skills::Proposal> mail_send_proposal(Home& home, int64_t mail_id, const std::string& body) {
    if (trim(body).empty()) return Error::invalid("the reply is empty: write what to say");
    if (body.size() > 64 * 1024) return Error::out_of_range("a reply is at most 64 KiB");
    MailDraft draft = TRY(mail_reply_draft(home, mail_id, "", false));
    skills::Proposal p;
    p.skill = draft.proposal.value("skill", "mail");
    p.action = draft.proposal.value("action", "send");
    p.payload = draft.proposal.value("payload", Json::object());
    p.payload["body"] = body;  // the person's own words
    p.summary = draft.proposal.value("summary", "send your reply");
    return p;
}

Result<std::string> book_pdf(Home& home, BookRequest request) {
    ScratchFile file{TRY(scratch_path(home, ".pdf"))};
    request.out = file.path;
    TRY(make_book(home, request));
    return read_file(file.path);
}

}  // namespace os1::companion
