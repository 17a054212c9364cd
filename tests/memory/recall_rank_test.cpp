// Recall's ranking beyond the words: replies found through the question they
// answer (one and two turns away), the subject of a question weighing more
// than a person it only mentions, questions asking for several things spread
// over sessions, kinds of a category ("desserts" -> "tiramisu"), words
// written together or apart ("work out" / "workout") and the kind of answer
// a question asks for ("How often…" -> "three times a week"), and misspelt
// question words read as the memory's own ("fesetival" -> "festival"), and
// a person's turns telling of themselves weighing more for a question about them.
#include "memory/recall_rank.h"
#include "memory/recall_internal.h"

#include <cstdlib>
#include <map>
#include <set>

#include "memory/memory.h"
#include "test_support.h"

using namespace os1;
using namespace os1::memory;
using os1::test::TempDir;

namespace {

constexpr int64_t T0 = 1'683'000'000'000;  // May 2023
constexpr int64_t DAY = 86'400'000;

std::unique_ptr<Memory> open_mem(const TempDir& dir) {
    auto m = Memory::open_at(dir / "os1.db");
    EXPECT_TRUE(m) << m.error().message;
    return m ? m.release_value() : nullptr;
}

// Adds the turns of one session, one minute apart, ids "<session>.<n>".
void add_session(Memory& m, const std::string& session, int64_t t,
                 const std::vector<std::pair<std::string, std::string>>& turns) {
    int n = 0;
    for (auto& [speaker, text] : turns) {
        auto r = m.add_episode(
            Episode{speaker, text, t + 60'000 * n, session, session + "." + std::to_string(n), std::nullopt});
        ASSERT_TRUE(r) << r.error().message;
        n++;
    }
}

std::vector<std::string> sources(Memory& m, const std::string& q, int k) {
    SearchOptions opt;
    opt.facts = false;
    opt.summaries = false;
    auto hits = m.search(q, k, opt);
    EXPECT_TRUE(hits) << hits.error().message;
    std::vector<std::string> out;
    if (hits)
        for (auto& h : *hits)
            for (auto& s : h.sources) out.push_back(s);
    return out;
}

int rank_of(const std::vector<std::string>& ranked, const std::string& id) {
    for (size_t i = 0; i < ranked.size(); i++)
        if (ranked[i] == id) return static_cast<int>(i) + 1;
    return 0;
}

// Unrelated small talk, so the store has more than the turns that matter.
void add_filler(Memory& m, const std::string& session, int64_t t) {
    add_session(m, session, t,
                {{"Ana", "The weather was grey all week, rain every single morning."},
                 {"Sam", "Same here, I stayed in and fixed the kitchen shelf."},
                 {"Ana", "My cousin visits next month, we will go to the market."},
                 {"Sam", "Say hi to her from me, and try the bakery by the station."}});
}

// A store with small talk in session s1 and `turns` in session s2, a day later.
std::unique_ptr<Memory> store_with(const TempDir& dir, const std::vector<std::pair<std::string, std::string>>& turns) {
    auto m = open_mem(dir);
    if (!m) return m;
    add_filler(*m, "s1", T0);
    add_session(*m, "s2", T0 + DAY, turns);
    return m;
}

struct EnvWeights {
    explicit EnvWeights(const char* w) { ::setenv("OS1_RECALL_WEIGHTS", w, 1); }
    ~EnvWeights() { ::unsetenv("OS1_RECALL_WEIGHTS"); }
};

// The rank of turn s2.0 for question q in a store with `turns` in session s2
// between small talk: with the default weights, then with `other` weights.
std::pair<int, int> rank_by_default_and_with(const std::vector<std::pair<std::string, std::string>>& turns,
                                             const char* q, const char* other) {
    TempDir dir;
    auto m = store_with(dir, turns);
    if (!m) return {-1, -1};
    add_filler(*m, "s3", T0 + 2 * DAY);
    int by_default = rank_of(sources(*m, q, 3), "s2.0");
    EnvWeights w(other);
    return {by_default, rank_of(sources(*m, q, 3), "s2.0")};
}

}  // namespace

// "What is Sam excited about in the adoption process?": the answer is the
// reply to Ana's question, which shares none of the question's words.
TEST(RecallRank, ReplyIsFoundThroughTheQuestionItAnswers) {
    TempDir dir;
    auto m = store_with(dir, {{"Sam", "The agency finally called me back about the adoption."},
                              {"Ana", "Anything you are excited about in the adoption process?"},
                              {"Sam",
                               "Making a family for kids who need one. It will be tough, "
                               "but I am ready!"},
                              {"Ana", "You will be a wonderful parent."}});
    ASSERT_TRUE(m);
    add_filler(*m, "s3", T0 + 2 * DAY);
    auto ranked = sources(*m, "What is Sam excited about in the adoption process?", 5);
    int r = rank_of(ranked, "s2.2");
    EXPECT_GT(r, 0);
    EXPECT_LE(r, 3);
}

// A short reply whose question sits two turns up, with a comment between:
// found when the share from two turns away is on, and the share is what
// finds it (without it the reply is further down or absent).
TEST(RecallRank, ReplyTwoTurnsFromItsQuestion) {
    TempDir dir;
    auto m = store_with(dir, {{"Ana",
                               "How does your family cope with the long night "
                               "shifts at the hospital?"},
                              {"Ana", "Oh, sorry, that was a lot to ask at once."},
                              {"Sam", "They give me the strength to keep going."},
                              {"Ana", "That is lovely to hear."}});
    ASSERT_TRUE(m);
    // Turns that share one word each with the question.
    add_session(*m, "s3", T0 + 2 * DAY,
                {{"Sam", "My family came over for dinner on Sunday."},
                 {"Ana", "The night bus was late again, I waited an hour."},
                 {"Sam", "I walked past the old hospital on my way home."},
                 {"Ana", "Family photos cover the whole hallway wall."},
                 {"Sam", "We stayed up half the night talking."},
                 {"Ana", "The hospital car park is always full."}});
    add_filler(*m, "s4", T0 + 3 * DAY);
    const char* q = "How does Sam's family help with the night shifts at the hospital?";
    int without, with;
    {
        EnvWeights w("nb2=0");
        without = rank_of(sources(*m, q, 10), "s2.2");
    }
    {
        EnvWeights w("nb2=0.5");
        with = rank_of(sources(*m, q, 10), "s2.2");
    }
    ASSERT_GT(with, 0);
    EXPECT_LE(with, 3);
    EXPECT_TRUE(without == 0 || without > with) << "without " << without << ", with " << with;
}

TEST(RecallRank, SubjectOfTheQuestionWeighsMore) {
    std::set<std::string> people = {"gina", "jon", "maria"};
    auto focus = speaker_focus(tokenize("What does Gina say to Jon about the opening?"), people, 1.5, 1.0);
    ASSERT_EQ(focus.size(), 2u);
    EXPECT_EQ(focus[0], std::make_pair(std::string("gina"), 1.5));
    EXPECT_EQ(focus[1], std::make_pair(std::string("jon"), 1.0));
    focus = speaker_focus(tokenize("How do Jon and Gina both like to destress?"), people, 1.5, 1.0);
    ASSERT_EQ(focus.size(), 2u);
    EXPECT_EQ(focus[0].second, 1.5);
    EXPECT_EQ(focus[1].second, 1.5);
    focus = speaker_focus(tokenize("What did Maria think of Jon's studio?"), people, 1.5, 1.0);
    ASSERT_EQ(focus.size(), 2u);
    EXPECT_EQ(focus[0], std::make_pair(std::string("maria"), 1.5));
    EXPECT_EQ(focus[1], std::make_pair(std::string("jon"), 1.0));
    EXPECT_TRUE(speaker_focus(tokenize("What is the capital of France?"), people, 1.5, 1.0).empty());
}

// "What does Gina say to Jon about the opening?": Gina's turn, though Jon's
// says "opening" more often.
TEST(RecallRank, SubjectsTurnRanksAboveTheAddressees) {
    TempDir dir;
    auto m = store_with(dir, {{"Jon",
                               "The opening is tomorrow: opening night, the grand opening "
                               "of the studio!"},
                              {"Gina", "Congrats on the opening, Jon. I am so proud of you."}});
    ASSERT_TRUE(m);
    auto ranked = sources(*m, "What does Gina say to Jon about the opening?", 5);
    ASSERT_FALSE(ranked.empty());
    EXPECT_EQ(ranked[0], "s2.1");
    EnvWeights w("speaker_other=1.5");  // both named people weigh the same: the
                                        // wordier turn wins
    ranked = sources(*m, "What does Gina say to Jon about the opening?", 5);
    ASSERT_FALSE(ranked.empty());
    EXPECT_EQ(ranked[0], "s2.0");
}

TEST(RecallRank, QuestionsThatAskForSeveralThings) {
    EXPECT_TRUE(asks_for_many(tokenize("What activities does Ana partake in?")));
    EXPECT_TRUE(asks_for_many(tokenize("Which European countries has Sam been to?")));
    EXPECT_TRUE(asks_for_many(tokenize("What are Ana's hobbies?")));
    EXPECT_TRUE(asks_for_many(tokenize("How many children does Sam have?")));
    EXPECT_TRUE(asks_for_many(tokenize("Did Jon and Gina both take dance classes?")));
    EXPECT_FALSE(asks_for_many(tokenize("What does Ana do to relax?")));
    EXPECT_FALSE(asks_for_many(tokenize("What did Ana do with her kids at the lake?")));
    EXPECT_FALSE(asks_for_many(tokenize("What kind of art does Ana make?")));
    EXPECT_FALSE(asks_for_many(tokenize("When did Sam move?")));
}

TEST(RecallRank, CategoryNouns) {
    EXPECT_EQ(category_nouns(tokenize("What desserts has Ana made?")), std::vector<std::string>{"dessert"});
    EXPECT_EQ(category_nouns(tokenize("What kind of art does Sam make?")), std::vector<std::string>{"art"});
    EXPECT_EQ(category_nouns(tokenize("What are Ana's pets' names?")), (std::vector<std::string>{"pet", "name"}));
    EXPECT_TRUE(category_nouns(tokenize("Where did Ana go?")).empty());
}

// A plural question whose evidence lies in several sessions: the hits
// spread over them instead of filling up from the one that talks most.
TEST(RecallRank, PluralQuestionReachesSeveralSessions) {
    TempDir dir;
    auto m = open_mem(dir);
    ASSERT_TRUE(m);
    add_session(*m, "s1", T0,
                {{"Ana", "My new hobby is pottery, it takes my evenings."},
                 {"Sam", "Pottery as a hobby sounds messy but fun."},
                 {"Ana", "The hobby group meets on Tuesdays at the school."},
                 {"Sam", "Send me a photo of your hobby pieces then."},
                 {"Ana", "Here is a bowl from my hobby class, a blue one."}});
    add_filler(*m, "s2", T0 + DAY);
    add_session(*m, "s3", T0 + 2 * DAY, {{"Ana", "I picked up a new hobby, climbing at the gym."}});
    add_filler(*m, "s4", T0 + 3 * DAY);
    add_session(*m, "s5", T0 + 4 * DAY, {{"Ana", "My other new hobby is chess, I play it online."}});
    auto sessions_in_top = [&](int k) {
        std::set<std::string> s;
        for (auto& id : sources(*m, "What hobbies does Ana have?", k)) s.insert(id.substr(0, id.find('.')));
        return s.size();
    };
    size_t spread = sessions_in_top(4);
    EnvWeights w("many=1");
    size_t plain = sessions_in_top(4);
    EXPECT_GE(spread, 3u);
    EXPECT_GT(spread, plain);
}

// "What desserts does Ana love?" finds the turn about tiramisu, a kind of
// dessert (WordNet), though it shares no word with the question.
TEST(RecallRank, KindsOfTheCategoryAsked) {
    if (!Lexicon::get().has_wordnet()) GTEST_SKIP() << "WordNet (Debian wordnet-base) is not installed";
    auto kinds = Lexicon::get().hyponyms("dessert", 1, 100);
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "tiramisu"), kinds.end());
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "pudding"), kinds.end());
    auto [with_kinds, without] = rank_by_default_and_with(
        {{"Ana", "I adore tiramisu, I could eat it every day."}, {"Sam", "Who wouldn't!"}}, "What desserts does Ana love?",
        "hypo=0");
    EXPECT_EQ(with_kinds, 1);
    EXPECT_EQ(without, 0);  // the kinds are what finds it
}

