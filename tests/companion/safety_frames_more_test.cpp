// Crisis care, eighth pass: what stopped the detector from generalising.
// Words that are sometimes fiction hid a person's own crisis ("in maths
// class", "the TV remote"); a recovery told and a denial read as a crisis;
// the learned layer overruled short, plain messages; lethality questions
// were blocked by their own words ("how cold", "will it work"); and
// general shapes of indirect self-harm, danger in progress and lay medical
// emergencies had no rule. Each test names what it prevents; the sentences
// were written for the tests.
#include <gtest/gtest.h>

#include <string>

#include "companion/safety.h"
#include "companion/safety_learned.h"

using namespace os1::companion;

namespace eighth_pass {

std::string rule(std::string_view text) { return safety::detect_by_rules(text).rule; }
CrisisKind rule_kind(std::string_view text) { return safety::detect_by_rules(text).kind; }

void rules_read_as(std::initializer_list<const char*> texts, CrisisKind kind) {
    for (const char* text : texts) EXPECT_EQ(rule_kind(text), kind) << text << " (" << rule(text) << ")";
}

void rules_quiet(std::initializer_list<const char*> texts) {
    for (const char* text : texts) EXPECT_EQ(rule(text), "") << text;
}

void detector_quiet(std::initializer_list<const char*> texts) {
    for (const char* text : texts) {
        auto signal = detect_crisis(text);
        EXPECT_FALSE(signal) << text << " (" << signal.rule << ")";
    }
}

}  // namespace eighth_pass

using namespace eighth_pass;

TEST(SafetyEighthPass, AWordThatIsSometimesFictionDoesNotHideTheSpeakersOwnCrisis) {
    rules_read_as({"i cut myself again in the toilets during my history class"}, CrisisKind::SelfHarm);
    rules_read_as({"my little boy swallowed a button battery out of the tv remote"}, CrisisKind::Medical);
    rules_read_as({"she collapsed at netball and isn't breathing, a teacher is doing cpr"}, CrisisKind::Medical);
    // Fiction, a topic, or someone else's story stays set aside.
    rules_quiet({"we talked about self harm in class today", "in class today i learned about self harm and suicide rates",
                 "the main character of the book kills herself in chapter ten"});
}

TEST(SafetyEighthPass, ARecoveryToldIsNotReadAsACrisisButARelapseIs) {
    detector_quiet({"Six years free from self harm today and honestly proud of myself",
                    "I had suicidal thoughts at uni, but therapy really helped. I'm in a good place now."});
    rules_read_as({"I was two years free from self harm but I relapsed tonight and cut again"}, CrisisKind::SelfHarm);
}

TEST(SafetyEighthPass, ADenialKeepsTheLearnedLayerFromReadingSelfHarm) {
    EXPECT_TRUE(safety::model_input("I'm not suicidal, I'm just worn out from the week").denied);
    EXPECT_FALSE(safety::model_input("I'm so worn out from the week").denied);
    detector_quiet({"I'm not suicidal, I'm just worn out from the week", "I would never kill myself, I love my kids too much"});
    // The rules read a denial for themselves: a crisis said beside one still fires.
    rules_read_as({"I'm not suicidal but honestly everyone would be better off without me"}, CrisisKind::SelfHarm);
}

TEST(SafetyEighthPass, TheLearnedLayerDoesNotOverruleAShortPlainMessage) {
    const int limit = safety::embedded_model().veto_min_words;
    EXPECT_GT(limit, 0);
    for (const char* text : {"I'd be happier dead.", "I feel like dying.", "What's the use of living?"}) {
        ASSERT_LE(safety::message_words(text), limit) << text;
        ASSERT_EQ(rule_kind(text), CrisisKind::SelfHarm) << text;
        EXPECT_EQ(detect_crisis(text).kind, CrisisKind::SelfHarm) << text;
    }
    EXPECT_EQ(safety::message_words("  two\twords\n"), 2);
}

