// The book: chosen letters typeset into a PDF with cairo and pango, as in
// the film where she gathers his letters into a book. A cover (the title,
// the person's name, the dates the letters span), then each letter on a
// new page with its title, recipient and date; the body is broken into
// lines and justified by Pango (UTF-8 throughout; scripts and emoji that
// the serif lacks come from fontconfig's fallback fonts), long letters
// flow across pages, and every page after the cover carries its number.
//
//   BookOptions o{.title = "Letters", .author = "Theodore", .page = PageSize::A5};
//   BookReport r = TRY(typeset_book("book.pdf", o, letters));
//
// Text is drawn as plain text (never Pango markup), after UTF-8 repair;
// control characters other than line breaks and tabs are dropped, so a
// hostile letter cannot break the file. The PDF is written to a temporary
// file and renamed, so a failure leaves no half book.
// Thread safety: one book at a time per thread (fontconfig is shared).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1::skills::letters {

enum class PageSize { A5, Letter };
Result<PageSize> parse_page_size(std::string_view text);  // "a5", "letter"

struct BookLetter {
    std::string title;      // "To Catherine"
    std::string recipient;  // "Catherine"
    std::string body;
    int64_t date_ms = 0;    // when it was finished (or written)
};

struct BookOptions {
    std::string title = "Letters";
    std::string author;            // the person's name ("" = none on the cover)
    PageSize page = PageSize::A5;
    bool utc = false;              // dates in UTC instead of the machine's local time
    std::string font = "Liberation Serif, DejaVu Serif, Serif";  // fontconfig families, first found wins; fallback fonts fill in missing scripts
};

struct BookReport {
    int pages = 0;       // the cover included
    int letters = 0;
    double ms = 0;       // time to typeset and write
};

Result<BookReport> typeset_book(const std::filesystem::path& out, const BookOptions& options,
                                std::span<const BookLetter> letters);

// "7 December 2026" for epoch milliseconds (local time unless utc).
std::string book_date(int64_t ms, bool utc);
// Text safe to hand Pango: valid UTF-8, no control characters but \n; tabs become spaces.
std::string book_text(std::string_view text);

}  // namespace os1::skills::letters