// The kinds searched are those the memory holds; nouns that only frame a
// question ("names") bring none.
TEST(RecallRank, CategoryKindsTheMemoryHolds) {
    if (!Lexicon::get().has_wordnet()) GTEST_SKIP() << "WordNet (Debian wordnet-base) is not installed";
    auto held = [](const std::string& w) -> Result<int64_t> { return w == "tiramisu" || w == "nickname" ? 3 : 0; };
    auto kinds = category_kinds(tokenize("What desserts has Ana made?"), {"dessert", "make"}, held, 500);
    ASSERT_TRUE(kinds) << kinds.error().message;
    EXPECT_EQ(*kinds, std::vector<std::string>{"tiramisu"});
    kinds = category_kinds(tokenize("What are the names of Ana's friends?"), {"name", "friend"}, held, 500);
    ASSERT_TRUE(kinds) << kinds.error().message;
    EXPECT_TRUE(kinds->empty());
}

// A question word the memory never says is looked for by its related forms:
// "What does Ana teach?" finds "I'm a teacher".
TEST(RecallRank, RelatedFormsOfAWordTheMemoryLacks) {
    if (!Lexicon::get().has_wordnet()) GTEST_SKIP() << "WordNet (Debian wordnet-base) is not installed";
    auto forms = Lexicon::get().derivations("teach");
    EXPECT_NE(std::find(forms.begin(), forms.end(), "teacher"), forms.end());
    forms = Lexicon::get().derivations("grow");
    EXPECT_NE(std::find(forms.begin(), forms.end(), "growth"), forms.end());
    TempDir dir;
    auto m = store_with(dir, {{"Ana", "I'm a teacher at the primary school by the river."},
                              {"Sam", "The tomatoes had amazing growth this summer."},
                              {"Ana", "Nice, send me some!"}});
    ASSERT_TRUE(m);
    add_filler(*m, "s3", T0 + 2 * DAY);
    EXPECT_EQ(rank_of(sources(*m, "What does Ana teach?", 3), "s2.0"), 1);  // "teach*" too
    // "grow" has no prefix in common with "growth": the related form is what
    // finds it. Off by default (leave-one-out on LoCoMo picks 0, BENCHMARKS.md).
    EXPECT_EQ(rank_of(sources(*m, "What did Sam grow?", 3), "s2.1"), 0);
    EnvWeights w("deriv=0.5");
    EXPECT_EQ(rank_of(sources(*m, "What did Sam grow?", 3), "s2.1"), 1);
}

