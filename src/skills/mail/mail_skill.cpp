// The mail skill: answers from the store, proposes sending, runs the yes.
#include "skills/mail/mail_skill.h"

#include <algorithm>

#include "core/files.h"
#include "core/strings.h"
#include "core/text.h"
#include "skills/mail/skill_intents.h"

namespace os1::mail {
namespace {

constexpr int64_t DAY_MS = 24 * 3600 * 1000LL;
constexpr size_t SHOW = 5;  // mails named in one reply

int64_t now_of(const skills::Context& c) { return (c.clock ? *c.clock : static_cast<const Clock&>(SystemClock::instance())).wall_ms(); }

// A subject as said back: one line, quoted, short.
std::string said_subject(const MailMessage& m) {
    if (m.subject.empty()) return "(no subject)";
    return "\"" + for_terminal(escape_capped(m.subject, 70)) + "\"";
}

std::string plural(size_t n, const char* one, const char* many) { return str(n, " ", n == 1 ? one : many); }

// "my sister" -> the known person's name; "Amy" stays.
std::string resolve_who(const std::string& who, const Person& person, bool* unknown_relation) {
    *unknown_relation = false;
    if (!who.starts_with("my ")) return who;
    std::string relation = who.substr(3);
    for (const auto& k : person.known)
        if (lower(k.relation) == relation) return k.name;
    *unknown_relation = true;
    return relation;
}

Result<std::vector<StoredMail>> from_sender(MailStore& store, const std::string& who) {
    ListQuery query;
    query.limit = 2000;
    auto all = TRY(store.list(query));
    std::vector<StoredMail> out;
    for (auto& m : all)
        if (sender_matches(m.message, who)) out.push_back(std::move(m));
    return out;
}

std::string mail_line(const StoredMail& m, const Importance* verdict) {
    std::string line = str("- [", m.id, "] ", for_terminal(escape_capped(sender_label(m.message), 40)), ": ", said_subject(m.message));
    if (verdict && !verdict->reasons.empty()) {
        line += " (";
        for (size_t i = 0; i < verdict->reasons.size(); ++i) line += (i ? "; " : "") + verdict->reasons[i];
        line += ")";
    }
    return line;
}

}  // namespace

Result<std::optional<skills::Reply>> MailSkill::answer(const skills::Context& context, std::string_view message) {
    MailIntent intent = read_intent(message);
    if (intent.ask == MailAsk::None) return std::optional<skills::Reply>();
    auto store = TRY(open_mail_store(context));
    Person who_am_i = person();
    int64_t now = now_of(context);
    skills::Reply reply;
    Json mails = Json::array();

    if (intent.ask == MailAsk::Outbox) {
        auto waiting = TRY(store->outbox(false));
        for (const auto& e : waiting) mails.push_back(outbox_json(e));
        reply.text = waiting.empty() ? "Your outbox is empty: nothing is waiting to be sent."
                                     : str(plural(waiting.size(), "mail is", "mails are"), " waiting in your outbox.");
        reply.data = Json{{"outbox", mails}};
        return std::optional<skills::Reply>(std::move(reply));
    }

    if (intent.ask == MailAsk::Reply) {
        bool unknown = false;
        std::string who = resolve_who(intent.who, who_am_i, &unknown);
        if (unknown) {
            reply.text = str("I don't know who your ", who, " is yet. Tell me their name and I'll find their mail.");
            return std::optional<skills::Reply>(std::move(reply));
        }
        auto theirs = TRY(from_sender(*store, who));
        if (theirs.empty()) {
            reply.text = str("I can't find any mail from ", for_terminal(escape_capped(who, 40)), " to reply to.");
            return std::optional<skills::Reply>(std::move(reply));
        }
        return std::optional<skills::Reply>(TRY(propose_reply(context, m_options, theirs.front(), intent.request)));
    }

    if (intent.ask == MailAsk::From) {
        bool unknown = false;
        std::string who = resolve_who(intent.who, who_am_i, &unknown);
        if (unknown) {
            reply.text = str("I don't know who your ", who, " is yet, so I can't tell which mail is theirs.");
            return std::optional<skills::Reply>(std::move(reply));
        }
        auto theirs = TRY(from_sender(*store, who));
        std::string name = for_terminal(escape_capped(who, 40));
        if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        if (theirs.empty()) {
            reply.text = str("No mail from ", name, ".");
        } else {
            reply.text = str("Yes: ", plural(theirs.size(), "mail", "mails"), " from ", name, ", the newest first:");
            for (size_t i = 0; i < theirs.size() && i < SHOW; ++i) {
                reply.text += "\n" + mail_line(theirs[i], nullptr);
                std::string g = gist(theirs[i].message, 120);
                if (!g.empty()) reply.text += "\n  " + for_terminal(g);
            }
        }
        for (const auto& m : theirs) mails.push_back(stored_json(m, who_am_i, false));
        reply.data = Json{{"mails", mails}};
        return std::optional<skills::Reply>(std::move(reply));
    }

    // Important / Summary: the recent mail, judged by the triage rules.
    int64_t since = now - (intent.today ? DAY_MS : 7 * DAY_MS);
    ListQuery query;
    query.limit = 500;
    query.since_ms = since;
    auto recent = TRY(store->list(query));
    std::vector<std::pair<const StoredMail*, Importance>> judged;
    for (const auto& m : recent) judged.emplace_back(&m, assess(m.message, who_am_i));
    std::string when = intent.today ? "today" : "this week";
    if (intent.ask == MailAsk::Important) {
        std::vector<std::pair<const StoredMail*, Importance>> important;
        size_t bulk = 0;
        for (auto& j : judged) {
            if (j.second.important) important.push_back(j);
            bulk += j.second.bulk ? 1 : 0;
        }
        if (recent.empty()) {
            reply.text = str("No mail ", when, ".");
        } else if (important.empty()) {
            reply.text = str("Nothing important ", when, ": ", plural(recent.size(), "mail", "mails"),
                             bulk ? str(", ", bulk, " of them newsletters or automatic") : std::string(), ".");
        } else {
            reply.text = str(important.size() == 1 ? "One mail" : str(important.size(), " mails"), " ",
                             important.size() == 1 ? "looks" : "look", " important ", when, ":");
            for (size_t i = 0; i < important.size() && i < SHOW; ++i)
                reply.text += "\n" + mail_line(*important[i].first, &important[i].second);
            if (recent.size() > important.size())
                reply.text += str("\n(", recent.size() - important.size(), " other ", recent.size() - important.size() == 1 ? "mail" : "mails", ".)");
        }
        for (auto& j : important) mails.push_back(stored_json(*j.first, who_am_i, false));
    } else {
        if (recent.empty()) {
            reply.text = str("No mail ", when, ".");
        } else {
            reply.text = str(plural(recent.size(), "mail", "mails"), " ", when, ":");
            for (size_t i = 0; i < judged.size() && i < 2 * SHOW; ++i) {
                reply.text += "\n" + mail_line(*judged[i].first, judged[i].second.bulk ? nullptr : &judged[i].second);
                std::string g = gist(judged[i].first->message, 100);
                if (!g.empty() && !judged[i].second.bulk) reply.text += "\n  " + for_terminal(g);
            }
        }
        for (auto& j : judged) mails.push_back(stored_json(*j.first, who_am_i, false));
    }
    reply.data = Json{{"mails", mails}};
    return std::optional<skills::Reply>(std::move(reply));
}

Result<skills::Reply> propose_reply(const skills::Context& context, const MailSkillOptions& options,
                                    const StoredMail& mail, const std::string& request) {
    Person who_am_i = options.person ? options.person() : Person{};
    DraftInput input{who_am_i.name, options.tone, request, &mail.message};
    std::string draft;
    bool from_model = false;
    if (options.writer) {
        auto written = options.writer(draft_prompt(input));
        if (written && !trim(*written).empty()) {
            draft = clean_draft(*written);
            from_model = true;
        }
    }
    if (draft.empty()) draft = template_draft(input);
    const Address& to = mail.message.from;
    skills::Reply reply;
    if (to.address.empty() || !check_address(to.address)) {
        reply.text = str("Here is a draft, but that mail has no address I can reply to:\n\n", draft);
        reply.data = Json{{"draft", draft}, {"mail_id", mail.id}};
        return reply;
    }
    std::string subject = mail.message.subject;
    if (!lower(subject).starts_with("re:")) subject = "Re: " + subject;
    OutgoingMail out{{Address{to.name, to.address}}, subject, draft, mail.message.message_id, mail.message.references};
    skills::Proposal p;
    p.skill = "mail";
    p.action = "send";
    p.summary = str("send your reply to ", escape_capped(to.name.empty() ? to.address : to.name, 40), " <", to.address,
                    "> (", escape_capped(subject, 60), ")");
    p.payload = outgoing_json(out);
    p.payload["mail_id"] = mail.id;
    p.conversation = context.conversation;
    reply.text = str("Here is a draft reply to ", for_terminal(escape_capped(sender_label(mail.message), 40)), " <",
                     to.address, ">:\n\n", for_terminal(draft), "\n\nShall I send it?");
    reply.data = Json{{"draft", draft}, {"mail_id", mail.id}, {"to", address_json(to)}, {"from_model", from_model}};
    reply.proposal = std::move(p);
    return reply;
}

Result<Json> MailSkill::run(const skills::Context& context, const skills::Proposal& proposal) {
    if (proposal.action != "send") return Error::unsupported("the mail skill cannot '", proposal.action, "'");
    OutgoingMail out = outgoing_from_json(proposal.payload);
    if (out.to.empty()) return Error::invalid("the proposal names no recipient");
    for (const auto& to : out.to) TRY(check_address(to.address));
    auto store = TRY(open_mail_store(context));
    int64_t id = TRY(store->queue(out, proposal.id, now_of(context)));
    Json result{{"outbox_id", id}, {"status", "queued"}};
    auto account = TRY(store->account());
    if (account && !account->smtp_url.empty()) {
        store.reset();  // deliver_outbox opens its own
        auto delivered = deliver_outbox(context, m_options.transport, id);
        if (delivered && delivered->sent == 1) result["status"] = "sent";
        else if (delivered && !delivered->errors.empty()) result["error"] = delivered->errors.front();
        else if (!delivered) result["error"] = delivered.error().message;
    }
    return result;
}

Result<void> MailSkill::undo(const skills::Context& context, const skills::Proposal& proposal) {
    auto it = proposal.result.find("outbox_id");
    if (it == proposal.result.end() || !it->is_number_integer()) return Error::invalid("nothing of this proposal is in the outbox");
    auto store = TRY(open_mail_store(context));
    return store->withdraw(it->get<int64_t>());
}

}  // namespace os1::mail
