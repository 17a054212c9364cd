// The store (dedupe, restarts), triage rules, and the skill's answers:
// triage, mail from someone, summaries, replies proposed and sent only
// after a yes through the desk.
#include <gtest/gtest.h>

#include "mail_test_support.h"
#include "skills/desk.h"
#include "skills/mail/parse.h"
#include "skills/mail/skill_intents.h"

namespace os1::mail {
namespace {

using test::simple_mail;

Person sam() {
    Person p;
    p.name = "Sam";
    p.addresses = {"sam@example.org"};
    p.known = {{"Amy", "sister", ""}, {"Rachel", "friend", ""}};
    return p;
}

MailMessage parsed(const std::string& raw) {
    auto m = parse_message(raw);
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? *m : MailMessage{};
}

TEST(MailStore, DuplicatesAreStoredOnceAndEverythingSurvivesAReopen) {
    os1::test::TempDir dir;
    {
        auto store = MailStore::open(dir / "mail.db");
        ASSERT_TRUE(store.ok());
        auto a = (*store)->add(parsed(simple_mail("amy@example.org", "hi", "x", "same@id")), "a.eml", test::NOW_MS);
        auto b = (*store)->add(parsed(simple_mail("amy@example.org", "hi again", "y", "same@id")), "b.eml", test::NOW_MS);
        auto c = (*store)->add(parsed(simple_mail("bob@example.org", "no id", "z")), "c.eml", test::NOW_MS);
        auto d = (*store)->add(parsed(simple_mail("bob@example.org", "no id", "z")), "d.eml", test::NOW_MS);
        ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
        EXPECT_TRUE(a->added);
        EXPECT_FALSE(b->added);
        EXPECT_EQ(a->id, b->id);
        EXPECT_TRUE(c->added);
        EXPECT_FALSE(d->added);  // same bytes, no Message-ID
        ASSERT_TRUE((*store)->queue(OutgoingMail{{{"Amy", "amy@example.org"}}, "Re: hi", "yes!", "same@id", ""}, 7, test::NOW_MS).ok());
    }
    auto store = MailStore::open(dir / "mail.db");
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(*(*store)->count(), 2u);
    auto got = (*store)->get(1);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ((*got)->message.subject, "hi");
    EXPECT_EQ((*got)->source, "a.eml");
    auto outbox = (*store)->outbox(false);
    ASSERT_TRUE(outbox.ok());
    ASSERT_EQ(outbox->size(), 1u);
    EXPECT_EQ((*outbox)[0].status, "queued");
    EXPECT_EQ((*outbox)[0].proposal_id, 7);
    EXPECT_TRUE((*store)->withdraw((*outbox)[0].id).ok());
    EXPECT_TRUE((*store)->outbox(true)->empty());
}

TEST(MailTriage, PeopleYouKnowDatesAndDirectMailCountBulkNeverDoes) {
    Person p = sam();
    auto sister = assess(parsed(simple_mail("Amy Pond <amy.pond@example.org>", "hello", "How are you?")), p);
    EXPECT_TRUE(sister.important);
    ASSERT_FALSE(sister.reasons.empty());
    EXPECT_EQ(sister.reasons[0], "from Amy, your sister");

    auto deadline = assess(parsed(simple_mail("Pat <pat@work.example>", "report", "Could you send the report by Friday?")), p);
    EXPECT_TRUE(deadline.important);  // sent to Sam directly + a deadline

    auto stranger = assess(parsed(simple_mail("Pat <pat@work.example>", "hello", "Just saying hello.")), p);
    EXPECT_FALSE(stranger.important);

    auto newsletter = assess(parsed(simple_mail("Amy's Shop <news@shop.example>", "Sale ends tomorrow!", "Deadline: buy by Friday",
                                                "", "List-Unsubscribe: <mailto:unsub@shop.example>\n")),
                             p);
    EXPECT_FALSE(newsletter.important);
    EXPECT_TRUE(newsletter.bulk);
    auto bulk = assess(parsed(simple_mail("Amy <amy@example.org>", "digest", "due tomorrow", "", "Precedence: bulk\n")), p);
    EXPECT_FALSE(bulk.important);
    auto robot = assess(parsed(simple_mail("Bank <noreply@bank.example>", "statement", "due by Friday")), p);
    EXPECT_TRUE(robot.bulk);

    EXPECT_TRUE(mentions_deadline("the deadline is near"));
    EXPECT_TRUE(mentions_deadline("can we meet on 12 December?"));
    EXPECT_TRUE(mentions_deadline("please reply before 5pm"));
    EXPECT_FALSE(mentions_deadline("lovely weather, thinking of you"));
}

TEST(MailIntents, ThePersonsQuestionsAreReadAndOthersLeftAlone) {
    EXPECT_EQ(read_intent("anything important today?").ask, MailAsk::Important);
    EXPECT_TRUE(read_intent("anything important today?").today);
    EXPECT_EQ(read_intent("Any important emails?").ask, MailAsk::Important);
    auto from = read_intent("any mail from Amy?");
    EXPECT_EQ(from.ask, MailAsk::From);
    EXPECT_EQ(from.who, "amy");
    EXPECT_EQ(read_intent("did my sister email me?").who, "my sister");
    EXPECT_EQ(read_intent("Summarise my inbox").ask, MailAsk::Summary);
    auto reply = read_intent("Reply to Amy saying I'll be there at 6");
    EXPECT_EQ(reply.ask, MailAsk::Reply);
    EXPECT_EQ(reply.who, "amy");
    EXPECT_EQ(reply.request, "I'll be there at 6");
    EXPECT_EQ(read_intent("draft a reply to my sister").who, "my sister");
    EXPECT_EQ(read_intent("what's in my outbox?").ask, MailAsk::Outbox);
    for (const char* other : {"remind me to call Amy", "I had lunch with Amy", "what's on tomorrow?", "hello",
                              "I got a lovely present from Amy", "yes", "answer me honestly, are you real?",
                              "did you get anything from that?", "did you write this?", "respond to the invitation",
                              "reply to me please", "has she replied?"})
        EXPECT_EQ(read_intent(other).ask, MailAsk::None) << other;
}

class MailSkillTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::write(mails / "1.eml", simple_mail("Amy Pond <amy@example.org>", "Dinner on Friday?",
                                                 "Hi Sam,\n\nAre you free for dinner on Friday at 7?\n\nAmy", "amy1@example.org", "",
                                                 "Mon, 07 Dec 2026 08:00:00 +0000"));
        test::write(mails / "2.eml", simple_mail("Shop <news@shop.example>", "50% off everything", "Buy now, ends tomorrow!",
                                                 "shop1@example.org", "List-Unsubscribe: <mailto:u@shop.example>\n",
                                                 "Mon, 07 Dec 2026 07:00:00 +0000"));
        test::write(mails / "3.eml", simple_mail("Old Friend <old@example.org>", "Long ago", "A mail from last month.",
                                                 "old1@example.org", "", "Sat, 07 Nov 2026 07:00:00 +0000"));
        auto r = import_mail(context(), mails, {}, nullptr);
        ASSERT_TRUE(r.ok()) << r.error().message;
        ASSERT_EQ(r->added, 3u);
    }
    skills::Context context(std::string conversation = "") { return test::context_in(dir / "skills", &clock, conversation); }
    MailSkillOptions options() {
        MailSkillOptions o;
        o.person = sam;
        o.tone = "warm";
        o.transport = test::fake_factory(&sent);
        return o;
    }

