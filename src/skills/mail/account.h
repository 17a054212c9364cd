// The mail account's use cases beyond setting it (mail_skill.h
// set_account): where mail is read from (an IMAP mailbox, or a Maildir /
// mbox / folder on this computer), testing the connection, reading it now,
// and removing the account with its sealed password.
//
//   auto checks = TRY(test_account(context));          // [{"imap", ok, "Signed in ... (12 messages)"}, ...]
//   auto report = TRY(import_account(context, {}, 200, nullptr));   // the path, else IMAP
//   TRY(remove_account(context));                      // the row and mail.key go; imported mail stays
//
// Nothing here sends mail or changes a mailbox: the IMAP test EXAMINEs
// (read only), the SMTP test signs in and says NOOP.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/json.h"
#include "skills/mail/mail_skill.h"

namespace os1::mail {

// What a mail path on this computer is: "maildir", "mbox", "folder" (of
// message files) or "file" (one message), and what it holds in words
// ("a Maildir with 12 messages"). Error::invalid for a relative path,
// Error::not_found when it is not there, Error::io when it cannot be read.
struct MailPathInfo {
    std::string kind;
    std::string description;
};
Result<MailPathInfo> check_mail_path(const std::filesystem::path& path);

struct AccountCheck {
    std::string what;      // "password" | "imap" | "path" | "smtp"
    bool ok = false;
    std::string message;   // in plain words, ready to show
    Json to_json() const;  // {"what","ok","message"}
};
// Tests every part of the stored account: the sealed password opens, the
// IMAP mailbox or the path can be read, the SMTP server accepts the
// sign-in. Error::invalid when no account is set.
Result<std::vector<AccountCheck>> test_account(const skills::Context& context);

// Reads the account's mail now: the path when one is set, else the IMAP
// mailbox (the newest `max_messages`). Error::invalid when neither is set.
Result<ImportReport> import_account(const skills::Context& context, const ParseLimits& limits, size_t max_messages,
                                    const std::function<void(const SourceItem&, bool added)>& each);

// Removes the account and its sealed password (mail.key too); imported mail
// and the outbox stay. Whether there was one.
Result<bool> remove_account(const skills::Context& context);

}  // namespace os1::mail
