// os1 mail from the command line, as the checks and a person use it.
#include <gtest/gtest.h>

#include "core/files.h"
#include "mail_test_support.h"

namespace os1::mail {
namespace {

namespace fs = std::filesystem;
using os1::test::run_os1;

bool anything_contains(const fs::path& root, const std::string& needle) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file() || e.path().filename() == ".stdin") continue;  // the test's own input file
        auto data = read_file(e.path());
        if (data && data->find(needle) != std::string::npos) return true;
    }
    return false;
}

TEST(MailCli, ImportStoresWhatParsesAndNamesEachRejectedFile) {
    os1::test::TempDir dir;
    fs::path home = dir / "home";
    test::write(dir / "in/cur/1:2,S", test::simple_mail("Amy Pond <amy@example.org>", "Dinner?", "Free on Friday?", "a1@x"));
    test::write(dir / "in/2.eml", test::simple_mail("Bob <bob@example.org>", "Hello", "Hi there", "b1@x"));
    test::write(dir / "in/broken.eml", "this is not a mail at all, just words\n");
    test::write(dir / "in/empty.eml", "");
    auto r = run_os1("mail import " + (dir / "in").string(), home);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("broken.eml: not a mail message"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("empty.eml: empty file"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("stored 2 new mail(s)"), std::string::npos) << r.out;

    auto again = run_os1("mail import " + (dir / "in/2.eml").string() + " --json", home);
    EXPECT_EQ(again.status, 0) << again.out;
    auto counts = parse_json(again.out);
    ASSERT_TRUE(counts.ok()) << again.out;
    EXPECT_EQ((*counts)["duplicates"], 1);
    EXPECT_EQ((*counts)["stored"], 0);

    auto nothing = run_os1("mail import " + (dir / "in/broken.eml").string(), home);
    EXPECT_NE(nothing.status, 0) << "nothing could be read";
    EXPECT_NE(run_os1("mail import " + (dir / "missing").string(), home).status, 0);

    auto list = run_os1("mail list --json", home);
    ASSERT_EQ(list.status, 0) << list.out;
    auto j = parse_json(list.out);
    ASSERT_TRUE(j.ok() && j->is_array()) << list.out;
    ASSERT_EQ(j->size(), 2u);
    for (const auto& m : *j)
        for (const char* key : {"id", "from", "subject", "date", "snippet", "attachments", "important"})
            EXPECT_TRUE(m.contains(key)) << key;
    auto show = run_os1("mail show " + std::to_string((*j)[0]["id"].get<int64_t>()) + " --json", home);
    ASSERT_EQ(show.status, 0) << show.out;
    EXPECT_TRUE(parse_json(show.out)->contains("text"));
    EXPECT_NE(run_os1("mail show 999", home).status, 0);
}

TEST(MailCli, TheOutboxStaysEmptyUntilThePersonSaysYes) {
    os1::test::TempDir dir;
    fs::path home = dir / "home";
    test::write(dir / "a.eml", test::simple_mail("Amy Pond <amy@example.org>", "Dinner?", "Free on Friday?", "a1@x"));
    ASSERT_EQ(run_os1("mail import " + (dir / "a.eml").string(), home).status, 0);
    auto empty = run_os1("mail outbox --json", home);
    ASSERT_EQ(empty.status, 0);
    EXPECT_EQ(parse_json(empty.out).value(), Json::array());

    // A script without --yes sees the draft; nothing is queued.
    auto draft = run_os1("mail reply 1 --say \"yes, Friday works\"", home);
    EXPECT_EQ(draft.status, 0) << draft.out;
    EXPECT_NE(draft.out.find("Yes, Friday works."), std::string::npos) << draft.out;
    EXPECT_NE(draft.out.find("Not sent."), std::string::npos) << draft.out;
    EXPECT_EQ(parse_json(run_os1("mail outbox --json", home).out).value(), Json::array());

    auto yes = run_os1("mail reply 1 --say \"yes, Friday works\" --yes --json", home);
    ASSERT_EQ(yes.status, 0) << yes.out;
    auto outbox = parse_json(run_os1("mail outbox --json", home).out);
    ASSERT_TRUE(outbox.ok());
    ASSERT_EQ(outbox->size(), 1u);
    EXPECT_EQ((*outbox)[0]["status"], "queued");
    EXPECT_EQ((*outbox)[0]["to"][0]["address"], "amy@example.org");
    EXPECT_EQ((*outbox)[0]["subject"], "Re: Dinner?");
}

TEST(MailCli, TheAccountPasswordIsSealed) {
    os1::test::TempDir dir;
    fs::path home = dir / "home";
    const std::string password = "pa55-word-that-must-not-leak";
    auto set = run_os1("mail account set --smtp smtps://smtp.example.org:465 --user sam --from sam@example.org --password-stdin",
                       home, password + "\n");
    ASSERT_EQ(set.status, 0) << set.out;
    auto show = run_os1("mail account show --json", home);
    ASSERT_EQ(show.status, 0) << show.out;
    auto j = parse_json(show.out);
    ASSERT_TRUE(j.ok()) << show.out;
    EXPECT_EQ((*j)["password"], "sealed");
    EXPECT_EQ(show.out.find(password), std::string::npos);
    EXPECT_FALSE(anything_contains(home, password)) << "the password is on disk in plain text";
    EXPECT_EQ(run_os1("mail account set --smtp http://x", home).status, 1);
}

TEST(MailCli, AnAccountOnAPathIsTestedReadAndRemoved) {
    os1::test::TempDir dir;
    fs::path home = dir / "home";
    test::write(dir / "Maildir/cur/1:2,S", test::simple_mail("Amy Pond <amy@example.org>", "Dinner?", "Free on Friday?", "a1@x"));
    test::write(dir / "Maildir/new/2", test::simple_mail("Bob <bob@example.org>", "Hello", "Hi there", "b1@x"));
    auto set = run_os1("mail account set --path " + (dir / "Maildir").string(), home);
    ASSERT_EQ(set.status, 0) << set.out;
    auto show = run_os1("mail account show --json", home);
    auto j = parse_json(show.out);
    ASSERT_TRUE(j.ok()) << show.out;
    EXPECT_EQ((*j)["reads"], "path");
    EXPECT_EQ((*j)["path"], (dir / "Maildir").string());
    auto tested = run_os1("mail account test", home);
    EXPECT_EQ(tested.status, 0) << tested.out;
    EXPECT_NE(tested.out.find("Found a Maildir with 2 messages."), std::string::npos) << tested.out;
    auto fetched = run_os1("mail fetch", home);
    ASSERT_EQ(fetched.status, 0) << fetched.out;
    EXPECT_NE(fetched.out.find("stored 2 new mail(s)"), std::string::npos) << fetched.out;
    EXPECT_NE(run_os1("mail account set --path relative/Maildir", home).status, 0);
    auto removed = run_os1("mail account remove --json", home);
    ASSERT_EQ(removed.status, 0) << removed.out;
    EXPECT_EQ(parse_json(removed.out).value()["removed"], true);
    EXPECT_EQ(run_os1("mail account show --json", home).out.find("Maildir"), std::string::npos);
    EXPECT_NE(run_os1("mail account test", home).status, 0) << "no account to test";
    auto list = run_os1("mail list --json", home);
    EXPECT_EQ(parse_json(list.out).value().size(), 2u) << "the mail stays";
}

}  // namespace
}  // namespace os1::mail