    os1::test::TempDir dir;
    std::filesystem::path mails = dir / "mails";
    FakeClock clock{test::NOW_MS};
    std::vector<test::Sent> sent;
};

TEST_F(MailSkillTest, TriageNamesTheImportantMailWithItsReasons) {
    MailSkill skill(options());
    auto reply = skill.answer(context("c1"), "anything important today?");
    ASSERT_TRUE(reply.ok() && reply->has_value());
    const auto& r = **reply;
    EXPECT_FALSE(r.proposal);
    EXPECT_NE(r.text.find("One mail looks important today"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("Dinner on Friday?"), std::string::npos);
    EXPECT_NE(r.text.find("from Amy, your sister"), std::string::npos);
    EXPECT_EQ(r.text.find("50% off"), std::string::npos) << "a newsletter is not important";
    EXPECT_EQ(r.text.find("Long ago"), std::string::npos) << "last month's mail is not today's";
    ASSERT_EQ(r.data["mails"].size(), 1u);
}

TEST_F(MailSkillTest, MailFromSomeoneByNameOrByRelation) {
    MailSkill skill(options());
    auto amy = skill.answer(context(), "any mail from Amy?");
    ASSERT_TRUE(amy.ok() && amy->has_value());
    EXPECT_NE((*amy)->text.find("Yes: 1 mail from Amy"), std::string::npos) << (*amy)->text;
    EXPECT_NE((*amy)->text.find("Are you free for dinner"), std::string::npos);
    auto sister = skill.answer(context(), "did my sister email me?");
    ASSERT_TRUE(sister.ok() && sister->has_value());
    EXPECT_NE((*sister)->text.find("Dinner on Friday?"), std::string::npos) << (*sister)->text;
    auto nobody = skill.answer(context(), "any mail from Bartholomew?");
    ASSERT_TRUE(nobody.ok() && nobody->has_value());
    EXPECT_EQ((*nobody)->text, "No mail from Bartholomew.");
    auto other = skill.answer(context(), "what's the weather like?");
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other->has_value());
}

