// The mail use cases over a Home: the skills context of its owner, the
// person as triage sees them (persona + memory's relations, read only),
// and drafting with the brain when there is one.
#include "companion/mail.h"

#include <cstdlib>

#include "brain/brain.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/strings.h"
#include "persona/persona.h"
#include "skills/desk.h"
#include "skills/mail/account.h"
#include "skills/mail/mail_skill.h"
#include "skills/mail/secrets.h"

namespace os1::companion {
namespace {

skills::Context context_of(const Home& home) {
    skills::Context c;
    c.owner = home.owner();
    c.dir = skills_dir(home);
    c.clock = &SystemClock::instance();
    return c;
}

// Who the mail is for: the name from persona.toml, the account's address,
// and the people memory knows of (relations the person told us about).
mail::Person person_of(Home& home) {
    mail::Person p;
    if (auto setup = persona::load_setup(home.persona_file())) p.name = setup->profile.name;
    if (auto store = mail::open_mail_store(context_of(home)))
        if (auto account = (*store)->account(); account && *account && !(*account)->from_address.empty())
            p.addresses.push_back(lower((*account)->from_address));
    if (auto facts = home.facts(false)) {
        for (const auto& f : *facts) {
            if (f.kind != memory::FactKind::Relation || f.value.empty()) continue;
            if (!f.subject.empty() && f.subject != "user") continue;
            std::string relation = f.key.starts_with("relation:") ? f.key.substr(9) : f.key;
            relation = relation.substr(0, relation.find(':'));
            p.known.push_back({f.value, relation, ""});
        }
    }
    return p;
}

std::string tone_of(const Home& home) {
    auto setup = persona::load_setup(home.persona_file());
    return setup ? std::string(persona::tone_name(setup->persona.tone)) : std::string("warm");
}

// Drafts through the brain when the Home is awake with a model.
mail::DraftWriter brain_writer(Home* home) {
    return [home](const std::vector<mail::PromptMessage>& prompt) -> Result<std::string> {
        brain::Brain& brain = home->brain();
        if (!brain.available()) return Error::unsupported(brain.unavailable_reason());
        brain::ChatRequest request;
        for (const auto& m : prompt) request.messages.push_back({m.role, m.content});
        request.max_tokens = 300;
        request.temperature = 0.5f;
        auto result = TRY(brain.chat(request, [](std::string_view) { return true; }, nullptr));
        return result.text;
    };
}

mail::MailSkillOptions skill_options(Home& home, bool with_brain) {
    mail::MailSkillOptions o;
    Home* h = &home;
    o.person = [h] { return person_of(*h); };
    o.tone = tone_of(home);
    if (with_brain) o.writer = brain_writer(h);
    return o;
}

}  // namespace

std::filesystem::path skills_dir(const Home& home) { return home.files().data_dir / "skills"; }

Result<MailImportReport> mail_import(Home& home, const std::filesystem::path& path,
                                     const std::function<void(const MailImportItem&)>& each) {
    auto report = TRY(mail::import_mail(context_of(home), path, mail::ParseLimits{},
                                        [&](const mail::SourceItem& item, bool added) {
                                            if (!each) return;
                                            each(MailImportItem{item.where, added, item.message && !added, item.reason});
                                        }));
    return MailImportReport{report.files, report.parsed, report.added, report.duplicates, report.rejected};
}

Result<MailImportReport> mail_fetch(Home& home, size_t max_messages, const std::function<void(const MailImportItem&)>& each) {
    auto report = TRY(mail::import_account(context_of(home), mail::ParseLimits{}, max_messages,
                                        [&](const mail::SourceItem& item, bool added) {
                                            if (!each) return;
                                            each(MailImportItem{item.where, added, item.message && !added, item.reason});
                                        }));
    return MailImportReport{report.files, report.parsed, report.added, report.duplicates, report.rejected};
}

Result<Json> mail_list(Home& home, const MailListOptions& options) {
    auto store = TRY(mail::open_mail_store(context_of(home)));
    mail::ListQuery query;
    query.limit = options.important ? 5000 : options.limit;
    query.from = options.from;
    auto mails = TRY(store->list(query));
    mail::Person person = person_of(home);
    Json out = Json::array();
    for (const auto& m : mails) {
        Json j = mail::stored_json(m, person, false);
        if (options.important && !j["important"].get<bool>()) continue;
        out.push_back(std::move(j));
        if (out.size() >= options.limit) break;
    }
    return out;
}

Result<Json> mail_show(Home& home, int64_t id) {
    auto store = TRY(mail::open_mail_store(context_of(home)));
    auto mail = TRY(store->get(id));
    if (!mail) return Error::not_found("no mail with id ", id, " ('os1 mail list' shows the ids)");
    return mail::stored_json(*mail, person_of(home), true);
}

Result<Json> mail_outbox(Home& home, bool include_sent) {
    auto store = TRY(mail::open_mail_store(context_of(home)));
    Json out = Json::array();
    for (const auto& e : TRY(store->outbox(include_sent))) out.push_back(mail::outbox_json(e));
    return out;
}

Result<void> mail_account_set(Home& home, const MailAccountSettings& s) {
    skills::Context c = context_of(home);
    auto store = TRY(mail::open_mail_store(c));
    mail::Account account = TRY(store->account()).value_or(mail::Account{});
    if (s.replace) {
        // The web form: every field as given (the password alone is kept when left empty).
        std::string sealed = account.password_sealed;
        account = mail::Account{s.smtp_url, s.imap_url, s.user, lower(s.from_address), s.from_name, sealed, s.path};
    } else {
        if (!s.smtp_url.empty()) account.smtp_url = s.smtp_url;
        // One way of reading: a new IMAP mailbox replaces a path, a new path the mailbox.
        if (!s.imap_url.empty()) {
            account.imap_url = s.imap_url;
            account.path.clear();
        }
        if (!s.path.empty()) {
            account.path = s.path;
            account.imap_url.clear();
        }
        if (!s.user.empty()) account.user = s.user;
        if (!s.from_address.empty()) account.from_address = lower(s.from_address);
        if (!s.from_name.empty()) account.from_name = s.from_name;
    }
    store.reset();
    return mail::set_account(c, account, s.password);
}

Result<Json> mail_account_show(Home& home) {
    auto store = TRY(mail::open_mail_store(context_of(home)));
    auto account = TRY(store->account());
    if (!account) return Json::object();
    const char* env = std::getenv(mail::PASSWORD_ENV);
    std::string password = env && *env ? "environment" : account->password_sealed.empty() ? "none" : "sealed";
    const std::string reads = !account->path.empty() ? "path" : !account->imap_url.empty() ? "imap" : "none";
    return Json{{"smtp", account->smtp_url}, {"imap", account->imap_url}, {"path", account->path},
                {"reads", reads},            {"user", account->user},     {"from", account->from_address},
                {"name", account->from_name}, {"password", password}};
}

Result<bool> mail_account_remove(Home& home) { return mail::remove_account(context_of(home)); }

Result<Json> mail_account_test(Home& home) {
    auto checks = TRY(mail::test_account(context_of(home)));
    Json list = Json::array();
    bool ok = !checks.empty();
    for (const auto& check : checks) {
        list.push_back(check.to_json());
        ok = ok && check.ok;
    }
    return Json{{"ok", ok}, {"checks", list}};
}

Result<MailDraft> mail_reply_draft(Home& home, int64_t mail_id, const std::string& request, bool use_model) {
    skills::Context c = context_of(home);
    auto store = TRY(mail::open_mail_store(c));
    auto mail = TRY(store->get(mail_id));
    if (!mail) return Error::not_found("no mail with id ", mail_id, " ('os1 mail list' shows the ids)");
    store.reset();
    bool with_brain = false;
    if (use_model) with_brain = home.wake(brain::BrainFlags{}, true).ok() && home.brain().available();
    auto reply = TRY(mail::propose_reply(c, skill_options(home, with_brain), *mail, request));
    MailDraft draft;
    draft.mail_id = mail_id;
    draft.text = reply.data.value("draft", "");
    draft.from_model = reply.data.value("from_model", false);
    const auto& from = mail->message.from;
    draft.to = from.name.empty() ? from.address : str(from.name, " <", from.address, ">");
    if (!reply.proposal) return Error::invalid("mail ", mail_id, " has no address to reply to");
    draft.subject = reply.proposal->payload.value("subject", "");
    draft.proposal = Json{{"skill", reply.proposal->skill}, {"action", reply.proposal->action},
                          {"summary", reply.proposal->summary}, {"payload", reply.proposal->payload}};
    return draft;
}

Result<Json> mail_reply_send(Home& home, const MailDraft& draft) {
    skills::Context c = context_of(home);
    TRY(ensure_private_dir(c.dir));
    auto desk = TRY(skills::Desk::open(c.dir, c.owner));
    desk->add(make_mail_skill(home));
    skills::Proposal p;
    p.skill = "mail";
    p.action = "send";
    p.summary = draft.proposal.value("summary", "");
    p.payload = draft.proposal.value("payload", Json::object());
    p.payload["body"] = draft.text;  // the draft as the person accepted it
    auto done = TRY(desk->propose_and_run(c, std::move(p)));
    Json out{{"proposal_id", done.id}, {"status", done.status}};
    if (done.result.is_object())
        for (auto it = done.result.begin(); it != done.result.end(); ++it)
            if (it.key() != "status") out[it.key()] = it.value();
    if (done.result.contains("status")) out["mail_status"] = done.result["status"];
    if (!done.error.empty()) out["error"] = done.error;
    return out;
}

Result<MailSendReport> mail_send_outbox(Home& home) {
    auto report = TRY(mail::deliver_outbox(context_of(home), nullptr));
    return MailSendReport{report.sent, report.failed, report.errors};
}

std::unique_ptr<skills::Skill> make_mail_skill(Home& home, bool with_brain) {
    return std::make_unique<mail::MailSkill>(skill_options(home, with_brain));
}

}  // namespace os1::companion
