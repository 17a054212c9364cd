// "Delete my data" (forget.h): every store the companion keeps about one
// person, emptied of that person's rows, and the person's own files deleted.
// Each part is tried even when another fails; what failed is listed.
#include <system_error>

#include "brain/brain.h"
#include "companion/chat_history.h"
#include "companion/forget.h"
#include "companion/home.h"
#include "companion/session_internal.h"
#include "companion/setup_flow.h"
#include "core/strings.h"
#include "skills/calendar/store.h"
#include "skills/ledger.h"
#include "skills/letters/letter_store.h"
#include "skills/mail/store.h"

namespace os1::companion {

namespace {

namespace fs = std::filesystem;

// Deletes `file` when it is there; its name goes in `deleted`.
void remove_file(const fs::path& file, EraseOutcome& out) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return;
    if (fs::remove(file, ec)) out.files.push_back(file.filename().string());
    else out.problems.push_back(str(file.string(), ": ", ec.message()));
}

template <typename F>
void erase_part(const char* what, EraseOutcome& out, F&& erase) {
    if (auto r = erase(); !r) out.problems.push_back(str(what, ": ", r.error().message));
}

std::string erased_message(const EraseOutcome& o) {
    std::string out = str("Forgotten everything: ", o.messages, o.messages == 1 ? " message, " : " messages, ", o.facts,
                          o.facts == 1 ? " fact, " : " facts, ", o.notes, o.notes == 1 ? " summary" : " summaries");
    if (o.skills_rows) out += str(", ", o.skills_rows, " reminders, proposals and check-ins");
    if (o.calendar_rows) out += str(", ", o.calendar_rows, " calendars and events");
    if (o.mail_rows) out += str(", ", o.mail_rows, " mails and mail settings");
    if (o.letters) out += str(", ", o.letters, o.letters == 1 ? " letter" : " letters");
    if (!o.files.empty()) out += str(" and ", o.files.size(), o.files.size() == 1 ? " file" : " files");
    out += ".";
    if (o.problems.empty()) {
        out += " Nothing of yours is left on this computer; next time we talk, we meet again.";
    } else {
        out += " Some of it could not be erased:";
        for (const auto& p : o.problems) out += "\n  " + p;
    }
    return out;
}

}  // namespace

Result<EraseOutcome> forget_everything(memory::Memory& memory, const ForgetPlaces& places) {
    EraseOutcome out;
    const auto erased = TRY(memory.forget_everything());
    out.messages = erased.messages;
    out.facts = erased.facts;
    out.notes = erased.notes;
    const fs::path& dir = places.skills_dir;
    std::error_code ec;
    if (!dir.empty() && fs::is_directory(dir, ec)) {
        if (fs::exists(dir / "skills.db", ec))
            erase_part("reminders and proposals (skills.db)", out, [&]() -> Result<void> {
                auto ledger = TRY(skills::Ledger::open(dir, places.owner));
                out.skills_rows = TRY(ledger->erase_owner());
                return ok();
            });
        if (fs::exists(dir / "calendar.db", ec))
            erase_part("calendar (calendar.db)", out, [&]() -> Result<void> {
                auto calendar = TRY(calendar::CalendarStore::open(dir, places.owner));
                out.calendar_rows = TRY(calendar->erase_owner());
                return ok();
            });
        if (fs::exists(dir / "mail.db", ec))
            erase_part("mail (mail.db)", out, [&]() -> Result<void> {
                auto mail = TRY(mail::MailStore::open(dir / "mail.db"));
                out.mail_rows = TRY(mail->erase_all());
                return ok();
            });
        remove_file(dir / "mail.key", out);  // the key the mail password was sealed with
        if (fs::exists(dir / "letters.db", ec))
            erase_part("letters (letters.db)", out, [&]() -> Result<void> {
                auto letters = TRY(skills::letters::LetterStore::open(dir / "letters.db", SystemClock::instance()));
                out.letters = TRY(letters->erase_all());
                return ok();
            });
    }
    if (!places.data_dir.empty()) {
        remove_file(chat_history_path(places.data_dir), out);
        remove_file(persona_path(places.data_dir), out);
        remove_file(fs::path(persona_path(places.data_dir)).concat(".previous"), out);
    }
    if (!places.kv_state_dir.empty()) {
        auto states = brain::forget_saved_states(places.kv_state_dir);
        if (!states) out.problems.push_back("saved conversation states: " + states.error().message);
        else
            for (int i = 0; i < *states; i++) out.files.push_back("saved state");
    }
    out.message = erased_message(out);
    return out;
}

// ---- at the front door (home.h) ---------------------------------------------

Result<EraseOutcome> Home::forget_everything() {
    memory::Memory* mem = TRY(memory());
    m_desk.reset();  // opened again, empty, on next use
    auto out = TRY(companion::forget_everything(*mem, forget_places(m_files, m_options.owner)));
    if (m_session) {
        m_session->brain->forget_state();
        m_session->setup = persona::Setup{};
    }
    if (m_companion) {
        m_companion->replace_setup(persona::Setup{});
        if (auto r = m_companion->resume(); !r) out.problems.push_back("starting our conversation over: " + r.error().message);
    }
    return out;
}

}  // namespace os1::companion
