// Reading what a message asks of the letters skill.
#include "skills/letters/letter_words.h"

#include <gtest/gtest.h>

namespace os1::skills::letters {
namespace {

TEST(LetterWords, WriteRequestsNameTheRecipient) {
    struct Case { const char* message; const char* recipient; const char* about; };
    const Case cases[] = {
        {"help me write a letter to Catherine", "Catherine", ""},
        {"Help me write a letter to Catherine.", "Catherine", ""},
        {"can you help me write a letter to my mother about her garden?", "Mother", "her garden"},
        {"I\u2019d like to draft a letter to Aunt Rose for me please", "Aunt Rose", ""},
        {"let's write a letter to amy mcallister", "Amy Mcallister", ""},
        {"start a new letter to Dr. Okafor", "Dr. Okafor", ""},
        {"write a letter for Paul, thanking him", "Paul", ""},
        {"I want to write a letter to my friend Sam today", "Sam", ""},
    };
    for (const Case& c : cases) {
        LetterRequest r = read_letter_request(c.message);
        EXPECT_EQ(r.ask, LetterAsk::Write) << c.message;
        EXPECT_EQ(r.recipient, c.recipient) << c.message;
        EXPECT_EQ(r.about, c.about) << c.message;
    }
    EXPECT_EQ(read_letter_request("help me write a letter").ask, LetterAsk::Write);
    EXPECT_EQ(read_letter_request("help me write a letter").recipient, "");
}

TEST(LetterWords, OtherRequests) {
    EXPECT_EQ(read_letter_request("read me my letter to Catherine").ask, LetterAsk::Read);
    EXPECT_EQ(read_letter_request("read me my letter to Catherine").recipient, "Catherine");
    EXPECT_EQ(read_letter_request("Can you show me the letter to Amy?").ask, LetterAsk::Read);
    EXPECT_EQ(read_letter_request("finish the letter").ask, LetterAsk::Finish);
    EXPECT_EQ(read_letter_request("finish the letter").recipient, "");
    EXPECT_EQ(read_letter_request("please finish my letter to Amy").recipient, "Amy");
    EXPECT_EQ(read_letter_request("what letters have I written?").ask, LetterAsk::List);
    EXPECT_EQ(read_letter_request("Which letters have I written so far").ask, LetterAsk::List);
    EXPECT_EQ(read_letter_request("delete my letter to Bob").ask, LetterAsk::Delete);
    EXPECT_EQ(read_letter_request("delete my letter to Bob").recipient, "Bob");
    EXPECT_EQ(read_letter_request("let's continue my letter to Catherine").ask, LetterAsk::Continue);
}

TEST(LetterWords, MessagesThatOnlyMentionLettersAreNotRequests) {
    for (const char* m : {"I got a letter from the bank today", "Catherine wrote me a lovely letter",
                          "I wrote a letter to Catherine years ago", "I don't want to write a letter to him",
                          "remind me to call Rachel", "the letter A is my favourite", "hello"}) {
        EXPECT_EQ(read_letter_request(m).ask, LetterAsk::None) << m;
    }
    // Long texts are never commands (no rule runs over them).
    std::string long_text(5000, 'a');
    long_text += " write a letter to Amy";
    EXPECT_EQ(read_letter_request(long_text).ask, LetterAsk::None);
}

TEST(LetterWords, DictationCuesAreShortAndExact) {
    EXPECT_EQ(dictation_cue("that's all"), DictationCue::Done);
    EXPECT_EQ(dictation_cue("OK, that\u2019s it, thanks!"), DictationCue::Done);
    EXPECT_EQ(dictation_cue("Finish the letter."), DictationCue::Done);
    EXPECT_EQ(dictation_cue("stop for now"), DictationCue::Pause);
    EXPECT_EQ(dictation_cue("read it back"), DictationCue::ReadBack);
    EXPECT_EQ(dictation_cue("That's all I ever wanted, to see you happy."), DictationCue::Words);
    EXPECT_EQ(dictation_cue("I'm done pretending I don't miss you"), DictationCue::Words);
    EXPECT_EQ(dictation_cue("delete my letter to Bob"), DictationCue::Words);
    EXPECT_EQ(salutation("Catherine"), "Dear Catherine,");
}

}  // namespace
}  // namespace os1::skills::letters
