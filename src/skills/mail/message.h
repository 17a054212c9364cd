// A mail message as os1 keeps it: what a person reads (who, to whom, when,
// subject, the text, the attachments' names) and the few headers triage
// needs. Everything in it came from a third party and is DATA: it is shown
// to the person and quoted to the brain inside a marked block
// (untrusted.h), never obeyed.
//
//   auto parsed = parse_message(bytes, ParseLimits{});   // parse.h
//   if (!parsed) report(parsed.error().message);          // "more than 2000 parts", ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace os1::mail {

struct Address {
    std::string name;     // display name, UTF-8 ("" when none)
    std::string address;  // "amy@example.org" ("" for a name without an address)
};

struct Attachment {
    std::string name;       // file name as the sender gave it (decoded; never used as a path)
    std::string mime_type;  // "application/pdf"
    uint64_t size = 0;      // decoded bytes
};

struct MailMessage {
    std::string message_id;         // without <>; "" when the mail has none
    std::string in_reply_to;        // without <>
    std::string references;         // as written
    Address from;
    std::vector<Address> to, cc;
    std::vector<Address> reply_to;
    std::string subject;            // decoded UTF-8
    int64_t date_ms = 0;            // the Date header, 0 when missing or unreadable
    std::string text;               // the readable body, UTF-8 (text/plain preferred, HTML converted)
    bool text_from_html = false;
    std::vector<Attachment> attachments;
    // What triage reads of the headers.
    bool list_unsubscribe = false;  // List-Unsubscribe or List-Id present
    std::string precedence;         // "bulk", "list", "junk" (lower case; "" when absent)
    std::string auto_submitted;     // "auto-generated", ... ("" or "no" = a person)
    size_t n_headers = 0;
    size_t n_parts = 0;
    std::vector<std::string> problems;  // what was odd but survivable ("charset 'x-foo' unknown: read as Latin-1")
    std::string content_hash;       // hex BLAKE2b of the raw bytes (dedupe when there is no Message-ID)
};

// Bounds on what one message may make us do. A mail over a limit is
// rejected with a reason naming it, never half-parsed silently.
struct ParseLimits {
    size_t max_bytes = 32u << 20;      // one message
    size_t max_parts = 500;            // MIME parts, all levels
    size_t max_depth = 24;             // multipart / message/rfc822 nesting
    size_t max_headers = 2000;         // header fields of the top level
    size_t max_text_bytes = 1u << 20;  // body text kept (longer is cut, noted in problems)
};

}  // namespace os1::mail
