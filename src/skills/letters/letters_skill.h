// The letters skill: "help me write a letter to Catherine" starts a draft;
// "read me my letter to Catherine", "finish the letter", "what letters have
// I written?", "continue my letter to Catherine", "delete my letter to
// Catherine" (a proposal, undoable).
//
// Writing, two ways:
//   with a model (LetterHelpers::write set): the brain writes a first draft
//     in the person's voice from what memory knows about the recipient
//     (LetterHelpers::recall); the person's next messages in that
//     conversation ask for changes ("make it shorter"), each rewrite keeping
//     the text before it as a version;
//   without one (the none brain): the draft opens with "Dear Catherine,"
//     and the person's next messages in that conversation become the body,
//     one paragraph each, until they say "that's all" (finished), "stop for
//     now" (kept as a draft) or "read it back".
// Either way "that's all" finishes the letter. A conversation's letter in
// progress is stored (letters.db), so a restart carries on; it lapses after
// DRAFTING_LAPSE_MS without a word.
//
// The letter's words are the person's own: they are kept as they are asked
// to be kept (like memory keeps messages), not proposed; only deleting,
// which loses a letter, waits for a yes. While a letter is being written,
// nothing in it acts: "remind me ..." or "delete my letter" inside it are
// words of the letter (letter_words.h).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "skills/skill.h"

namespace os1::skills::letters {

inline constexpr int64_t DRAFTING_LAPSE_MS = 3LL * 3600 * 1000;

// What the companion lends the skill (skills never depend on brain or
// memory; these are plain functions, empty when absent).
struct LetterHelpers {
    // What memory knows about a person, short lines best first.
    std::function<std::vector<std::string>(std::string_view recipient)> recall;
    // The model writes: (system, user) -> text. Empty = no model.
    std::function<Result<std::string>(const std::string& system, const std::string& user)> write;
    std::string person;  // the person's name, to sign with ("" = unknown)
};

class LettersSkill final : public Skill {
public:
    explicit LettersSkill(LetterHelpers helpers = {}) : m_helpers(std::move(helpers)) {}
    std::string_view name() const override { return "letters"; }
    Result<std::optional<Reply>> answer(const Context& context, std::string_view message) override;
    // "delete": payload {"id"}; the letter is put aside (soft), result {"id"}.
    Result<Json> run(const Context& context, const Proposal& proposal) override;
    // "delete" undone: the letter is back.
    Result<void> undo(const Context& context, const Proposal& proposal) override;

private:
    LetterHelpers m_helpers;
};

// The letters file of a skills folder.
std::filesystem::path letters_file(const Context& context);

// A "delete" proposal for one letter (the CLI and the skill make the same one).
Proposal delete_proposal(const Context& context, int64_t id, const std::string& recipient, const std::string& title);

}  // namespace os1::skills::letters
