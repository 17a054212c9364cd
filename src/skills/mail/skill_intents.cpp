// Intent rules for mail questions. Deliberately narrow: a message that
// does not clearly ask about mail is left to the other skills and the brain.
#include "skills/mail/skill_intents.h"

#include <regex>

#include "core/strings.h"

namespace os1::mail {
namespace {

bool has(const std::string& s, const char* w) { return s.find(w) != std::string::npos; }

bool mentions_mail(const std::string& m) {
    static const std::regex MAIL(R"(\b(e-?mails?|mails?|inbox|mailbox)\b)");
    return std::regex_search(m, MAIL);
}

std::string clean_who(std::string who) {
    who = trim(who);
    for (const char* tail : {"'s", "’s"})
        if (who.ends_with(tail)) who.erase(who.size() - std::string_view(tail).size());
    while (!who.empty() && (who.back() == '?' || who.back() == '.' || who.back() == '!' || who.back() == ',')) who.pop_back();
    return trim(who);
}

// Words that cannot name a correspondent ("answer me", "anything from that?").
bool not_a_person(const std::string& who) {
    static const char* WORDS[] = {"me", "you", "him", "her", "them", "us", "it", "this", "that", "these", "those", "there",
                                  "here", "he", "she", "they", "we", "i", "the", "a", "an", "my", "your", "all", "everyone",
                                  "anyone", "someone", "people", "now", "then", "work", "home", "today", "yesterday"};
    std::string first = who.substr(0, who.find(' '));
    if (who.starts_with("my ") && who.size() > 3) return false;  // "my sister"
    for (const char* w : WORDS)
        if (first == w) return true;
    return false;
}

}  // namespace

MailIntent read_intent(std::string_view message) {
    std::string m = lower(trim(message));
    if (m.size() > 600) return {};
    MailIntent intent;
    intent.today = has(m, "today");

    // "reply to Amy saying I'll be there at 6", "draft a reply to my sister",
    // "write back to Amy: sounds good", "answer Amy's email and say yes".
    static const std::regex REPLY(
        R"(^(?:(?:can|could|would) you |please )?(?:draft |write |send )?(?:a |an )?(?:reply|respond|answer|write back)(?: to)? ((?:my )?[a-z][\w.@'-]*(?: (?!saying\b|to\b|and\b|that\b|say\b|telling\b|tell\b|with\b|about\b|e-?mails?\b|mails?\b|message\b|note\b)[a-z][\w'-]*)?)(?:'s)?(?: (?:e-?mail|mail|message|note))?(?:(?:,| and)? (?:saying|to say|telling (?:him|her|them)|tell (?:him|her|them)|say|that)|:| -)?\s*(.*)$)");
    std::smatch match;
    std::string body = m;
    if (std::regex_match(body, match, REPLY)) {
        std::string who = clean_who(match[1].str());
        // "reply to my sister" keeps "my sister"; one trailing word that is
        // really the start of the request ("reply to amy saying") is cut by the regex.
        if (who.empty() || not_a_person(who)) return {};
        // "answer"/"respond" alone is everyday talk ("answer honestly"); with them a mail must be named.
        bool reply_verb = m.starts_with("reply") || m.find("reply to") != std::string::npos || m.find("write back") != std::string::npos;
        if (!reply_verb && !mentions_mail(m)) return {};
        intent.ask = MailAsk::Reply;
        intent.who = who;
        // The request keeps the person's own casing.
        std::string original(trim(message));
        size_t at = match.position(2);
        intent.request = at < original.size() ? trim(std::string_view(original).substr(at)) : std::string();
        return intent;
    }
    if (has(m, "outbox")) {
        intent.ask = MailAsk::Outbox;
        return intent;
    }
    bool mail = mentions_mail(m);
    // "any mail from Amy?", "emails from my sister", "did Amy email me?", "has Amy written?"
    static const std::regex FROM(R"(\b(?:e-?mails?|mails?|messages?|anything|something|news)\b.*?\bfrom ((?:my )?[a-z][\w.@'-]*(?: (?!today\b|yesterday\b|this\b|last\b)[a-z][\w'-]*)?)(?:\s+(?:today|yesterday|this week|this morning|lately|recently))?\s*[?.!]*$)");
    static const std::regex WROTE(R"(^(?:did|has) ((?:my )?[a-z][\w.@'-]*) (?:e-?mail(?:ed)?|mail(?:ed)?|write|written|wrote|replied|reply|answered)\b)");
    if ((mail || has(m, "anything from") || has(m, "something from")) && std::regex_search(m, match, FROM)) {
        std::string who = clean_who(match[1].str());
        if (who.size() >= 2 && !not_a_person(who)) {
            intent.ask = MailAsk::From;
            intent.who = who;
            return intent;
        }
    }
    if (std::regex_search(m, match, WROTE) && !not_a_person(clean_who(match[1].str()))) {
        intent.ask = MailAsk::From;
        intent.who = clean_who(match[1].str());
        return intent;
    }
    // "anything important today?", "any important mail?", "what needs my attention in my inbox?"
    bool important = has(m, "important") || has(m, "urgent") || has(m, "need my attention") || has(m, "needs my attention");
    if (important && (mail || m.starts_with("anything important") || m.starts_with("is there anything important") ||
                      m.starts_with("any important"))) {
        intent.ask = MailAsk::Important;
        return intent;
    }
    if (mail && (has(m, "summar") || has(m, "what's in") || has(m, "what is in") || has(m, "catch me up") ||
                 has(m, "new mail") || has(m, "any mail") || has(m, "any email") || has(m, "check my") ||
                 has(m, "read me") || has(m, "go through"))) {
        intent.ask = MailAsk::Summary;
        return intent;
    }
    return intent;
}

}  // namespace os1::mail
