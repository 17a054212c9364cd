// Letters and the book, for one owner (issue 17): the use cases behind
// `os1 letter ...` and `os1 book`, free functions over a Home so every
// front end shares them. The letters live in the owner's skills folder
// (<owner's data>/skills/letters.db, owner_files.h), so one person's
// letters never reach another's.
//
//   auto letters = TRY(list_letters(*home));
//   LetterInfo l = TRY(new_letter(*home, {.recipient = "Catherine", .body = "Dear Catherine, ..."}));
//   TRY(finish_letter(*home, l.id));
//   BookOutcome b = TRY(make_book(*home, {.out = "letters.pdf", .all = true}));
//
// Deleting goes through the skills ledger as a proposal the command itself
// confirms (source "cli"), so it is listed with every other action and can
// be undone (restore_letter). Editing keeps the previous text as a version.
// Errors: Error::not_found for an unknown letter, Error::invalid for bad
// input (no recipient, a draft asked for in a book), Error::io from files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace os1::skills {
class Skill;
}

namespace os1::companion {

class Home;

struct LetterInfo {
    int64_t id = 0;
    std::string recipient;
    std::string title;
    std::string body;
    std::string status;       // "draft" | "finished"
    int64_t created_ms = 0;
    int64_t updated_ms = 0;
    int64_t finished_ms = 0;  // 0 while a draft
    int versions = 0;         // earlier texts kept
    int words = 0;
};
struct LetterVersionInfo {
    std::string title, body;
    int64_t saved_ms = 0;     // when it was replaced
};

// {"id","recipient","title","status","created","updated","finished"?,"versions","words","body"?}
Json letter_info_json(const LetterInfo& letter, bool with_body);

struct LetterDraft {
    std::string recipient;
    std::string title;        // "" = "To <recipient>"
    std::string body;
};
struct LetterChange {
    std::optional<std::string> recipient, title, body;
};

Result<std::vector<LetterInfo>> list_letters(Home& home);  // newest first
// `ref`: a letter id ("3") or a recipient's name (the newest letter to them).
Result<LetterInfo> show_letter(Home& home, const std::string& ref);
Result<std::vector<LetterVersionInfo>> letter_versions(Home& home, int64_t id);
Result<LetterInfo> new_letter(Home& home, const LetterDraft& draft);
Result<LetterInfo> edit_letter(Home& home, int64_t id, const LetterChange& change);
Result<LetterInfo> finish_letter(Home& home, int64_t id);

struct LetterDeletion {
    LetterInfo letter;
    int64_t proposal = 0;     // the ledger's record of it
};
Result<LetterDeletion> delete_letter(Home& home, int64_t id);
// Undoes the latest deletion of letter `id`.
Result<LetterInfo> restore_letter(Home& home, int64_t id);

struct BookRequest {
    std::filesystem::path out = "letters.pdf";
    std::vector<int64_t> ids;     // in this order; empty with `all` = every finished letter, oldest first
    bool all = false;
    std::string title = "Letters";
    std::string author;           // "" = the person's name from the first meeting
    std::string page = "a5";      // "a5" | "letter"
    bool utc = false;
};
struct BookOutcome {
    std::filesystem::path out;
    int pages = 0;
    int letters = 0;
    double ms = 0;
};
Result<BookOutcome> make_book(Home& home, const BookRequest& request);

// The letters skill for this owner's desk: drafts written by the Home's
// brain when a model is there (after wake), from what memory knows about
// the recipient; the person's own words otherwise.
std::unique_ptr<skills::Skill> make_letters_skill(Home& home);

}  // namespace os1::companion