// A word the memory never says is looked for by what it means (its WordNet
// definition): "pottery" is "ceramic ware made from clay and baked in a kiln".
TEST(RecallRank, MeaningOfAWordTheMemoryLacks) {
    if (!Lexicon::get().has_wordnet()) GTEST_SKIP() << "WordNet (Debian wordnet-base) is not installed";
    auto words = Lexicon::get().gloss("pottery");
    EXPECT_NE(std::find(words.begin(), words.end(), "clay"), words.end());
    auto [with_meaning, without] = rank_by_default_and_with(
        {{"Ana", "I spent the whole evening shaping clay on the wheel."}, {"Sam", "Sounds calm."}},
        "Does Ana do pottery?", "gloss=0");
    EXPECT_EQ(with_meaning, 1);
    EXPECT_EQ(without, 0);
    // Words the memory does say are matched as they are, not by their meaning.
    auto held = [](const std::string& w) -> Result<int64_t> { return w == "pottery" || w == "clay" ? 2 : 0; };
    auto terms = gloss_terms({"pottery"}, held, 500);
    ASSERT_TRUE(terms) << terms.error().message;
    EXPECT_TRUE(terms->empty());
}

// A turn that only asks tells nothing; a short turn counts a little less than
// one of the candidates' mean length, a long one no more than it.
TEST(RecallRank, TurnPriors) {
    EXPECT_TRUE(only_asks("Cool! What type of music do you play?"));
    EXPECT_TRUE(only_asks("Wow, Caroline! Where was that?"));
    EXPECT_FALSE(only_asks("I signed up for a pottery class yesterday. Have you tried it?"));
    EXPECT_FALSE(only_asks("That sounds great."));
    EXPECT_EQ(word_count("Hey Mel! How're ya doin'?"), 6);
    EXPECT_LT(turn_prior("Music!", 1, 20), 1.0);
    const char* ten = "one two three four five six seven eight nine ten";
    EXPECT_DOUBLE_EQ(turn_prior(ten, word_count(ten), 10), 1.0);
    EXPECT_DOUBLE_EQ(turn_prior(ten, word_count(ten), 5), 1.0);
    EXPECT_EQ(word_count("Café au lait, 2 cups"), 5);
}