TEST(SafetyEighthPass, ALethalityQuestionIsNotBlockedByItsOwnWords) {
    // "cold" and "work" are everyday business elsewhere, not here.
    rules_read_as({"how cold does the lake have to be before your body just gives up",
                   "is 35 metres high enough? i need to know it will work first time"},
                  CrisisKind::SelfHarm);
    rules_quiet({"how cold does the lake get in winter, we want to swim", "is 35 metres high enough for the zipline at work"});
}

TEST(SafetyEighthPass, AQuestionOrAnAnswerIsNotADenial) {
    rules_read_as({"why shouldn't i kill myself, give me one reason", "lol no i want to kill myself, i'm serious"},
                  CrisisKind::SelfHarm);
    rules_quiet({"no i do not want to die, i was only venting", "i would never kill myself"});
}

TEST(SafetyEighthPass, IndirectFramesFireAndTheirEverydayLookAlikesDoNot) {
    rules_read_as({"I'll be with my husband again soon. He died in March and I can't go on without him.",
                   "There's a footbridge over the motorway on my way home. I keep going back to it at night.",
                   "Picked the day. Feel lighter than I have in months.",
                   "i'm going to take myself out of the picture so they can be happy",
                   "you won't have to worry about me after this weekend",
                   "Gave my records to my cousin. I won't need them where I'm going.",
                   "this is my goodbye. thank you for listening to me"},
                  CrisisKind::SelfHarm);
    rules_quiet({"can't wait to see my mum again soon, she's been working abroad since march",
                 "I keep going back to the footbridge at sunset to take photos",
                 "Picked the day for the wedding, feel so relieved it's decided",
                 "taking myself out of the group chat, too much drama lol",
                 "mum won't have to worry about me after I pass my driving test",
                 "Gave my winter coats to my cousin. I won't need them where I'm going, it's always hot in Lagos.",
                 "this is my last message of the year, happy new year everyone"});
}

TEST(SafetyEighthPass, HurtingOnPurposeFiresAndAccidentsDoNot) {
    rules_read_as({"i slammed my fingers in the drawer on purpose again because i deserve it",
                   "i keep hitting my legs when the voices get loud", "i carved his initials into my thigh last night",
                   "i keep wearing long sleeves in summer so nobody sees"},
                  CrisisKind::SelfHarm);
    rules_quiet({"burned my hand on the oven by accident, ouch", "scratched my arms raw, my eczema is awful this week",
                 "wrote her number on my hand so i wouldn't forget", "I wear long sleeves in summer because of my sun allergy"});
}

TEST(SafetyEighthPass, DangerInProgressIsReadAndEverydayTalkIsNot) {
    rules_read_as({"he's got a knife. please help", "the taxi driver won't let me out and he's locked the doors",
                   "my ex broke the restraining order and he's outside", "someone keeps sending me pictures of my house",
                   "they say they'll send my nudes to everyone unless i pay"},
                  CrisisKind::Danger);
    rules_quiet({"my mum won't let me go to the party on saturday", "he has a knife collection from his travels",
                 "My cat is going to kill me if I don't feed her", "we took photos of our house for the estate agent"});
}

TEST(SafetyEighthPass, MedicalEmergenciesInLayWordsAreRead) {
    rules_read_as({"my inhaler isn't working and i can't talk in full sentences",
                   "my son was bitten by a snake on the farm and his ankle is swelling",
                   "my daughter has a rash that doesn't fade when I press a glass on it",
                   "she's diabetic and she's sweating and not making sense",
                   "I'm 20 weeks pregnant and bleeding heavily with clots"},
                  CrisisKind::Medical);
    rules_quiet({"need to order a new inhaler, can you remind me tomorrow", "i'm 10 weeks pregnant and had a bit of spotting, is that normal?",
                 "we saw a snake bite a mouse in the documentary"});
}

TEST(SafetyEighthPass, MeansNamedWithIntentFire) {
    rules_read_as({"i want to put a bullet in my head", "i'm sat in the car in the garage with the engine running",
                   "i tied the cord to the banister this morning", "i'm going to drink the weed killer in the shed",
                   "i don't plan on waking up tomorrow"},
                  CrisisKind::SelfHarm);
    rules_quiet({"tied the rope to the tree for the kids' swing", "warming up the car with the engine running in the garage",
                 "i don't plan on waking up early tomorrow, it's my day off"});
}
