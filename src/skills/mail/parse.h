// Parsing one mail message (RFC 5322 + MIME) with GMime 3 into a
// MailMessage: headers decoded (RFC 2047, any charset) to UTF-8, transfer
// encodings (base64, quoted-printable, 7/8bit) undone, each text part's
// charset converted to UTF-8 (an unknown or lying charset is read as
// Latin-1 and noted in `problems`), text/plain preferred and HTML turned
// into plain text (html_text.h, hidden text left out), attachments listed
// by name, type and size (never opened, never written to disk).
//
// Limits (ParseLimits) are checked before GMime sees the bytes where that
// is possible (size, a bound on nesting) and while walking the parts; a
// message over one is an Error::out_of_range naming the limit. Bytes with
// no mail header at all (a PDF, a licence text) are Error::invalid.
//
// Thread safety: any thread; GMime is initialised once (std::call_once).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "skills/mail/message.h"

namespace os1::mail {

// g_mime_init, once per process (thread-safe; parse_message calls it).
void ensure_gmime();

Result<MailMessage> parse_message(std::string_view raw, const ParseLimits& limits = {});

// Hex BLAKE2b-256 of the bytes (the dedupe key of a mail without Message-ID).
std::string content_hash(std::string_view raw);

// One message of an mbox file: where it starts (1-based line) and its bytes.
struct MboxEntry {
    size_t line = 0;
    std::string_view raw;
};
// Splits an mbox file at its "From " separator lines (a line starting
// "From " at the start of the file or after an empty line). The separator
// line itself is dropped. Returns false when the data does not start like
// an mbox file.
bool split_mbox(std::string_view data, const std::function<void(const MboxEntry&)>& each);
bool looks_like_mbox(std::string_view data);

}  // namespace os1::mail