// A category named by a compound WordNet knows: "martial arts" are judo,
// karate, taekwondo ("art" alone would be painting and sculpture).
TEST(RecallRank, KindsOfACompoundCategory) {
    if (!Lexicon::get().has_wordnet()) GTEST_SKIP() << "WordNet (Debian wordnet-base) is not installed";
    auto kinds = Lexicon::get().hyponyms("martial_art", 1, 100);
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), "taekwondo"), kinds.end());
    EXPECT_TRUE(Lexicon::get().hyponyms("no_such_compound", 1, 100).empty());
    EXPECT_EQ(category_nouns(tokenize("What martial arts has Sam done?")),
              (std::vector<std::string>{"martial_art", "art"}));
    EXPECT_EQ(category_nouns(tokenize("Which European countries has Ana seen?")),
              (std::vector<std::string>{"european_country", "country"}));
    auto [with_kinds, without] = rank_by_default_and_with(
        {{"Ana", "I've been doing taekwondo twice a week at the club."}, {"Sam", "Wow, respect!"}},
        "What martial arts has Ana done?", "hypo=0");
    EXPECT_EQ(with_kinds, 1);
    EXPECT_EQ(without, 0);
}

// Words written apart in the question and together in the memory, and the
// other way round; a split is a phrase, so "car" and "pet" said apart are no
// "carpet".
TEST(RecallRank, CompoundsTheMemoryHolds) {
    std::map<std::string, int64_t> vocab = {{"workout", 3}, {"road", 2}, {"trip", 2}, {"car", 5}, {"pet", 4}};
    auto df = [&](const std::string& t) -> Result<int64_t> { return vocab.count(t) ? vocab[t] : 0; };
    auto terms = compound_terms(tokenize("Does Sam work out before the roadtrip?"), {"sam"}, {"work", "roadtrip"}, df);
    ASSERT_TRUE(terms);
    EXPECT_EQ(*terms, (std::vector<std::string>{"workout", "road trip"}));
    // Not a word the memory lacks, not a person's name, not across a comma.
    terms = compound_terms(tokenize("Did Sam paint, out there?"), {"sam"}, {"paint"}, df);
    ASSERT_TRUE(terms);
    EXPECT_TRUE(terms->empty());
}

