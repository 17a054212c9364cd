// The book as a PDF: valid, the right number of pages, text extractable in
// order, justified lines, both page sizes, and hostile text that does not
// break it. Checked with poppler-utils (pdfinfo, pdftotext) when present.
#include "skills/letters/book.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include "core/files.h"
#include "test_support.h"

namespace os1::skills::letters {
namespace {

bool have(const char* tool) { return test::run_command(str("command -v ", tool, " >/dev/null 2>&1")).status == 0; }

#define REQUIRE_POPPLER()                                                                             \
    if (!have("pdfinfo") || !have("pdftotext"))                                                       \
        GTEST_SKIP() << "poppler-utils (pdfinfo, pdftotext) is not installed: scripts/setup installs it";

std::string head_of(const std::filesystem::path& p, size_t n) {
    std::ifstream in(p, std::ios::binary);
    std::string s(n, '\0');
    in.read(s.data(), static_cast<std::streamsize>(n));
    s.resize(static_cast<size_t>(in.gcount()));
    return s;
}

int pdf_pages(const std::filesystem::path& p) {
    auto r = test::run_command(str("pdfinfo '", p.string(), "'"));
    std::smatch m;
    if (r.status != 0 || !std::regex_search(r.out, m, std::regex("Pages:\\s+(\\d+)"))) return -1;
    return std::stoi(m[1]);
}

std::string pdf_text(const std::filesystem::path& p, int first = 0, int last = 0) {
    std::string range = first ? str(" -f ", first, " -l ", last) : std::string();
    return test::run_command(str("pdftotext -enc UTF-8", range, " '", p.string(), "' -")).out;
}

std::string paragraph(int words, const char* seed) {
    std::string s;
    for (int i = 0; i < words; ++i) s += str(i ? " " : "", seed, i % 7 == 0 ? "s" : "", i % 11 == 0 ? "," : "");
    return s + ".";
}

const int64_t DEC_2025 = 1'765'000'000'000;  // 6 December 2025, 05:46 UTC

std::vector<BookLetter> three_letters() {
    return {
        {"To Catherine", "Catherine", "Dear Catherine,\n\nI've been thinking about the summer in Lisbon. " +
                                          paragraph(120, "remember") + "\n\nLove, Theodore", DEC_2025},
        {"A thank you", "Amy", "Dear Amy,\n\nThank you for the birthday card.\n\nTheo", DEC_2025 + 40LL * 86'400'000},
        {"To Paul", "Paul", "Dear Paul,\n\n" + paragraph(1800, "words") + "\n\nThe very last sentence of the book.",
         DEC_2025 + 90LL * 86'400'000},
    };
}

TEST(Book, AValidPdfWithACoverAndEveryLetterInOrder) {
    REQUIRE_POPPLER();
    test::TempDir dir;
    auto letters = three_letters();
    BookOptions o;
    o.title = "Letters to the People I Love";
    o.author = "Theodore Twombly";
    o.utc = true;
    auto report = typeset_book(dir / "book.pdf", o, letters);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(head_of(dir / "book.pdf", 5), "%PDF-");
    EXPECT_EQ(report->letters, 3);
    int pages = pdf_pages(dir / "book.pdf");
    EXPECT_EQ(pages, report->pages);
    EXPECT_GE(pages, 1 + 1 + 1 + 4);  // cover, two short letters, Paul's long one flows over several pages

    std::string cover = pdf_text(dir / "book.pdf", 1, 1);
    std::replace(cover.begin(), cover.end(), '\n', ' ');  // the title may take two lines
    EXPECT_NE(cover.find("Letters to the People I Love"), std::string::npos);
    EXPECT_NE(cover.find("Theodore Twombly"), std::string::npos);
    EXPECT_NE(cover.find("December 2025 \u2013 March 2026"), std::string::npos) << cover;
    EXPECT_NE(cover.find("3 letters"), std::string::npos);

    std::string text = pdf_text(dir / "book.pdf");
    size_t a = text.find("Dear Catherine"), b = text.find("A thank you"), c = text.find("Dear Amy"),
           d = text.find("Dear Paul"), e = text.find("The very last sentence of the book.");
    ASSERT_NE(a, std::string::npos);
    ASSERT_NE(e, std::string::npos) << "the end of a long letter is lost";
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    EXPECT_LT(c, d);
    EXPECT_LT(d, e);
    EXPECT_NE(text.find("6 December 2025"), std::string::npos);
    EXPECT_NE(text.find("to Amy"), std::string::npos);  // the recipient when the title does not name them
    // Page numbers: the last page carries its own.
    std::string last = pdf_text(dir / "book.pdf", pages, pages);
    EXPECT_NE(last.find(std::to_string(pages)), std::string::npos);
    EXPECT_NE(last.find("The very last sentence"), std::string::npos);
    // The page size is A5 (148 x 210 mm).
    EXPECT_NE(test::run_command(str("pdfinfo '", (dir / "book.pdf").string(), "'")).out.find("419.53 x 595.28"),
              std::string::npos);
}

TEST(Book, ParagraphsAreJustified) {
    REQUIRE_POPPLER();
    test::TempDir dir;
    std::vector<BookLetter> letters = {{"To Paul", "Paul", paragraph(400, "justified"), DEC_2025}};
    ASSERT_TRUE(typeset_book(dir / "j.pdf", {}, letters));
    auto r = test::run_command(str("pdftotext -bbox-layout -f 2 -l 2 '", (dir / "j.pdf").string(), "' -"));
    ASSERT_EQ(r.status, 0);
    // Every full line of the paragraph ends at the same right edge.
    std::regex line_re("<line xMin=\"([0-9.]+)\" yMin=\"[0-9.]+\" xMax=\"([0-9.]+)\"");
    std::vector<double> right;
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), line_re); it != std::sregex_iterator(); ++it)
        right.push_back(std::stod((*it)[2]));
    ASSERT_GE(right.size(), 12u);
    int flush = 0;
    double edge = right[3];
    for (size_t i = 2; i + 1 < right.size(); ++i) flush += std::abs(right[i] - edge) < 1.0;
    EXPECT_GE(flush, static_cast<int>(right.size()) - 5) << "lines do not share a right edge: not justified";
}

