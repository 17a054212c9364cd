// Which mail matters, by plain deterministic rules (no model): a mail
// from someone the person knows (memory's relations: "my sister Amy"),
// sent to them directly or greeting them by name, or naming a date or a
// deadline, counts; bulk mail (List-Unsubscribe / List-Id, Precedence:
// bulk|list|junk, Auto-Submitted, no-reply senders) never does. Each
// verdict carries its reasons in plain words ("from Amy, your sister").
//
// Text of the mail is only matched against, never followed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "skills/mail/message.h"

namespace os1::mail {

struct KnownPerson {
    std::string name;      // "Amy"
    std::string relation;  // "sister" ("" when unknown)
    std::string address;   // "" when unknown
};

// Who the mail is for, as far as triage needs to know.
struct Person {
    std::string name;                     // first name or full name ("" when unknown)
    std::vector<std::string> addresses;   // the person's own addresses (lower case)
    std::vector<KnownPerson> known;       // the people in their life
};

struct Importance {
    bool important = false;
    bool bulk = false;
    int score = 0;
    std::vector<std::string> reasons;  // "from Amy, your sister", "sent to you directly", "mentions a deadline"
    const KnownPerson* known = nullptr;  // the sender, when the person knows them (points into Person::known)
};

Importance assess(const MailMessage& mail, const Person& person);

bool is_bulk(const MailMessage& mail);
// Whether the text names a date, a time limit or an urgency ("by Friday",
// "deadline", "due on the 12th", "tomorrow at 10").
bool mentions_deadline(std::string_view text);
// The known person matching the sender (by address, then by a name word).
const KnownPerson* known_sender(const MailMessage& mail, const Person& person);
// Whether `who` ("Amy", "amy@x.org") names the sender of `mail`.
bool sender_matches(const MailMessage& mail, std::string_view who);

// The mail's gist in at most `max_chars` characters: its first sentences,
// without quoted replies, "On ... wrote:" lines or the signature.
std::string gist(const MailMessage& mail, size_t max_chars = 160);
// "Amy Pond" / "amy@example.org" / "someone".
std::string sender_label(const MailMessage& mail);

}  // namespace os1::mail