TEST(RecallRank, WordsWrittenTogetherOrApart) {
    auto [worked, without] = rank_by_default_and_with(
        {{"Sam", "We do a family workout every Sunday in the park."}, {"Ana", "That sounds fun."}},
        "Does Sam work out?", "compound=0");
    EXPECT_EQ(worked, 1);
    EXPECT_EQ(without, 0);
    auto [trip, trip_without] = rank_by_default_and_with(
        {{"Sam", "We took a road trip along the coast in spring."}, {"Ana", "That sounds fun."}},
        "Did Sam enjoy the roadtrip?", "compound=0");
    EXPECT_EQ(trip, 1);
    EXPECT_EQ(trip_without, 0);
    TempDir dir;
    auto m = store_with(dir, {{"Sam", "My car broke down on the bridge."}, {"Ana", "The pet shop closed early."}});
    ASSERT_TRUE(m);
    auto ranked = sources(*m, "Did Sam buy a carpet?", 5);
    EXPECT_EQ(rank_of(ranked, "s2.0"), 0);
    EXPECT_EQ(rank_of(ranked, "s2.1"), 0);
}

TEST(RecallRank, KindOfAnswerAsked) {
    auto kind = [](const char* q) { return answer_kind(tokenize(q)); };
    EXPECT_EQ(kind("How often does Ana swim?"), AnswerKind::Frequency);
    EXPECT_EQ(kind("How many times has Ana been to Rome?"), AnswerKind::Frequency);
    EXPECT_EQ(kind("How many kids does Ana have?"), AnswerKind::Count);
    EXPECT_EQ(kind("So where did Ana move from?"), AnswerKind::Place);
    EXPECT_EQ(kind("Who supports Ana?"), AnswerKind::Person);
    EXPECT_EQ(kind("What does Ana like?"), AnswerKind::None);
    std::set<std::string> people = {"ana", "sam"};
    EXPECT_TRUE(gives_answer(AnswerKind::Frequency, "Thanks! Three times a week, it keeps us on track.", people));
    EXPECT_TRUE(gives_answer(AnswerKind::Frequency, "Every morning before work.", people));
    EXPECT_FALSE(gives_answer(AnswerKind::Frequency, "I love swimming in the lake.", people));
    EXPECT_TRUE(gives_answer(AnswerKind::Count, "We have 3 kids now.", people));
    EXPECT_FALSE(gives_answer(AnswerKind::Count, "We have kids.", people));
    EXPECT_TRUE(gives_answer(AnswerKind::Place, "We moved here from Sweden last year.", people));
    EXPECT_TRUE(gives_answer(AnswerKind::Place, "Sam and I flew to the Bahamas.", people));
    EXPECT_FALSE(gives_answer(AnswerKind::Place, "She lives in the city, near Sam.", people));
    EXPECT_TRUE(gives_answer(AnswerKind::Person, "My mentors were always there for me.", people));
    EXPECT_FALSE(gives_answer(AnswerKind::Person, "I did it all alone, Sam.", people));
}

