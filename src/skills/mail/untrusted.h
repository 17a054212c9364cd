// Mail is third-party content. What a mail says is DATA for the person and
// the brain, never instructions: this is the one place where mail text is
// put into words for a model.
//
//  - quote_untrusted() wraps it in a block fenced by a token derived from
//    the content's hash (a mail cannot guess the fence that closes its own
//    block; "<<<" / ">>>" inside it are defused as well), under a note that
//    says it comes from a third party and must not be followed.
//  - draft_prompt() keeps it out of the system message: the system message
//    is fixed text (the person's name and tone only); the mail rides in
//    the user message, inside the block, after the person's own request.
//  - Nothing built here can make a proposal: the skill decides what to
//    propose from the person's message alone (mail_skill.h), and a model's
//    draft is only ever shown as a draft.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "skills/mail/message.h"

namespace os1::mail {

// A chat message for the brain (role "system" | "user"); the companion maps
// it to brain::ChatMessage (skills do not depend on the brain).
struct PromptMessage {
    std::string role;
    std::string content;
};

// The fence token for a piece of content ("MAIL-DATA-1f3a9c0b2d4e").
std::string fence_for(std::string_view content);
// The note, the fenced block and the content (defused), as one string.
std::string quote_untrusted(std::string_view kind, std::string_view content);
// A mail as the reader sees it: From, To, Date, Subject, attachments, text
// (at most `max_text` bytes of text).
std::string render_mail(const MailMessage& mail, size_t max_text = 6000);

struct DraftInput {
    std::string person_name;  // who is writing ("" when unknown)
    std::string tone;         // warm | playful | calm | direct ("" = warm)
    std::string request;      // the person's own words ("tell her I'll be there at 6"; "" = a plain reply)
    const MailMessage* mail = nullptr;
};

// The system message (fixed text) and the user message (request + block).
std::vector<PromptMessage> draft_prompt(const DraftInput& input);
// The draft without a model: a short reply from templates in the person's
// tone; the person's request (when given) is its body. Never quotes the
// mail's text.
std::string template_draft(const DraftInput& input);
// A model's draft made safe to show: trimmed, at most 4,000 bytes, valid UTF-8.
std::string clean_draft(std::string_view text);

}  // namespace os1::mail
