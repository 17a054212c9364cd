// The mail use cases behind the CLI and the skill: import, JSON views, the
// account and its sealed password, delivering the outbox.
#include <cstdlib>

#include "core/files.h"
#include "core/strings.h"
#include "core/text.h"
#include "skills/mail/account.h"
#include "skills/mail/mail_skill.h"
#include "skills/mail/parse.h"
#include "skills/mail/imap.h"
#include "skills/mail/secrets.h"

namespace os1::mail {
namespace {

int64_t now_of(const skills::Context& c) { return (c.clock ? *c.clock : static_cast<const Clock&>(SystemClock::instance())).wall_ms(); }

Json addresses(const std::vector<Address>& list) {
    Json out = Json::array();
    for (const auto& a : list) out.push_back(address_json(a));
    return out;
}

// Stores one parsed item and counts it in `report` (rejected when it did
// not parse); a store failure is kept in `failure`. Whether it was new.
bool store_item(MailStore& store, const SourceItem& item, int64_t now, ImportReport& report,
                std::optional<Error>& failure) {
    if (!item.message) {
        ++report.rejected;
        return false;
    }
    auto outcome = store.add(*item.message, item.where, now);
    if (!outcome) {
        failure = outcome.error();
        return false;
    }
    (outcome->added ? report.added : report.duplicates) += 1;
    return outcome->added;
}

}  // namespace

Result<std::unique_ptr<MailStore>> open_mail_store(const skills::Context& context) {
    if (context.dir.empty()) return Error::internal("the mail skill has no folder");
    TRY(ensure_private_dir(context.dir));
    return MailStore::open(context.dir / "mail.db");
}

Result<ImportReport> import_mail(const skills::Context& context, const std::filesystem::path& path,
                                 const ParseLimits& limits, const std::function<void(const SourceItem&, bool added)>& each) {
    auto store = TRY(open_mail_store(context));
    ImportReport report;
    std::optional<Error> failure;
    int64_t now = now_of(context);
    // Committed every BATCH mails: one fsync per batch, and an interrupted
    // import keeps what was committed (a re-run skips it as duplicates).
    constexpr size_t BATCH = 200;
    size_t in_batch = 0;
    TRY(store->begin());
    auto counts = read_mail_source(path, limits, [&](SourceItem&& item) {
        if (failure) return;
        if (item.message) {
            ++report.parsed;
            if (++in_batch > BATCH) {
                auto c = store->commit();
                auto b = c ? store->begin() : Result<void>(c.error());
                if (!b) {
                    failure = b.error();
                    return;
                }
                in_batch = 1;
            }
        }
        const bool added = store_item(*store, item, now, report, failure);
        if (failure) return;
        if (each) each(item, added);
    });
    if (!counts || failure) {
        store->rollback();
        if (!counts) return counts.error();
        return failure->context("storing the mail");
    }
    TRY(store->commit());
    report.files = counts->files;
    return report;
}

Result<ImportReport> import_imap(const skills::Context& context, const ParseLimits& limits, size_t max_messages,
                                 const std::function<void(const SourceItem&, bool added)>& each) {
    auto store = TRY(open_mail_store(context));
    auto account = TRY(store->account());
    if (!account || account->imap_url.empty())
        return Error::invalid("no mailbox is set: run 'os1 mail account set --imap imaps://HOST/INBOX --user NAME' "
                              "(or --path ~/Maildir for mail on this computer)");
    ImapSettings settings{account->imap_url, account->user, TRY(account_password(context, *account)), max_messages,
                          limits.max_bytes};
    ImportReport report;
    std::optional<Error> failure;
    int64_t now = now_of(context);
    TRY(store->begin());
    auto fetched = imap_fetch(settings, [&](ImapMessage&& m) {
        if (failure) return;
        ++report.files;
        SourceItem item{str(account->imap_url, ";UID=", m.uid), std::nullopt, m.reason};
        if (item.reason.empty()) {
            auto parsed = parse_message(m.raw, limits);
            if (parsed) item.message = parsed.release_value();
            else item.reason = parsed.error().message;
        }
        if (item.message) ++report.parsed;
        const bool added = store_item(*store, item, now, report, failure);
        if (failure) return;
        if (each) each(item, added);
    });
    if (!fetched || failure) {
        store->rollback();
        if (!fetched) return fetched.error();
        return failure->context("storing the mail");
    }
    TRY(store->commit());
    return report;
}

Json stored_json(const StoredMail& mail, const Person& person, bool with_text) {
    const MailMessage& m = mail.message;
    Importance verdict = assess(m, person);
    Json attachments = Json::array();
    for (const auto& a : m.attachments) attachments.push_back({{"name", a.name}, {"type", a.mime_type}, {"size", a.size}});
    Json j{{"id", mail.id},
           {"message_id", m.message_id},
           {"from", address_json(m.from)},
           {"to", addresses(m.to)},
           {"cc", addresses(m.cc)},
           {"subject", m.subject},
           {"date", m.date_ms > 0 ? Json(format_iso8601_utc(m.date_ms)) : Json(nullptr)},
           {"snippet", gist(m, 160)},
           {"attachments", attachments},
           {"important", verdict.important},
           {"bulk", verdict.bulk},
           {"reasons", verdict.reasons},
           {"source", mail.source},
           {"problems", m.problems}};
    if (with_text) {
        j["text"] = m.text;
        j["text_from_html"] = m.text_from_html;
        j["in_reply_to"] = m.in_reply_to;
    }
    return j;
}

Json outbox_json(const OutboxEntry& e) {
    return Json{{"id", e.id},
                {"proposal_id", e.proposal_id},
                {"to", addresses(e.mail.to)},
                {"subject", e.mail.subject},
                {"body", e.mail.body},
                {"in_reply_to", e.mail.in_reply_to},
                {"status", e.status},
                {"created", format_iso8601_utc(e.created_ms)},
                {"sent", e.sent_ms ? Json(format_iso8601_utc(e.sent_ms)) : Json(nullptr)},
                {"attempts", e.attempts},
                {"error", e.error}};
}

Result<void> set_account(const skills::Context& context, Account account, const std::string& password) {
    if (!account.smtp_url.empty() && !account.smtp_url.starts_with("smtps://") && !account.smtp_url.starts_with("smtp://"))
        return Error::invalid("the SMTP address must start with smtps:// or smtp:// (", quote_capped(account.smtp_url, 60), ")");
    if (!account.imap_url.empty() && !account.imap_url.starts_with("imaps://") && !account.imap_url.starts_with("imap://"))
        return Error::invalid("the IMAP address must start with imaps:// or imap:// (", quote_capped(account.imap_url, 60), ")");
    if (!account.from_address.empty()) TRY(check_address(account.from_address));
    if (!account.path.empty()) {
        if (!account.imap_url.empty())
            return Error::invalid("read mail from an IMAP mailbox or from a path on this computer, not both");
        TRY(check_mail_path(account.path));
    }
    for (const std::string* field : {&account.smtp_url, &account.imap_url, &account.user, &account.from_name, &account.path})
        if (field->size() > 1000 || field->find_first_of("\r\n") != std::string::npos)
            return Error::invalid("an account field is longer than 1000 bytes or has a line break");
    if (password.size() > 1000 || password.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
        return Error::invalid("a password is at most 1000 bytes, on one line");
    auto store = TRY(open_mail_store(context));
    if (!password.empty()) {
        account.password_sealed = TRY(seal_secret(context.dir / "mail.key", password));
    } else if (auto old = TRY(store->account())) {
        account.password_sealed = old->password_sealed;
    }
    return store->save_account(account);
}

Result<std::string> account_password(const skills::Context& context, const Account& account) {
    if (const char* env = std::getenv(PASSWORD_ENV); env && *env) return std::string(env);
    if (account.password_sealed.empty()) return std::string();
    return open_secret(context.dir / "mail.key", account.password_sealed);
}

Result<DeliveryReport> deliver_outbox(const skills::Context& context, const TransportFactory& transport, int64_t only_id) {
    auto store = TRY(open_mail_store(context));
    auto account = TRY(store->account());
    if (!account || account->smtp_url.empty() || account->from_address.empty())
        return Error::invalid("no mail account is set: run 'os1 mail account set --smtp smtps://HOST:465 --user NAME --from ADDRESS'");
    std::string password = TRY(account_password(context, *account));
    std::unique_ptr<Transport> sender;
    if (transport) sender = TRY(transport(*account, password));
    else sender = std::make_unique<SmtpTransport>(SmtpSettings{account->smtp_url, account->user, password});
    DeliveryReport report;
    for (const auto& entry : TRY(store->outbox(false))) {
        if (only_id && entry.id != only_id) continue;
        Envelope envelope{account->from_address, {}};
        for (const auto& to : entry.mail.to) envelope.rcpt.push_back(to.address);
        auto raw = compose_message(Address{account->from_name, account->from_address}, entry.mail, now_of(context));
        Result<void> sent = raw ? sender->send(envelope, *raw) : Result<void>(raw.error());
        if (sent) {
            TRY(store->mark_sent(entry.id, now_of(context)));
            ++report.sent;
        } else {
            TRY(store->mark_failed(entry.id, sent.error().message));
            ++report.failed;
            report.errors.push_back(sent.error().message);
        }
    }
    return report;
}

}  // namespace os1::mail