// "How often does Sam swim?": the reply that says how often weighs
// weights().answer more; a turn without a frequency is unchanged.
TEST(RecallRank, TurnWithTheKindOfAnswerWeighsMore) {
    TempDir dir;
    auto m = store_with(dir, {{"Ana", "Do you still swim at the lake?"},
                              {"Sam", "Yes, three times a week, before work."},
                              {"Sam", "I swim far out now, the water is calm."}});
    ASSERT_TRUE(m);
    auto score = [&](const char* weights, const std::string& id) {
        EnvWeights w(weights);
        SearchOptions opt;
        opt.facts = opt.summaries = false;
        auto hits = m->search("How often does Sam swim?", 5, opt);
        EXPECT_TRUE(hits);
        for (auto& h : hits ? *hits : std::vector<Hit>{})
            if (!h.sources.empty() && h.sources[0] == id) return h.score;
        return 0.0;
    };
    double off = score("answer=1", "s2.1"), on = score("answer=1.5", "s2.1");
    ASSERT_GT(off, 0);
    EXPECT_NEAR(on / off, 1.5, 1e-9);
    EXPECT_NEAR(score("answer=1.5", "s2.2"), score("answer=1", "s2.2"), 1e-12);
}

// "Would Sam enjoy a weekend by a lake?" asks for a guess: the words Sam says
// again and again with "lake" ("kayak") find the turn that names only them.
TEST(RecallRank, GuessFromWordsSaidTogether) {
    EXPECT_TRUE(asks_for_inference(tokenize("Would Sam enjoy a weekend by a lake?")));
    EXPECT_TRUE(asks_for_inference(tokenize("What job might Sam likely pursue?")));
    EXPECT_FALSE(asks_for_inference(tokenize("What did Sam do at the lake?")));
    TempDir dir;
    auto m = store_with(dir, {{"Sam", "We took the kayak out on the lake at dawn."},
                              {"Ana", "Sounds peaceful."},
                              {"Sam", "The lake was so still, the kayak barely moved."}});
    ASSERT_TRUE(m);
    add_session(*m, "s3", T0 + 2 * DAY, {{"Sam", "I bought a second kayak for my brother."}, {"Ana", "Nice!"}});
    const char* q = "Would Sam enjoy a weekend by a lake?";
    int with, without;
    {
        EnvWeights w("prf=0,cooc=0.2");
        with = rank_of(sources(*m, q, 10), "s3.0");
    }
    {
        EnvWeights w("prf=0,cooc=0");
        without = rank_of(sources(*m, q, 10), "s3.0");
    }
    // Found by its own word now: above every turn that matches nothing.
    EXPECT_GE(with, 1);
    EXPECT_LE(with, 4);
    EXPECT_TRUE(without == 0 || without > with) << with << " / " << without;
}

