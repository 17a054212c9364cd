// The life skills' /api routes (issue 17 through the web, issue 15): the
// pieces the route files share. Every route works on the signed-in
// person's own Home under their mutex; nothing takes an owner from the
// request. Changes that have a side effect outside the person's own lists
// (a reminder set, an event added, a mail sent) are only proposed here and
// run after POST /api/proposals/{id}/yes (Home::answer_proposal).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/api.h"

namespace os1::server::skills_routes {

// The path after `prefix`, split at '/': "/api/mail/12/draft" -> {"12", "draft"}.
std::vector<std::string> segments(const std::string& path, std::string_view prefix);
// A positive id from a path segment, or nullopt.
std::optional<int64_t> id_of(const std::string& segment);

Response wrong_method(const Request& req, std::string_view allowed);
Response no_such_route(const Request& req);
// A download: `type`, `file_name` as an attachment, the bytes.
Response download(const Request& req, std::string_view type, std::string_view file_name, std::string bytes);
// A string field of a JSON body ("" when absent); Error::invalid when not text
// or longer than `max_bytes` (OutOfRange).
Result<std::string> text_field(const Json& body, const char* name, size_t max_bytes);
// A proposal stored for the person's yes: 201 {"proposal", "question", ...extra}.
Response proposed(const Request& req, companion::Home& home, skills::Proposal proposal, Json extra = Json::object());

// The route groups (nullopt: not theirs).
std::optional<Response> mail_route(Api& api, const Request& req, const Target& target, const SignedIn& who);
// The mail account and reading it now (routes_skills_account.cpp); mail_route asks it first.
std::optional<Response> mail_account_route(Api& api, const Request& req, const Target& target, const SignedIn& who);
std::optional<Response> letters_route(Api& api, const Request& req, const Target& target, const SignedIn& who);

}  // namespace os1::server::skills_routes
