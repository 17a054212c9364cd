// Internal to the crisis detector: the learned layer beside the rules.
// Not a public API.
//
// The phrase rules and cue classes know the phrasings their authors
// listed. The learned layer reads a message as a bag of features that
// carry over to phrasings nobody listed: words, word pairs, words in the
// scope of a negation, the detector's word sets and cue classes (and
// which cue classes meet in one clause), hand-written classes that put
// unseen words on shared ground ("razor", "blade", "scissors" -> a sharp
// thing; "bridge", "roof", "car park" -> a high place), who the clause is
// about and whether it names everyday business; since the fifth pass also
// letter groups of each word (misspellings), word classes in order, word
// pairs one apart, and what the emotion recogniser (src/affect) hears in
// the message, so new authors' wording lands on shared features. A multinomial logistic
// regression (none / self-harm / danger / medical), trained offline by
// bench/safety_train.cpp on the labelled files in bench/data/safety/ and
// embedded in safety_model_weights.cpp, scores them.
//
// The detector consults it only when no rule fired, and only when no
// blocker speaks: laughter, fiction or the past (those clauses are not
// read at all), a self-harm reading of a message about someone else or
// of an accident ("cut my arm shaving, clumsy me"), and everyday business
// when `everyday_blocks` (see detect_crisis). Where a rule fired, its
// reading stands unless the model's p(crisis) is below `veto` for the
// whole message and for each of its clauses. Threshold
// and veto were chosen by cross-validation over the labelled files,
// leaving one author's file out at a time, never on a scored set (fresh2,
// fresh8, fresh9, fresh10, fresh11, fresh12). The veto reads only messages
// of more than `veto_min_words` words (chosen the same way). A denial ("I'm
// not suicidal") or a recovery told ("four years free from self harm")
// blocks a self-harm reading like someone else or an accident does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "companion/safety.h"
#include "companion/safety_match.h"

namespace os1::companion::safety {

// What the learned layer sees of a message.
struct ModelInput {
    std::vector<std::string> features;  // sorted, unique
    bool laughing = false;              // "lol", "jk", "😂" anywhere
    bool everyday = false;              // a read clause names everyday business (EVERYDAY)
    bool about_other = false;           // someone else is the subject and the speaker never is
    bool accident = false;              // an accident or a chore, not negated ("on the oven", "shaving")
    bool empty = false;                 // nothing left to read (all fiction or the past)
    bool denied = false;                // the message denies thoughts of self-harm ("I'm not suicidal")
    bool recovered = false;             // it tells a recovery and nothing of it coming back
};
ModelInput model_input(std::string_view text);

// The message's clauses as texts of their own, when it has more than one
// ("I love hiking with my sister but honestly I want to die" -> two). The
// veto reads each too: a rule's reading stands when the whole message OR
// any one clause reaches the veto, so cheerful words elsewhere in a
// message cannot overrule what a clause says.
std::vector<std::string> clause_texts(std::string_view text);

struct ModelScore {
    double p_crisis = 0;                 // 1 - P(none)
    CrisisKind kind = CrisisKind::None;  // the most likely crisis kind
    double p[4] = {1, 0, 0, 0};          // none, self-harm, danger, medical
};
ModelScore model_score(const std::vector<std::string>& features);

// Words in a message (runs of non-blank characters), for the veto's minimum.
int message_words(std::string_view text);

// The embedded model.
struct ModelWeight {
    const char* feature;
    float w[4];  // none, self-harm, danger, medical
};
struct EmbeddedModel {
    const ModelWeight* weights;  // sorted by feature (strcmp)
    int count;
    float bias[4];
    float threshold;  // fire when p_crisis >= threshold (and nothing blocks)
    bool everyday_blocks;  // whether everyday business blocks the layer (else it is only a feature)
    float veto = 0;        // a rule's reading stands only where p_crisis >= veto (0: always)
    float threshold_others = 0;  // for a danger or medical reading (0: `threshold`)
    bool other_blocks_danger = false;  // a danger reading of a message about someone else is blocked too
    int veto_min_words = 0;  // the veto reads only messages of more words than this: a short message
                             // ("I feel like dying.") gives the model too little to overrule a rule
};
const EmbeddedModel& embedded_model();

// The rules alone (detect_crisis = these, then the learned layer); for
// the trainer's cross-validation and for tests.
CrisisSignal detect_by_rules(std::string_view text);

// The detector's word sets (word_set_table() then cue_set_table(), @sets
// expanded), shared by the rules and the learned layer.
WordSets build_word_sets();

}  // namespace os1::companion::safety