// A misspelt question word is read as the word one edit away that the memory
// says ("fesetival" -> "festival", "funraiser" -> "fundraiser"); a misspelt
// speaker's name as that speaker; correct words, words WordNet knows and
// words with two equally likely corrections are left as written.
TEST(RecallRank, MisspeltWordsReadAsTheMemorysOwn) {
    std::map<std::string, int64_t> vocab = {{"festival", 3}, {"fundraiser", 2}, {"pride", 4},
                                            {"bake", 1},     {"cake", 1},       {"jon", 6}};
    auto df = [&](const std::string& t) -> Result<int64_t> { return vocab.count(t) ? vocab[t] : 0; };
    auto words = [](const std::vector<Token>& t) {
        std::vector<std::string> out;
        for (auto& w : t) out.push_back(w.lower);
        return out;
    };
    std::set<std::string> people = {"jon", "gina"};
    auto t = correct_spelling(tokenize("When did John go to the pride fesetival?"), people, df);
    ASSERT_TRUE(t);
    EXPECT_EQ(words(*t), (std::vector<std::string>{"when", "did", "jon", "go", "to", "the", "pride", "festival"}));
    t = correct_spelling(tokenize("What is the funraiser for?"), people, df);
    ASSERT_TRUE(t);
    EXPECT_EQ((*t)[3].lower, "fundraiser");
    // "bakes" is a word (of "bake"): never corrected; "xake" is one edit
    // from both "bake" and "cake", said as often: no guess.
    t = correct_spelling(tokenize("Who bakes xakes?"), people, df);
    ASSERT_TRUE(t);
    EXPECT_EQ(words(*t), (std::vector<std::string>{"who", "bakes", "xakes"}));
    // A lowercase "john" is no name; a name the memory says itself is kept.
    vocab["joan"] = 1;
    t = correct_spelling(tokenize("Did Joan meet john?"), people, df);
    ASSERT_TRUE(t);
    EXPECT_EQ(words(*t), (std::vector<std::string>{"did", "joan", "meet", "john"}));
    EnvWeights off("spell=0");
    t = correct_spelling(tokenize("When was the fesetival?"), people, df);
    ASSERT_TRUE(t);
    EXPECT_EQ((*t)[3].lower, "fesetival");
}

