// The word splitter never cuts inside a UTF-8 sequence: letters beyond ASCII
// stay inside words, typographic punctuation separates them, ’ is an
// apostrophe, and whatever is stored from a message stays valid UTF-8.
#include "memory/extract.h"
#include "memory/memory.h"
#include "memory/text.h"
#include "test_support.h"

using namespace os1::memory;
using os1::test::TempDir;

namespace {

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || (len > 1 && c < 0xC2) || i + len > s.size()) return false;
        for (size_t k = 1; k < len; k++)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    for (auto& t : tokenize(text)) out.push_back(t.orig);
    return out;
}

}  // namespace

TEST(TextUtf8, DashesQuotesAndEmojiSeparateWords) {
    EXPECT_EQ(words("Echo Park \xE2\x80\x93 love it"), (std::vector<std::string>{"Echo", "Park", "love", "it"}));
    EXPECT_EQ(words("tired\xE2\x80\x94really tired"), (std::vector<std::string>{"tired", "really", "tired"}));
    EXPECT_EQ(words("\xE2\x80\x9CHome\xE2\x80\x9D is here \xF0\x9F\x98\x8A ok"),
              (std::vector<std::string>{"Home", "is", "here", "ok"}));
    EXPECT_EQ(words("wait\xE2\x80\xA6 what"), (std::vector<std::string>{"wait", "what"}));
    // An en dash closes a clause like a comma does.
    auto t = tokenize("Echo Park \xE2\x80\x93 love it");
    ASSERT_EQ(t.size(), 4u);
    EXPECT_TRUE(t[1].clause_end);
}

TEST(TextUtf8, LettersBeyondAsciiStayInWords) {
    EXPECT_EQ(words("I'm from S\xC3\xA3o Paulo"), (std::vector<std::string>{"I", "am", "from", "S\xC3\xA3o", "Paulo"}));
    EXPECT_EQ(words("na\xC3\xAFve caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC"),
              (std::vector<std::string>{"na\xC3\xAFve", "caf\xC3\xA9", "\xE6\x9D\xB1\xE4\xBA\xAC"}));
}

TEST(TextUtf8, CurlyApostropheIsAnApostrophe) {
    auto t = tokenize("I\xE2\x80\x99m fine, don\xE2\x80\x99t worry");
    std::vector<std::string> lower;
    for (auto& k : t) lower.push_back(k.lower);
    EXPECT_EQ(lower, (std::vector<std::string>{"i", "am", "fine", "do", "not", "worry"}));
}

TEST(TextUtf8, BrokenBytesNeverBecomeWordsOrCutSequences) {
    // Stray continuation bytes, a truncated sequence, an overlong form.
    std::string junk = "a\x80\x93 b \xE2\x80 c\xC0\xAF d \xF0\x9F";
    for (auto& w : words(junk)) EXPECT_TRUE(valid_utf8(w)) << w;
    EXPECT_EQ(words(junk), (std::vector<std::string>{"a", "b", "c", "d"}));
    for (std::string_view s : {"x\xE2\x80\x93y", "\xE2\x80\x93", "\xE2", "caf\xC3", "\xC3\xA9t\xC3\xA9"})
        for (auto& w : words(s)) EXPECT_TRUE(valid_utf8(w)) << w;
}

TEST(TextUtf8, FactsFromMessagesWithDashesAreValidUtf8AndSearchable) {
    TempDir dir;
    auto m = Memory::open_at(dir.path() / "m.db");
    ASSERT_TRUE(m.ok());
    const char* said[] = {"We moved to Echo Park \xE2\x80\x93 love it there.", "My sister Rachel \xE2\x80\x94 she\xE2\x80\x99s in Seattle.",
                          "I\xE2\x80\x99m a nurse \xE2\x80\x93 nights mostly \xF0\x9F\x98\xB4"};
    int64_t t = 1683554160000;
    for (const char* s : said) ASSERT_TRUE((*m)->add_episode({.speaker = "user", .text = s, .time_ms = t++}).ok());
    auto facts = (*m)->facts(false);
    ASSERT_TRUE(facts.ok());
    bool echo = false, nurse = false;
    for (auto& f : *facts) {
        EXPECT_TRUE(valid_utf8(f.text)) << f.text;
        EXPECT_TRUE(valid_utf8(f.value)) << f.value;
        EXPECT_TRUE(valid_utf8(f.key)) << f.key;
        echo |= f.key == "lives_in" && f.value == "Echo Park";
        nurse |= f.key == "job" && f.value == "nurse";
    }
    EXPECT_TRUE(echo);
    EXPECT_TRUE(nurse);
    auto hits = (*m)->search("where do I live?", 5);
    ASSERT_TRUE(hits.ok());
    for (auto& h : *hits) EXPECT_TRUE(valid_utf8(h.text)) << h.text;
}