TEST_F(MailSkillTest, AReplyIsAProposalAndGoesOutOnlyAfterYes) {
    auto desk = skills::Desk::open(dir / "skills", "local");
    ASSERT_TRUE(desk.ok());
    (*desk)->add(std::make_unique<MailSkill>(options()));
    auto store = open_mail_store(context());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->save_account(Account{"smtps://smtp.example.org:465", "", "sam", "sam@example.org", "Sam", ""}).ok());

    auto asked = (*desk)->handle(context("c1"), "reply to Amy saying I'd love to, see you at 7");
    ASSERT_TRUE(asked.ok() && asked->has_value()) << (asked.ok() ? "" : asked.error().message);
    ASSERT_TRUE((*asked)->proposal);
    EXPECT_EQ((*asked)->proposal->action, "send");
    EXPECT_NE((*asked)->text.find("I'd love to, see you at 7."), std::string::npos) << (*asked)->text;
    EXPECT_NE((*asked)->text.find("amy@example.org"), std::string::npos);
    EXPECT_TRUE((*store)->outbox(true)->empty()) << "nothing is queued before the yes";
    EXPECT_TRUE(sent.empty());

    auto yes = (*desk)->handle(context("c1"), "yes");
    ASSERT_TRUE(yes.ok() && yes->has_value());
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].envelope.rcpt, std::vector<std::string>{"amy@example.org"});
    EXPECT_NE(sent[0].message.find("In-Reply-To: <amy1@example.org>"), std::string::npos) << sent[0].message;
    EXPECT_NE(sent[0].message.find("Subject: Re: Dinner on Friday?"), std::string::npos);
    auto outbox = (*store)->outbox(true);
    ASSERT_EQ(outbox->size(), 1u);
    EXPECT_EQ((*outbox)[0].status, "sent");
    EXPECT_TRUE((*store)->outbox(false)->empty());
}

TEST_F(MailSkillTest, ANoSendsNothingAndAFailedSendStaysInTheOutbox) {
    auto desk = skills::Desk::open(dir / "skills", "local");
    ASSERT_TRUE(desk.ok());
    MailSkillOptions o = options();
    o.transport = test::fake_factory(&sent, /*fail=*/true);
    (*desk)->add(std::make_unique<MailSkill>(o));
    auto store = open_mail_store(context());
    ASSERT_TRUE((*store)->save_account(Account{"smtps://smtp.example.org:465", "", "sam", "sam@example.org", "Sam", ""}).ok());

    ASSERT_TRUE((*desk)->handle(context("c1"), "reply to Amy").ok());
    ASSERT_TRUE((*desk)->handle(context("c1"), "no").ok());
    EXPECT_TRUE((*store)->outbox(true)->empty());

    ASSERT_TRUE((*desk)->handle(context("c2"), "reply to Amy saying yes please").ok());
    ASSERT_TRUE((*desk)->handle(context("c2"), "yes").ok());
    auto outbox = (*store)->outbox(false);
    ASSERT_EQ(outbox->size(), 1u);
    EXPECT_EQ((*outbox)[0].status, "failed");
    EXPECT_NE((*outbox)[0].error.find("421"), std::string::npos);
    // Sent later, once the server is back.
    auto later = deliver_outbox(context(), test::fake_factory(&sent));
    ASSERT_TRUE(later.ok());
    EXPECT_EQ(later->sent, 1u);
    EXPECT_EQ(sent.size(), 1u);
}

TEST_F(MailSkillTest, TheTemplateDraftUsesThePersonsToneAndNeverQuotesTheMail) {
    DraftInput warm{"Sam Rivera", "warm", "", nullptr};
    auto stored = open_mail_store(context()).value()->get(1).value();
    warm.mail = &stored->message;
    std::string w = template_draft(warm);
    EXPECT_TRUE(w.starts_with("Hi Amy,")) << w;
    EXPECT_TRUE(w.ends_with("Warmly,\nSam")) << w;
    EXPECT_EQ(w.find("dinner"), std::string::npos);
    DraftInput direct = warm;
    direct.tone = "direct";
    direct.request = "can't make it, sorry";
    std::string d = template_draft(direct);
    EXPECT_NE(d.find("Can't make it, sorry."), std::string::npos) << d;
    EXPECT_EQ(d.find("Warmly"), std::string::npos);
}

}  // namespace
}  // namespace os1::mail
