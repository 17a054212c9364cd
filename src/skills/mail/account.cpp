// The mail account: where it reads from, testing it, reading it, removing it.
#include "skills/mail/account.h"

#include <unistd.h>

#include <fstream>

#include "core/files.h"
#include "core/strings.h"
#include "core/text.h"
#include "skills/mail/imap.h"
#include "skills/mail/secrets.h"
#include "skills/mail/smtp.h"

namespace os1::mail {
namespace {

namespace fs = std::filesystem;

constexpr size_t MAX_COUNTED = 100'000;  // files counted before "100000+"
constexpr long PROBE_CONNECT_S = 10;

// Regular, non-hidden files directly in `dir` (at most MAX_COUNTED).
size_t count_files(const fs::path& dir) {
    std::error_code ec;
    size_t n = 0;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
        if (it->path().filename().string().starts_with(".")) continue;
        std::error_code fe;
        if (it->is_regular_file(fe) && ++n >= MAX_COUNTED) break;
    }
    return n;
}

std::string count_words(size_t n, const char* one, const char* many) {
    return str(n >= MAX_COUNTED ? str(MAX_COUNTED, "+") : std::to_string(n), " ", n == 1 ? one : many);
}

AccountCheck check(std::string what, bool ok, std::string message) {
    AccountCheck c;
    c.what = std::move(what);
    c.ok = ok;
    c.message = std::move(message);
    return c;
}

}  // namespace

Json AccountCheck::to_json() const { return Json{{"what", what}, {"ok", ok}, {"message", message}}; }

Result<MailPathInfo> check_mail_path(const fs::path& path) {
    if (path.empty() || !path.is_absolute())
        return Error::invalid("the mail path must be a full path (like /home/me/Maildir), not ", quote_capped(path.string(), 80));
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return Error::not_found("there is no folder or file at ", quote_capped(path.string(), 120));
    if (fs::is_directory(status)) {
        if (::access(path.c_str(), R_OK | X_OK) != 0)
            return Error::io("the folder ", quote_capped(path.string(), 120), " cannot be read: ", errno_text(errno));
        if (is_maildir(path)) {
            const size_t n = count_files(path / "cur") + count_files(path / "new");
            return MailPathInfo{"maildir", str("a Maildir with ", count_words(n, "message", "messages"))};
        }
        return MailPathInfo{"folder", str("a folder with ", count_words(count_files(path), "file", "files"))};
    }
    if (!fs::is_regular_file(status)) return Error::invalid(quote_capped(path.string(), 120), " is neither a folder nor a file");
    std::ifstream in(path, std::ios::binary);
    if (!in || ::access(path.c_str(), R_OK) != 0)
        return Error::io("the file ", quote_capped(path.string(), 120), " cannot be read: ", errno_text(errno));
    char head[5] = {0};
    in.read(head, sizeof head);
    const auto size = fs::file_size(path, ec);
    const std::string how_big = ec ? std::string() : str(" of ", format_size(size));
    if (in.gcount() == 5 && std::string_view(head, 5) == "From ") return MailPathInfo{"mbox", str("an mbox file", how_big)};
    return MailPathInfo{"file", str("one message file", how_big)};
}

Result<std::vector<AccountCheck>> test_account(const skills::Context& context) {
    auto store = TRY(open_mail_store(context));
    auto account = TRY(store->account());
    if (!account) return Error::invalid("no mail account is set: set one first");
    std::vector<AccountCheck> out;
    if (!account->path.empty()) {
        auto info = check_mail_path(account->path);
        out.push_back(info ? check("path", true, str("Found ", info->description, ".")) : check("path", false, info.error().message));
    }
    if (account->imap_url.empty() && account->smtp_url.empty()) {
        if (out.empty()) return Error::invalid("the account has no mailbox, path or SMTP server to test");
        return out;
    }
    auto password = account_password(context, *account);
    if (!password) {
        out.push_back(check("password", false, password.error().message));
        for (const char* what : {"imap", "smtp"})
            if (!(what == std::string("imap") ? account->imap_url : account->smtp_url).empty())
                out.push_back(check(what, false, "Not tried: the password could not be opened."));
        return out;
    }
    if (!account->imap_url.empty()) {
        ImapSettings s;
        s.url = account->imap_url;
        s.user = account->user;
        s.password = *password;
        s.connect_timeout_s = PROBE_CONNECT_S;
        auto n = imap_probe(s);
        out.push_back(n ? check("imap", true, str("Signed in to ", url_host(account->imap_url), " and opened the mailbox (",
                                                  count_words(*n, "message", "messages"), ")."))
                        : check("imap", false, n.error().message));
    }
    if (!account->smtp_url.empty()) {
        SmtpSettings s;
        s.url = account->smtp_url;
        s.user = account->user;
        s.password = *password;
        s.connect_timeout_s = PROBE_CONNECT_S;
        auto r = smtp_probe(s);
        out.push_back(r ? check("smtp", true, str(url_host(account->smtp_url), " accepted the sign-in for sending. Nothing was sent."))
                        : check("smtp", false, r.error().message));
    }
    return out;
}

Result<ImportReport> import_account(const skills::Context& context, const ParseLimits& limits, size_t max_messages,
                                    const std::function<void(const SourceItem&, bool added)>& each) {
    auto store = TRY(open_mail_store(context));
    auto account = TRY(store->account());
    store.reset();
    if (account && !account->path.empty()) {
        TRY(check_mail_path(account->path));
        return import_mail(context, account->path, limits, each);
    }
    return import_imap(context, limits, max_messages, each);
}

Result<bool> remove_account(const skills::Context& context) {
    auto store = TRY(open_mail_store(context));
    const bool had = TRY(store->remove_account());
    TRY(store->compact());
    std::error_code ec;
    fs::remove(context.dir / "mail.key", ec);
    if (ec) return Error::io("cannot remove ", (context.dir / "mail.key").string(), ": ", ec.message());
    return had;
}

}  // namespace os1::mail
