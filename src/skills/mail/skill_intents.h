// What the person's message asks of the mail skill, by plain rules. Only
// the person's own message is ever read here, never a mail.
#pragma once

#include <string>
#include <string_view>

namespace os1::mail {

enum class MailAsk { None, Important, From, Summary, Reply, Outbox };

struct MailIntent {
    MailAsk ask = MailAsk::None;
    std::string who;      // "amy", "my sister" (From, Reply)
    std::string request;  // what to say in a reply ("I'll be there at 6"; "" = a plain reply)
    bool today = false;   // "today" was said
};

MailIntent read_intent(std::string_view message);

}  // namespace os1::mail
