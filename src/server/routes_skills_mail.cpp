// /api routes for mail and letters (routes_skills.h). Mail is third-party
// text: it is returned as JSON strings for the app to show as text, never
// as HTML, and nothing in it makes or answers a proposal.
//   GET  /api/mail?important=1&from=&limit=  -> {"mails": [...]} (newest first, triage marks)
//   POST /api/mail/import?name=F.eml         -> what was stored (body: one message or an mbox, at most 1 MiB)
//   GET  /api/mail/outbox                    -> {"outbox": [...]} (what the person said yes to)
//   GET  /api/mail/{id}                      -> {"mail": {... "text"}, "third_party": true}
//   POST /api/mail/{id}/draft {"request"}    -> {"to","subject","text"} (nothing stored)
//   POST /api/mail/{id}/send {"body"}        -> 201 a proposal (sent only after its yes)
//   /api/mail/account, /api/mail/account/test, /api/mail/fetch: routes_skills_account.cpp
//   GET  /api/letters                        -> {"letters": [...]}
//   POST /api/letters {"recipient","title","body"} -> 201 the draft
//   GET  /api/letters/book?ids=1,3&title=    -> application/pdf (every finished letter without ids)
//   GET  /api/letters/{id}                   -> the letter with its body
//   PUT  /api/letters/{id} {"recipient"?,"title"?,"body"?} -> the letter (the old text kept as a version)
//   POST /api/letters/{id}/finish            -> the letter
#include <boost/beast/http/verb.hpp>

#include "companion/skills_web.h"
#include "core/strings.h"
#include "core/text.h"
#include "server/routes_skills.h"

namespace os1::server::skills_routes {

namespace http = boost::beast::http;

namespace {

constexpr size_t LETTER_BYTES = 256 * 1024;

std::string query_of(const Target& target, const char* name, size_t max = 200) {
    auto it = target.query.find(name);
    return it == target.query.end() ? std::string() : it->second.substr(0, max);
}

Response mail_list_reply(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    auto limit = query_int(target, "limit", 50, 1, 500);
    if (!limit) return error_reply(req, limit.error());
    companion::MailListOptions options;
    options.limit = size_t(*limit);
    options.from = query_of(target, "from");
    options.important = target.query.count("important") > 0;
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto mails = companion::mail_list(home, options);
        if (!mails) return error_reply(req, mails.error());
        return json_reply(req, 200, {{"mails", *mails}});
    });
}

Response mail_import_reply(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    if (req.body().size() > companion::MAX_UPLOAD_BYTES) return error_reply(req, 413, "too_large", "A mail upload is at most 1 MiB.");
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        Json items = Json::array();
        auto report = companion::mail_import_text(home, req.body(), query_of(target, "name", 80), [&](const companion::MailImportItem& i) {
            if (items.size() < 200)
                items.push_back({{"where", i.where}, {"stored", i.stored}, {"duplicate", i.duplicate}, {"reason", i.reason}});
        });
        if (!report) return error_reply(req, report.error());
        return json_reply(req, 201, {{"files", report->files}, {"parsed", report->parsed}, {"added", report->added},
                                     {"duplicates", report->duplicates}, {"rejected", report->rejected}, {"items", items}});
    });
}

Response one_mail(Api& api, const Request& req, int64_t id, const std::string& action, const SignedIn& who) {
    const auto method = req.method();
    if (action.empty()) {
        if (method != http::verb::get) return wrong_method(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto mail = companion::mail_show(home, id);
            if (!mail) return error_reply(req, mail.error());
            return json_reply(req, 200, {{"mail", *mail}, {"third_party", true}});
        });
    }
    if (action != "draft" && action != "send") return no_such_route(req);
    if (method != http::verb::post) return wrong_method(req, "POST");
    auto body = json_body(req);
    if (!body) return error_reply(req, body.error());
    if (action == "draft") {
        auto request = text_field(*body, "request", 2000);
        if (!request) return error_reply(req, request.error());
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto draft = companion::mail_reply_draft(home, id, *request, false);
            if (!draft) return error_reply(req, draft.error());
            return json_reply(req, 200, {{"mail_id", id}, {"to", draft->to}, {"subject", draft->subject}, {"text", draft->text}});
        });
    }
    auto text = text_field(*body, "body", MAX_MESSAGE_BYTES);
    if (!text) return error_reply(req, text.error());
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto p = companion::mail_send_proposal(home, id, *text);
        if (!p) return error_reply(req, p.error());
        return proposed(req, home, std::move(*p));
    });
}

Result<std::vector<int64_t>> ids_of(const std::string& list) {
    std::vector<int64_t> out;
    std::vector<std::string> pieces(1);
    for (char c : list) {
        if (c == ',') pieces.emplace_back();
        else pieces.back() += c;
    }
    for (const std::string& piece : pieces) {
        if (trim(piece).empty()) continue;
        auto id = id_of(trim(piece));
        if (!id) return Error::invalid("'", piece, "' is not a letter id");
        out.push_back(*id);
        if (out.size() > 500) return Error::invalid("at most 500 letters in one book");
    }
    return out;
}

