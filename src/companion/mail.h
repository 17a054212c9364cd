// The mail use cases at the front door (issue 17): what `os1 mail ...`,
// the web app and the conversation's desk do with one owner's mail. Free
// functions over a Home, so front ends include only companion/ headers.
//
//   auto home = TRY(Home::open());
//   auto report = TRY(mail_import(*home, "~/Maildir", on_item));   // stores what parses, names what not
//   Json list = TRY(mail_list(*home, {}));                         // newest first
//   auto draft = TRY(mail_reply_draft(*home, 12, "I'll be there at 6", false));
//   if (person says yes) TRY(mail_reply_send(*home, draft));       // the outbox, then SMTP when an account is set
//
// Where: <owner's data folder>/skills/mail.db and mail.key (0600 in 0700).
// Mail text is third-party data: it is listed, shown and quoted to the
// brain in a fenced block (skills/mail/untrusted.h), never obeyed; nothing
// here writes a memory. Sending needs the person's yes: the CLI's own
// confirmation or a yes in the same conversation (the desk's ledger).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "companion/home.h"
#include "core/json.h"
#include "core/result.h"

namespace os1::skills {
class Skill;
struct Context;
}

namespace os1::companion {

// The owner's skills folder: <data folder>/skills (0700).
std::filesystem::path skills_dir(const Home& home);

struct MailImportItem {
    std::string where;    // the file (mbox: "file#3 (line 120)")
    bool stored = false;  // newly stored
    bool duplicate = false;  // already there (same Message-ID or bytes)
    std::string reason;   // why it was rejected ("" when it parsed)
};
struct MailImportReport {
    size_t files = 0, parsed = 0, added = 0, duplicates = 0, rejected = 0;
};
Result<MailImportReport> mail_import(Home& home, const std::filesystem::path& path,
                                     const std::function<void(const MailImportItem&)>& each);

// Reads the account's mail now: its path on this computer (a Maildir, an
// mbox, a folder), else the newest `max_messages` of its IMAP mailbox (read only).
Result<MailImportReport> mail_fetch(Home& home, size_t max_messages, const std::function<void(const MailImportItem&)>& each);

struct MailListOptions {
    size_t limit = 50;
    std::string from;       // sender contains ("" = anyone)
    bool important = false; // only what triage calls important
};
// [{"id","message_id","from","to","cc","subject","date","snippet",
//   "attachments","important","bulk","reasons","source","problems"}], newest first.
Result<Json> mail_list(Home& home, const MailListOptions& options);
// One mail with its "text"; Error::not_found for an unknown id.
Result<Json> mail_show(Home& home, int64_t id);
// [{"id","proposal_id","to","subject","body","status","created","sent","attempts","error"}]:
// mail the person said yes to and that has not gone yet (`include_sent`: also what went).
Result<Json> mail_outbox(Home& home, bool include_sent);

struct MailAccountSettings {
    std::string smtp_url, imap_url, user, from_address, from_name;
    std::string password;  // "" = keep the stored one (or use OS1_MAIL_PASSWORD)
    std::string path;      // a Maildir, mbox or folder on this computer (absolute), instead of IMAP
    // false (os1 mail account set): empty fields keep what is stored, a new
    // mailbox replaces a path and a path the mailbox. true (the web form):
    // every field as given, the password alone kept when empty.
    bool replace = false;
};
Result<void> mail_account_set(Home& home, const MailAccountSettings& settings);
// {"smtp","imap","path","reads": "imap"|"path"|"none","user","from","name",
//  "password": "sealed"|"environment"|"none"} (never the password); {} when none is set.
Result<Json> mail_account_show(Home& home);
// Removes the account and its sealed password; imported mail stays. Whether there was one.
Result<bool> mail_account_remove(Home& home);
// Tests the stored account without sending or changing anything:
// {"ok", "checks": [{"what": "password"|"path"|"imap"|"smtp", "ok", "message"}]}.
// Error::invalid when no account is set.
Result<Json> mail_account_test(Home& home);

// A reply drafted for the person to look at; nothing is stored or sent.
struct MailDraft {
    int64_t mail_id = 0;
    std::string to;        // "Amy Pond <amy@example.org>"
    std::string subject;
    std::string text;      // the draft
    bool from_model = false;
    Json proposal = Json::object();  // what sending would do (skill "mail", action "send")
};
// `use_model`: draft with the configured language model when there is one
// (the mail is quoted to it as data); otherwise a template in the person's tone.
Result<MailDraft> mail_reply_draft(Home& home, int64_t mail_id, const std::string& request, bool use_model);
// The person said yes to this draft (their own command): recorded in the
// ledger (source "cli") and run: into the outbox, then sent when an account
// is set. {"proposal_id","outbox_id","status","error"?}.
Result<Json> mail_reply_send(Home& home, const MailDraft& draft);

struct MailSendReport {
    size_t sent = 0, failed = 0;
    std::vector<std::string> errors;
};
// Sends what waits in the outbox through the account's SMTP server.
Result<MailSendReport> mail_send_outbox(Home& home);

// The skill for the conversation's desk: triage, "any mail from Amy?",
// summaries, and replies proposed (sent only after a yes). `with_brain`:
// drafts through home.brain() (only once the Home is awake).
std::unique_ptr<skills::Skill> make_mail_skill(Home& home, bool with_brain = false);

}  // namespace os1::companion
