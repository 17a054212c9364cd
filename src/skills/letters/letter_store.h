// One person's letters: drafts and finished letters, with every earlier
// text kept. The file is <owner's skills folder>/letters.db, so owners are
// kept apart by folder (companion/owner_files.h); nothing in it is shared.
//
//   auto store = TRY(LetterStore::open(context.dir / "letters.db", *context.clock));
//   Letter l = TRY(store->create({.recipient = "Catherine", .body = "Dear Catherine,\n\n"}));
//   TRY(store->edit(l.id, {.body = "Dear Catherine,\n\nI miss you."}));  // keeps the old text
//   TRY(store->finish(l.id));
//
// A letter's text is the person's own words (or words they asked for and
// kept): stored as given after UTF-8 repair, never read as an instruction.
// Deleting is soft (deleted_ms) so the skill's delete can be undone; a
// deleted letter is absent from list() and find_*(), present in get().
// Errors: Error::not_found for an unknown id, Error::invalid for an empty
// recipient or a text past MAX_LETTER_BYTES, store errors from SQLite.
// Thread safety: one thread at a time (one Database connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"
#include "store/database.h"

namespace os1::skills::letters {

// A letter's body may be long, but not unbounded (a book page holds ~2 KB).
inline constexpr size_t MAX_LETTER_BYTES = 256 * 1024;
inline constexpr size_t MAX_RECIPIENT_BYTES = 200;
inline constexpr size_t MAX_TITLE_BYTES = 300;

enum class LetterStatus { Draft, Finished };
std::string_view status_name(LetterStatus status);  // "draft", "finished"

struct Letter {
    int64_t id = 0;
    std::string recipient;  // "Catherine"
    std::string title;      // "To Catherine" unless the person named it
    std::string body;
    LetterStatus status = LetterStatus::Draft;
    int64_t created_ms = 0;
    int64_t updated_ms = 0;
    int64_t finished_ms = 0;  // 0 while a draft
    int64_t deleted_ms = 0;   // 0 unless deleted (soft)
    int versions = 0;         // earlier texts kept
};

struct LetterVersion {
    int64_t id = 0;
    std::string title;
    std::string body;
    int64_t saved_ms = 0;  // when this text was replaced
};

struct NewLetter {
    std::string recipient;
    std::string title;  // "" = "To <recipient>"
    std::string body;
};

struct LetterEdit {
    std::optional<std::string> recipient;
    std::optional<std::string> title;
    std::optional<std::string> body;
};

// Which letter a conversation is writing (the skill's dictation), kept on
// disk (a conversation is one window's: a restarted chat resumes with "continue my letter to ...").
struct Drafting {
    int64_t letter_id = 0;
    std::string mode;  // "dictate" (the person's words become the body) or "revise" (the brain rewrites)
    int64_t touched_ms = 0;
};

Json letter_json(const Letter& letter, bool with_body = true);

class LetterStore {
public:
    static Result<std::unique_ptr<LetterStore>> open(const std::filesystem::path& file, const Clock& clock);

    Result<Letter> create(const NewLetter& letter);
    Result<Letter> get(int64_t id);  // deleted ones too
    // Newest first (updated), without deleted ones.
    Result<std::vector<Letter>> list();
    // The newest letter (not deleted) whose recipient is `name` (case-insensitive),
    // else one whose recipient starts with it; nullopt when none.
    Result<std::optional<Letter>> find_by_recipient(std::string_view name, std::optional<LetterStatus> status = {});
    // Changes what is given; the replaced text is kept as a version. A
    // finished letter may be edited (it stays finished).
    Result<Letter> edit(int64_t id, const LetterEdit& edit);
    // Adds a paragraph to the body (a version is kept).
    Result<Letter> append(int64_t id, std::string_view paragraph);
    Result<Letter> finish(int64_t id);
    Result<Letter> reopen(int64_t id);  // back to a draft
    Result<std::vector<LetterVersion>> versions(int64_t id);
    Result<void> mark_deleted(int64_t id);
    Result<void> restore(int64_t id);

    // Every letter, deleted ones too, oldest first (the export).
    Result<std::vector<Letter>> all_letters();
    // Forgetting (companion/forget.h): every stored text (each letter's
    // title and body, every kept version) is passed to `rewrite` with the
    // letter's recipient; where it
    // returns a new text, that replaces the old one in place (no version
    // is kept of it). Returns how many letters changed; then compact().
    Result<int> rewrite_texts(const std::function<std::optional<std::string>(std::string_view text, bool title, std::string_view recipient)>& rewrite);
    // Every letter, version and drafting row (then compact()); how many letters went.
    Result<int64_t> erase_all();
    // The WAL written into the file and emptied (after erasing).
    Result<void> compact();

    Result<std::optional<Drafting>> drafting(std::string_view conversation);
    Result<void> set_drafting(std::string_view conversation, const Drafting& drafting);
    Result<void> stop_drafting(std::string_view conversation);

private:
    LetterStore(std::unique_ptr<store::Database> db, const Clock& clock) : m_db(std::move(db)), m_clock(&clock) {}
    Result<Letter> replace_text(const Letter& old, const Letter& updated);

    std::unique_ptr<store::Database> m_db;
    const Clock* m_clock;
};

}  // namespace os1::skills::letters