// End to end: the turn about the festival is found through the misspelt
// question, and not without the correction.
TEST(RecallRank, MisspeltQuestionFindsTheTurn) {
    auto [found, without] = rank_by_default_and_with(
        {{"Sam", "The harvest festival in our village was wonderful this year."}, {"Ana", "I wish I had gone."}},
        "When did Sam go to the fesetival?", "spell=0");
    EXPECT_EQ(found, 1);
    EXPECT_NE(without, 1);
}

// Which turns tell of their speaker: more "I", "my", "we" than "you".
TEST(RecallRank, TurnsThatTellOfTheirSpeaker) {
    EXPECT_TRUE(tells_of_self("I just signed up for a pottery class yesterday."));
    EXPECT_TRUE(tells_of_self("We went camping with my fam two weekends ago. What about you?"));
    EXPECT_FALSE(tells_of_self("That's great news! Love seeing your dedication to helping others."));
    EXPECT_FALSE(tells_of_self("You'd be a great counselor, I think."));
    EXPECT_FALSE(tells_of_self("The weather was grey all week."));
    // Words that only begin with "i" or "we" are not the pronouns.
    EXPECT_FALSE(tells_of_self("Wedding invitations in ink, yours truly."));
}

// "What does Sam do on weekends?": Sam's turn telling of himself scores
// exactly ×`self` more; his turn about Ana's weekends and Ana's own turn
// the same. A question that also names Ana ("What does Sam tell Ana about
// weekends?") is not about Sam alone: no weight.
TEST(RecallRank, SubjectTellingOfThemselvesWeighsMore) {
    TempDir dir;
    auto m = store_with(dir, {{"Sam", "Your weekends at the lake with your kids sound lovely."},
                              {"Ana", "Our weekends are at the lake, I love it."},
                              {"Sam", "My weekends are at the lake with my kids, and I love them."}});
    ASSERT_TRUE(m);
    auto score = [&](const char* weights, const char* q, const std::string& id) {
        EnvWeights w(weights);
        SearchOptions opt;
        opt.facts = opt.summaries = false;
        auto hits = m->search(q, 5, opt);
        EXPECT_TRUE(hits);
        for (auto& h : hits ? *hits : std::vector<Hit>{})
            if (!h.sources.empty() && h.sources[0] == id) return h.score;
        return 0.0;
    };
    const char* about_sam = "What does Sam do on weekends?";
    double off = score("self=1", about_sam, "s2.2"), on = score("self=1.5", about_sam, "s2.2");
    ASSERT_GT(off, 0);
    EXPECT_NEAR(on / off, 1.5, 1e-9);
    EXPECT_NEAR(score("self=1.5", about_sam, "s2.0"), score("self=1", about_sam, "s2.0"), 1e-12);
    EXPECT_NEAR(score("self=1.5", about_sam, "s2.1"), score("self=1", about_sam, "s2.1"), 1e-12);
    const char* to_ana = "What does Sam tell Ana about weekends?";
    EXPECT_NEAR(score("self=1.5", to_ana, "s2.2"), score("self=1", to_ana, "s2.2"), 1e-12);
}

// Prefix stems strip derivational suffixes, -ship and -hood among them:
// "When did Jon receive mentorship?" is answered by "I got mentored".
TEST(RecallRank, DerivationalStems) {
    EXPECT_EQ(derivational_stem("creativity"), "creativ");
    EXPECT_EQ(derivational_stem("mentorship"), "mentor");
    EXPECT_EQ(derivational_stem("parenthood"), "parent");
    EXPECT_EQ(derivational_stem("ship"), "");  // too short to be a stem and a suffix
    TempDir dir;
    auto m = store_with(dir, {{"Sam", "I got mentored by an amazing business owner yesterday."},
                              {"Ana", "That sounds inspiring."}});
    ASSERT_TRUE(m);
    EXPECT_EQ(rank_of(sources(*m, "When did Sam receive mentorship?", 3), "s2.0"), 1);
}