TEST(Book, LetterPagesAndUtf8) {
    REQUIRE_POPPLER();
    test::TempDir dir;
    std::vector<BookLetter> letters = {
        {"À Zoë", "Zoë", "Chère Zoë,\n\nLe café était délicieux. Ça m'a fait du bien.\n\n你好，朋友。\n\nمرحبا يا صديقي\n\n🙂 ❤️",
         DEC_2025}};
    BookOptions o;
    o.page = PageSize::Letter;
    ASSERT_TRUE(typeset_book(dir / "u.pdf", o, letters));
    EXPECT_NE(test::run_command(str("pdfinfo '", (dir / "u.pdf").string(), "'")).out.find("612 x 792"), std::string::npos);
    std::string text = pdf_text(dir / "u.pdf");
    EXPECT_NE(text.find("Chère Zoë"), std::string::npos);
    EXPECT_NE(text.find("Le café était délicieux."), std::string::npos);
    if (test::run_command("fc-list :lang=zh | grep -q .").status == 0) EXPECT_NE(text.find("你好"), std::string::npos);
    // pdftotext may put a space between joined Arabic glyphs; the letters are there, in order.
    std::string unspaced = text;
    unspaced.erase(std::remove(unspaced.begin(), unspaced.end(), ' '), unspaced.end());
    if (test::run_command("fc-list :lang=ar | grep -q .").status == 0)
        EXPECT_NE(unspaced.find("مرحبايا"), std::string::npos);
}

TEST(Book, HostileTextDoesNotBreakTheBook) {
    REQUIRE_POPPLER();
    test::TempDir dir;
    std::string controls = "Bell\a and escape \x1b[31mred\x1b[0m, NUL-free, form\ffeed, C1 \xc2\x9b, tab\there";
    std::string invalid = "broken \xff\xfe bytes \xc3 cut \xed\xa0\x80 surrogate";
    std::string huge(200 * 1024, 'w');  // one word of 200 KB: broken between characters
    std::string rtl = "\u202Eevil override\u202C and \u05E9\u05DC\u05D5\u05DD mixed with English";
    std::vector<BookLetter> letters = {
        {"<b>Not markup</b> & more", "<i>Eve</i>", controls, DEC_2025},
        {"Invalid", "Mallory", invalid, 0},
        {"Huge", "Trent", huge, DEC_2025},
        {"RTL", "Oscar", rtl, DEC_2025},
        {std::string(300, 'T'), "", "", DEC_2025},
    };
    auto report = typeset_book(dir / "h.pdf", {}, letters);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(pdf_pages(dir / "h.pdf"), report->pages);
    EXPECT_GT(report->pages, 20);  // the 200 KB word flows over many pages
    std::string text = pdf_text(dir / "h.pdf");
    EXPECT_NE(text.find("<b>Not markup</b> & more"), std::string::npos);  // drawn as text, not read as markup
    EXPECT_NE(text.find("escape [31mred"), std::string::npos);           // ESC dropped, the rest kept
    EXPECT_NE(text.find("broken"), std::string::npos);
}

TEST(Book, ErrorsAreClearAndLeaveNothingBehind) {
    test::TempDir dir;
    auto none = typeset_book(dir / "x.pdf", {}, {});
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message.find("at least one finished letter"), std::string::npos);
    auto letters = three_letters();
    auto bad = typeset_book(dir / "no" / "such" / "folder" / "x.pdf", {}, letters);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Io);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
    EXPECT_FALSE(parse_page_size("a4"));
    EXPECT_EQ(parse_page_size("Letter").value(), PageSize::Letter);
}

TEST(Book, TextIsCleanedForTypesetting) {
    EXPECT_EQ(book_text("a\r\nb\rc\td\x01" "e\x7f"), "a\nb\nc    de");
    EXPECT_EQ(book_text("x\xc2\x85y"), "xy");  // NEL, a C1 control
    EXPECT_EQ(book_text("caf\xc3\xa9"), "café");
    EXPECT_EQ(book_date(DEC_2025, true), "6 December 2025");
    EXPECT_EQ(book_date(0, true), "");
}

}  // namespace
}  // namespace os1::skills::letters
