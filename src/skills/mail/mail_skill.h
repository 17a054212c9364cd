// The mail skill and the mail use cases the front door (companion/mail.h)
// offers: import, list, show, triage, drafts, the outbox, the account.
//
//   MailSkill skill(options);                  // skills::Skill, named "mail"
//   skill.answer(ctx, "anything important today?")   -> triage of today's mail
//   skill.answer(ctx, "any mail from Amy?")          -> Amy's mails, newest first
//   skill.answer(ctx, "summarise my mail")           -> one line per mail
//   skill.answer(ctx, "reply to Amy saying I'll be there at 6")
//       -> the draft, and a PROPOSAL to send it (action "send"); after the
//          person's yes the desk calls run(): the mail goes to the outbox,
//          then out through SMTP when an account is set (else it waits for
//          `os1 mail send`). undo() takes back a mail not yet sent.
//
// Trust: the intent comes from the person's message alone. Mail text is
// read only to list, summarise and quote it (inside untrusted.h's block);
// no word of a mail can make a proposal, pick a recipient (a reply goes to
// the mail's From address, shown in the question), run a skill or write a
// memory. The skill never touches memory: the companion gives it the
// person's name and the people they know (Person) read-only.
//
// Files: <Context::dir>/mail.db (store.h), <Context::dir>/mail.key (secrets.h).
// Thread safety: one call at a time.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "skills/mail/message.h"
#include "skills/mail/smtp.h"
#include "skills/mail/sources.h"
#include "skills/mail/store.h"
#include "skills/mail/triage.h"
#include "skills/mail/untrusted.h"
#include "skills/skill.h"

namespace os1::mail {

// Writes a draft from the prompt (the companion's brain); nullptr = the
// template draft (the none brain).
using DraftWriter = std::function<Result<std::string>(const std::vector<PromptMessage>&)>;
// The transport for an account (nullptr = SMTP through libcurl).
using TransportFactory = std::function<Result<std::unique_ptr<Transport>>(const Account&, const std::string& password)>;

struct MailSkillOptions {
    std::function<Person()> person;   // who the mail is for (name, addresses, people they know)
    std::string tone;                 // the person's tone for drafts (warm | playful | calm | direct)
    DraftWriter writer;
    TransportFactory transport;
};

// ---- use cases (also used by the CLI through companion/mail.h) ----------
Result<std::unique_ptr<MailStore>> open_mail_store(const skills::Context& context);

struct ImportReport {
    size_t files = 0, parsed = 0, added = 0, duplicates = 0, rejected = 0;
};
// Reads a Maildir, mbox, message file or folder into the store; `each`
// sees every item (rejected ones with their reason).
Result<ImportReport> import_mail(const skills::Context& context, const std::filesystem::path& path,
                                 const ParseLimits& limits, const std::function<void(const SourceItem&, bool added)>& each);

// Reads the account's IMAP mailbox (imap.h: the newest ParseLimits-bound
// messages, read only) into the store, like import_mail.
Result<ImportReport> import_imap(const skills::Context& context, const ParseLimits& limits, size_t max_messages,
                                 const std::function<void(const SourceItem&, bool added)>& each);

// The JSON view of a stored mail: {"id","message_id","from","to","cc",
// "subject","date" (ISO-8601 or null),"text" (with_text only),"snippet",
// "attachments","important","bulk","reasons","source","problems"}.
Json stored_json(const StoredMail& mail, const Person& person, bool with_text);
Json outbox_json(const OutboxEntry& entry);

// Sets the account; the password is sealed with mail.key (never stored in
// plain text); "" keeps the one stored (or relies on OS1_MAIL_PASSWORD).
Result<void> set_account(const skills::Context& context, Account account, const std::string& password);
// The password: OS1_MAIL_PASSWORD when set, else the sealed one.
Result<std::string> account_password(const skills::Context& context, const Account& account);

struct DeliveryReport {
    size_t sent = 0, failed = 0;
    std::vector<std::string> errors;
};
// Sends what is queued (or failed before) in the outbox; only mail the
// person said yes to is ever there. `only_id` 0 = all.
Result<DeliveryReport> deliver_outbox(const skills::Context& context, const TransportFactory& transport,
                                      int64_t only_id = 0);

// The reply proposal for stored mail `id` (draft written by `writer` or the
// template). Used by the skill and by `os1 mail reply`.
Result<skills::Reply> propose_reply(const skills::Context& context, const MailSkillOptions& options,
                                    const StoredMail& mail, const std::string& request);

class MailSkill final : public skills::Skill {
public:
    explicit MailSkill(MailSkillOptions options) : m_options(std::move(options)) {}
    std::string_view name() const override { return "mail"; }
    Result<std::optional<skills::Reply>> answer(const skills::Context& context, std::string_view message) override;
    Result<Json> run(const skills::Context& context, const skills::Proposal& proposal) override;
    Result<void> undo(const skills::Context& context, const skills::Proposal& proposal) override;

private:
    Person person() const { return m_options.person ? m_options.person() : Person{}; }
    MailSkillOptions m_options;
};

}  // namespace os1::mail
