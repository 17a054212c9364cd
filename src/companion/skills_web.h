// The life skills' use cases a front end reaches with uploads and forms
// rather than file paths and a terminal (the web app, issue 17 and 15):
// a calendar or mail sent as text, a reply to a mail proposed for a yes,
// the book of letters as PDF bytes. Free functions over a Home, like
// calendar.h, mail.h and letters.h, which they build on.
//
//   auto added = TRY(calendar_import_text(*home, ics_text, "work.ics"));
//   skills::Proposal p = TRY(home->propose(TRY(mail_send_proposal(*home, 12, "See you at 6."))));
//   std::string pdf = TRY(book_pdf(*home, {.all = true}));
//
// Uploads are third-party text: stored and shown as data, never obeyed;
// nothing here makes a proposal from their words or runs one.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "companion/calendar.h"
#include "companion/letters.h"
#include "companion/mail.h"

namespace os1::companion {

// Uploads larger than this are refused (Error::out_of_range).
inline constexpr size_t MAX_UPLOAD_BYTES = 1u << 20;

// An .ics text as a stored calendar named `name` (a file name; made safe).
Result<CalendarImported> calendar_import_text(Home& home, const std::string& text, const std::string& name);

// One message (.eml) or an mbox, as text: stored like `os1 mail import`.
Result<MailImportReport> mail_import_text(Home& home, const std::string& text, const std::string& name,
                                          const std::function<void(const MailImportItem&)>& each);

// A reply to mail `mail_id` as the person wrote (or accepted) it, as a
// proposal for Home::propose (to the sender, "Re: ..."): sent only after
// their yes. `body` must not be empty.
Result<skills::Proposal> mail_send_proposal(Home& home, int64_t mail_id, const std::string& body);

// The book (letters.h make_book) as PDF bytes; nothing is left on disk.
Result<std::string> book_pdf(Home& home, BookRequest request);

}  // namespace os1::companion
