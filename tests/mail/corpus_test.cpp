// Robustness on real, messy mail: every file of the reference kit's mail
// corpora parses or is rejected with a reason (no crash, no hang), and the
// Stalwart .eml files agree with their expected parse (subject, sender,
// the text body).
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "core/files.h"
#include "core/strings.h"
#include "core/text.h"
#include "skills/mail/parse.h"
#include "skills/mail/sources.h"
#include "test_support.h"

namespace os1::mail {
namespace {

namespace fs = std::filesystem;

struct Tally {
    size_t parsed = 0, rejected = 0;
    std::vector<std::string> reasons;
};

Tally read_corpus(const fs::path& dir) {
    Tally t;
    auto counts = read_mail_source(dir, ParseLimits{}, [&](SourceItem&& item) {
        if (item.message) {
            ++t.parsed;
            EXPECT_TRUE(is_valid_utf8(item.message->text)) << item.where;
            EXPECT_TRUE(is_valid_utf8(item.message->subject)) << item.where;
        } else {
            ++t.rejected;
            EXPECT_FALSE(item.reason.empty()) << item.where << " was rejected without a reason";
            t.reasons.push_back(item.where + ": " + item.reason);
        }
    });
    EXPECT_TRUE(counts.ok()) << dir;
    return t;
}

TEST(MailCorpus, EveryFileOfTheKitParsesOrIsRejectedWithAReason) {
    OS1_REQUIRE_SHARED(kit);
    fs::path email = kit / "data/email";
    if (!fs::is_directory(email)) GTEST_SKIP() << "no data/email in the kit";
    auto t0 = std::chrono::steady_clock::now();
    std::map<std::string, Tally> tallies;
    for (const char* corpus : {"gmime-mbox", "notmuch-maildir-corpora", "ruby-mail-fixtures", "stalwart-eml-with-expected-json"})
        tallies[corpus] = read_corpus(email / corpus);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(seconds, 60.0) << "reading 7 MB of mail should take seconds, not minutes";
    // The mbox files hold real mail (jwz's mailbox has hundreds).
    EXPECT_GT(tallies["gmime-mbox"].parsed, 100u);
    // The notmuch corpora are mail only, apart from their README and licence.
    EXPECT_GT(tallies["notmuch-maildir-corpora"].parsed, 300u);
    EXPECT_LE(tallies["notmuch-maildir-corpora"].rejected, 3u);
    EXPECT_GT(tallies["ruby-mail-fixtures"].parsed, 90u);
    // The JSON files next to Stalwart's messages are not mail and say so.
    EXPECT_GE(tallies["stalwart-eml-with-expected-json"].parsed, 100u);
    for (const auto& [name, t] : tallies)
        for (const auto& r : t.reasons)
            if (r.find(".json: not a mail message") == std::string::npos && r.find("LICENSE") == std::string::npos)
                std::printf("rejected %s\n", r.c_str());
}

// The Stalwart JSON: parts[0] headers hold "subject" {"Text"} and "from"
// {"Address": {"List": [{"name","address"}]}}; text_body lists the parts
// whose body {"Text"} is the message's text.
std::string expected_subject(const Json& j) {
    for (const auto& h : j["parts"][0]["headers"])
        if (h["name"] == "subject" && h["value"].is_object() && h["value"].contains("Text"))
            return h["value"]["Text"].get<std::string>();
    return "";
}
std::string expected_from(const Json& j) {
    for (const auto& h : j["parts"][0]["headers"]) {
        if (h["name"] != "from" || !h["value"].is_object() || !h["value"].contains("Address")) continue;
        const Json& a = h["value"]["Address"];
        if (a.contains("List") && !a["List"].empty() && a["List"][0].contains("address") && a["List"][0]["address"].is_string())
            return lower(a["List"][0]["address"].get<std::string>());
    }
    return "";
}
std::string expected_text(const Json& j) {
    if (!j.contains("text_body") || j["text_body"].empty()) return "";
    size_t part = j["text_body"][0].get<size_t>();
    const Json& body = j["parts"][part]["body"];
    if (body.contains("Text")) return body["Text"].get<std::string>();
    return "";
}
std::string words(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) { space = !out.empty(); continue; }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

TEST(MailCorpus, StalwartMessagesMatchTheirExpectedParse) {
    OS1_REQUIRE_SHARED(kit);
    fs::path dir = kit / "data/email/stalwart-eml-with-expected-json";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no Stalwart corpus in the kit";
    size_t n = 0, parsed = 0, subject_ok = 0, from_ok = 0, text_ok = 0, with_from = 0, with_text = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".eml") continue;
        fs::path expected = entry.path();
        expected.replace_extension(".json");
        if (!fs::exists(expected)) continue;
        ++n;
        auto raw = read_file(entry.path());
        auto json = parse_json(*read_file(expected));
        ASSERT_TRUE(raw && json);
        auto msg = parse_message(*raw);
        if (!msg) continue;
        ++parsed;
        if (words(msg->subject) == words(expected_subject(*json))) ++subject_ok;
        else std::printf("subject %s: %s | %s\n", entry.path().filename().c_str(), msg->subject.c_str(), expected_subject(*json).c_str());
        std::string from = expected_from(*json);
        if (!from.empty()) {
            ++with_from;
            if (msg->from.address == from) ++from_ok;
        }
        std::string text = expected_text(*json);
        if (!text.empty() && !msg->text_from_html) {
            ++with_text;
            if (words(msg->text).find(words(text).substr(0, 200)) != std::string::npos) ++text_ok;
            else std::printf("text %s\n", entry.path().string().c_str());
        }
    }
    std::printf("stalwart: %zu messages, %zu parsed, subject %zu, from %zu/%zu, text %zu/%zu\n", n, parsed, subject_ok,
                from_ok, with_from, text_ok, with_text);
    ASSERT_GT(n, 50u);
    EXPECT_EQ(parsed, n);
    EXPECT_GE(subject_ok * 100, parsed * 90);
    EXPECT_GE(from_ok * 100, with_from * 90);
    EXPECT_GE(text_ok * 100, with_text * 85);
}

}  // namespace
}  // namespace os1::mail