Response book_reply(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    if (req.method() != http::verb::get) return wrong_method(req, "GET");
    auto ids = ids_of(query_of(target, "ids", 4000));
    if (!ids) return error_reply(req, ids.error());
    auto title = accept_text(query_of(target, "title"), 200, "the title");
    if (!title) return error_reply(req, title.error());
    companion::BookRequest request;
    request.ids = *ids;
    request.all = ids->empty();
    if (!trim(*title).empty()) request.title = trim(*title);
    if (query_of(target, "page") == "letter") request.page = "letter";
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto pdf = companion::book_pdf(home, request);
        if (!pdf) return error_reply(req, pdf.error());
        return download(req, "application/pdf", "letters.pdf", std::move(*pdf));
    });
}

Result<companion::LetterChange> letter_change(const Json& body) {
    companion::LetterChange change;
    auto take = [&](const char* name, std::optional<std::string>& into, size_t max) -> Result<void> {
        if (!body.contains(name)) return {};
        into = TRY(text_field(body, name, max));
        return {};
    };
    TRY(take("recipient", change.recipient, 200));
    TRY(take("title", change.title, 500));
    TRY(take("body", change.body, LETTER_BYTES));
    return change;
}

Response letters_reply(Api& api, const Request& req, const Target& target, const std::vector<std::string>& seg,
                       const SignedIn& who) {
    const auto method = req.method();
    if (seg.empty()) {
        if (method == http::verb::get)
            return with_home(api, req, who, [&](Person&, companion::Home& home) {
                auto list = companion::list_letters(home);
                if (!list) return error_reply(req, list.error());
                Json out = Json::array();
                for (const auto& l : *list) out.push_back(companion::letter_info_json(l, false));
                return json_reply(req, 200, {{"letters", out}});
            });
        if (method != http::verb::post) return wrong_method(req, "GET, POST");
        auto body = json_body(req);
        if (!body) return error_reply(req, body.error());
        auto change = letter_change(*body);
        if (!change) return error_reply(req, change.error());
        companion::LetterDraft draft{change->recipient.value_or(""), change->title.value_or(""), change->body.value_or("")};
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto letter = companion::new_letter(home, draft);
            if (!letter) return error_reply(req, letter.error());
            return json_reply(req, 201, companion::letter_info_json(*letter, true));
        });
    }
    if (seg.size() == 1 && seg[0] == "book") return book_reply(api, req, target, who);
    const auto id = id_of(seg[0]);
    if (!id || seg.size() > 2 || (seg.size() == 2 && seg[1] != "finish")) return no_such_route(req);
    if (seg.size() == 2) {
        if (method != http::verb::post) return wrong_method(req, "POST");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto letter = companion::finish_letter(home, *id);
            if (!letter) return error_reply(req, letter.error());
            return json_reply(req, 200, companion::letter_info_json(*letter, true));
        });
    }
    if (method == http::verb::get)
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto letter = companion::show_letter(home, std::to_string(*id));
            if (!letter) return error_reply(req, letter.error());
            return json_reply(req, 200, companion::letter_info_json(*letter, true));
        });
    if (method != http::verb::put) return wrong_method(req, "GET, PUT");
    auto body = json_body(req);
    if (!body) return error_reply(req, body.error());
    auto change = letter_change(*body);
    if (!change) return error_reply(req, change.error());
    return with_home(api, req, who, [&](Person&, companion::Home& home) {
        auto letter = companion::edit_letter(home, *id, *change);
        if (!letter) return error_reply(req, letter.error());
        return json_reply(req, 200, companion::letter_info_json(*letter, true));
    });
}

}  // namespace

std::optional<Response> mail_route(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    const std::string& path = target.path;
    if (path == "/api/letters" || path.rfind("/api/letters/", 0) == 0)
        return std::nullopt;  // letters_route
    if (path != "/api/mail" && path.rfind("/api/mail/", 0) != 0) return std::nullopt;
    if (auto r = mail_account_route(api, req, target, who)) return r;
    const auto seg = segments(path, "/api/mail");
    if (seg.empty()) {
        if (req.method() != http::verb::get) return wrong_method(req, "GET");
        return mail_list_reply(api, req, target, who);
    }
    if (seg.size() == 1 && seg[0] == "import") {
        if (req.method() != http::verb::post) return wrong_method(req, "POST");
        return mail_import_reply(api, req, target, who);
    }
    if (seg.size() == 1 && seg[0] == "outbox") {
        if (req.method() != http::verb::get) return wrong_method(req, "GET");
        return with_home(api, req, who, [&](Person&, companion::Home& home) {
            auto out = companion::mail_outbox(home, true);
            if (!out) return error_reply(req, out.error());
            return json_reply(req, 200, {{"outbox", *out}});
        });
    }
    const auto id = seg.size() <= 2 ? id_of(seg[0]) : std::nullopt;
    if (!id) return no_such_route(req);
    return one_mail(api, req, *id, seg.size() == 2 ? seg[1] : std::string(), who);
}

std::optional<Response> letters_route(Api& api, const Request& req, const Target& target, const SignedIn& who) {
    const std::string& path = target.path;
    if (path != "/api/letters" && path.rfind("/api/letters/", 0) != 0) return std::nullopt;
    return letters_reply(api, req, target, segments(path, "/api/letters"), who);
}

}  // namespace os1::server::skills_routes
