// Typesetting time for a book of 50 letters (os1 book): letters of 150 to
// 1,500 words in plain and accented English with a few lines of other
// scripts, finished in a fresh home (OS1_HOME under --out), then typeset
// through the companion's front door (companion/letters.h, as `os1 book`
// does) to A5 and to Letter, each 3 times; prints the median.
//
//   build/bench/book_speed [--letters N] [--out DIR]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "companion/home.h"
#include "companion/letters.h"

using namespace os1::companion;

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
    std::filesystem::remove_all(dir / "home");
    std::filesystem::create_directories(dir / "home");
    setenv("OS1_HOME", (dir / "home").c_str(), 1);
    auto home = Home::open();
    if (!home) {
        std::fprintf(stderr, "book_speed: %s\n", home.error().message.c_str());
        return 1;
    }
    size_t words = 0;
    for (int i = 0; i < n; ++i) {
        int w = 150 + (i * 277) % 1351;  // 150 .. 1,500 words
        words += static_cast<size_t>(w);
        auto l = new_letter(**home, {"Catherine", "To a friend, " + std::to_string(i + 1), letter_body(w, static_cast<unsigned>(i))});
        if (!l || !finish_letter(**home, l->id)) {
            std::fprintf(stderr, "book_speed: could not store letter %d\n", i + 1);
            return 1;
        }
    }
    std::printf("book_speed: %d letters, %zu words\n", n, words);
    std::printf("%-8s %6s %12s %12s\n", "page", "pages", "median ms", "ms/page");
    for (const char* size : {"a5", "letter"}) {
        std::vector<double> ms;
        int pages = 0;
        for (int run = 0; run < 3; ++run) {
            BookRequest r;
            r.out = dir / (std::string(size) + ".pdf");
            r.all = true;
            r.author = "Theodore Twombly";
            r.page = size;
            auto b = make_book(**home, r);
            if (!b) {
                std::fprintf(stderr, "book_speed: %s\n", b.error().message.c_str());
                return 1;
            }
            ms.push_back(b->ms);
            pages = b->pages;
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%-8s %6d %12.0f %12.1f\n", size, pages, ms[1], ms[1] / pages);
    }
    std::printf("books written to %s\n", dir.c_str());
    return 0;
}
