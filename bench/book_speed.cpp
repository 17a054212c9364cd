// Typesetting time for a book of 50 letters (os1 book): letters of 150 to
// 1,500 words in plain and accented English with a few lines of other
// scripts, typeset to A5 and to Letter, each run 3 times; prints the median.
//
//   build/bench/book_speed [--letters N] [--out DIR]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "skills/letters/book.h"

using namespace os1::skills::letters;

namespace {

const char* WORDS[] = {"the", "morning", "light", "café", "remember", "walked", "river", "garden", "naïve", "letter",
                       "quietly", "and", "we", "laughed", "about", "everything", "you", "said", "summer", "Lisbon",
                       "afraid", "little", "kitchen", "window", "rain", "déjà", "vu", "again", "home", "heart"};

std::string letter_body(int words, unsigned seed) {
    std::string s = "Dear friend,\n\n";
    unsigned x = seed * 2654435761u + 1;
    for (int i = 0; i < words; ++i) {
        x = x * 1103515245u + 12345u;
        s += WORDS[(x >> 8) % (sizeof WORDS / sizeof *WORDS)];
        if (i % 97 == 96) s += ".\n\n";
        else if (i % 13 == 12) s += ". ";
        else if (i % 7 == 6) s += ", ";
        else s += " ";
    }
    if (seed % 5 == 0) s += "\n\n你好，我的朋友。 مرحبا يا صديقي 🙂";
    return s + "\n\nWith love,\nTheodore";
}

}  // namespace

int main(int argc, char** argv) {
    int n = 50;
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "os1-book-speed";
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--letters") n = std::atoi(argv[i + 1]);
        else if (a == "--out") dir = argv[i + 1];
    }
    std::filesystem::create_directories(dir);
    std::vector<BookLetter> letters;
    size_t words = 0;
    for (int i = 0; i < n; ++i) {
        int w = 150 + (i * 277) % 1351;  // 150 .. 1,500 words
        words += static_cast<size_t>(w);
        letters.push_back({"To a friend, " + std::to_string(i + 1), "Catherine", letter_body(w, static_cast<unsigned>(i)),
                           1'700'000'000'000LL + i * 86'400'000LL * 7});
    }
    std::printf("book_speed: %d letters, %zu words\n", n, words);
    std::printf("%-8s %6s %12s %12s\n", "page", "pages", "median ms", "ms/page");
    for (PageSize size : {PageSize::A5, PageSize::Letter}) {
        std::vector<double> ms;
        int pages = 0;
        for (int run = 0; run < 3; ++run) {
            BookOptions o;
            o.title = "Letters";
            o.author = "Theodore Twombly";
            o.page = size;
            auto r = typeset_book(dir / (size == PageSize::A5 ? "a5.pdf" : "letter.pdf"), o, letters);
            if (!r) {
                std::fprintf(stderr, "book_speed: %s\n", r.error().message.c_str());
                return 1;
            }
            ms.push_back(r->ms);
            pages = r->pages;
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%-8s %6d %12.0f %12.1f\n", size == PageSize::A5 ? "A5" : "Letter", pages, ms[1], ms[1] / pages);
    }
    std::printf("books written to %s\n", dir.c_str());
    return 0;
}
