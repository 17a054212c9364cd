// /api routes for the signed-in person's mail account (routes_skills.h):
// where their mail comes from (an IMAP mailbox, or for the person who runs
// os1 on this computer a Maildir / mbox path) and is sent from (SMTP). The
// password is write-only: it is sealed on arrival (libsodium secretbox,
// skills/mail/secrets.h) and no route ever returns it, only whether one is
// set ("sealed" | "environment" | "none").
//   GET    /api/mail/account                -> {"account": {"imap","smtp","path","reads","user","from","name","password"} | null}
//   PUT    /api/mail/account {"imap","smtp","path","user","from","name","password"?}
//                                           -> {"account": ...} (every field as given; an empty password keeps the stored one)
//   DELETE /api/mail/account                -> {"removed": bool} (the sealed password too; imported mail stays)
//   POST   /api/mail/account/test           -> {"ok", "checks": [{"what","ok","message"}]} (nothing sent or changed)
//   POST   /api/mail/fetch?newest=N         -> what was read and stored ({"files","parsed","added","duplicates","rejected","items"})
#include <boost/beast/http/verb.hpp>

#include "companion/mail.h"
#include "core/strings.h"
#include "server/routes_skills.h"

namespace os1::server::skills_routes {

namespace http = boost::beast::http;

namespace {

constexpr size_t FIELD_BYTES = 1000;

Json account_view(const Json& shown) { return shown.empty() ? Json(nullptr) : shown; }

Response account_get(Api& api, const Request& req, const SignedIn& who) {
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto shown = companion::mail_account_show(home);
        if (!shown) return error_reply(req, shown.error());
        return json_reply(req, 200, {{"account", account_view(*shown)}});
    });
}

Response account_put(Api& api, const Request& req, const SignedIn& who) {
    auto body = json_body(req);
    if (!body) return error_reply(req, body.error());
    if (!body->is_object()) return error_reply(req, 400, "invalid", "Send the account as a JSON object.");
    companion::MailAccountSettings s;
    s.replace = true;
    struct Field {
        const char* name;
        std::string* into;
    } fields[] = {{"imap", &s.imap_url}, {"smtp", &s.smtp_url}, {"path", &s.path},  {"user", &s.user},
                  {"from", &s.from_address}, {"name", &s.from_name}, {"password", &s.password}};
    for (const auto& f : fields) {
        auto v = text_field(*body, f.name, FIELD_BYTES);
        if (!v) return error_reply(req, v.error());
        *f.into = f.into == &s.password ? *v : std::string(trim(*v));
    }
    if (s.imap_url.empty() && s.path.empty() && s.smtp_url.empty())
        return error_reply(req, 400, "invalid", "Give an IMAP mailbox or a mail folder to read, or an SMTP server to send through.");
    // A path is read from this computer's disk: only its own person may name one.
    if (!s.path.empty() && who.owner != companion::LOCAL_OWNER)
        return error_reply(req, 403, "forbidden",
                           "Only the person who runs os1 on this computer can read mail from a folder on it. "
                           "Use an IMAP mailbox, or import your mail from the Mail page.");
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        if (auto saved = companion::mail_account_set(home, s); !saved) return error_reply(req, saved.error());
        auto shown = companion::mail_account_show(home);
        if (!shown) return error_reply(req, shown.error());
        return json_reply(req, 200, {{"account", account_view(*shown)}});
    });
}

Response account_test(Api& api, const Request& req, const SignedIn& who) {
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto tested = companion::mail_account_test(home);
        if (!tested) return error_reply(req, tested.error());
        return json_reply(req, 200, *tested);
    });
}

Response fetch_now(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    auto newest = query_int(target, "newest", 200, 1, 5000);
    if (!newest) return error_reply(req, newest.error());
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        Json items = Json::array();
        auto report = companion::mail_fetch(home, size_t(*newest), [&](const companion::MailImportItem& i) {
            if (!i.reason.empty() && items.size() < 200) items.push_back({{"where", i.where}, {"reason", i.reason}});
        });
        if (!report) return error_reply(req, report.error());
        return json_reply(req, 200, {{"files", report->files}, {"parsed", report->parsed}, {"added", report->added},
                                     {"duplicates", report->duplicates}, {"rejected", report->rejected}, {"items", items}});
    });
}

}  // namespace

std::optional<Response> mail_account_route(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    const std::string& path = target.path;
    const auto method = req.method();
    if (path == "/api/mail/fetch") {
        if (method != http::verb::post) return wrong_method(req, "POST");
        return fetch_now(api, req, target, who);
    }
    if (path == "/api/mail/account/test") {
        if (method != http::verb::post) return wrong_method(req, "POST");
        return account_test(api, req, who);
    }
    if (path != "/api/mail/account") return std::nullopt;
    if (method == http::verb::get) return account_get(api, req, who);
    if (method == http::verb::put) return account_put(api, req, who);
    if (method == http::verb::delete_)
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto removed = companion::mail_account_remove(home);
            if (!removed) return error_reply(req, removed.error());
            return json_reply(req, 200, {{"removed", *removed}});
        });
    return wrong_method(req, "GET, PUT, DELETE");
}

}  // namespace os1::server::skills_routes
