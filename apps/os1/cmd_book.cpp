// os1 book: your finished letters typeset into a PDF book (a cover with
// the title, your name and the dates, then one letter after another).
#include <cstdio>

#include "command.h"
#include "companion/home.h"
#include "companion/letters.h"
#include "core/args.h"
#include "core/text.h"

namespace os1::cli {
namespace {

int book(std::span<const std::string> args) {
    ArgParser p("os1 book", "Gather finished letters into a book: a PDF with a cover, one letter after another.");
    std::string out = "letters.pdf", ids, title = "Letters", author, page = "a5";
    bool all = false, utc = false, json = false;
    p.option("out", 'o', "FILE.pdf", "where to write the book (default letters.pdf)", &out);
    p.option("letters", 0, "ID,...", "these letters, in this order", &ids);
    p.flag("all", 0, "every finished letter, oldest first", &all);
    p.option("title", 0, "TEXT", "the book's title (default \"Letters\")", &title);
    p.option("author", 0, "NAME", "the name on the cover (default: yours, from the first meeting)", &author);
    p.option("page", 0, "SIZE", "a5 (default) or letter", &page);
    p.flag("utc", 0, "dates in UTC instead of local time", &utc);
    p.flag("json", 0, "print what was written as JSON", &json);
    p.epilog("examples:\n  os1 book --all\n  os1 book --letters 3,1,4 --title \"For Catherine\" --out catherine.pdf --page letter");
    return run_parsed(p, args, [&] {
        companion::BookRequest r;
        r.out = out;
        r.all = all;
        r.title = title;
        r.author = author;
        r.page = page;
        r.utc = utc;
        if (all && !ids.empty()) {
            std::fprintf(stderr, "os1 book: give --letters or --all, not both\n");
            return 2;
        }
        size_t start = 0;
        while (!ids.empty() && start <= ids.size()) {
            size_t comma = ids.find(',', start);
            std::string one = ids.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            try {
                size_t used = 0;
                long long v = std::stoll(one, &used);
                if (used != one.size() || v <= 0) throw std::invalid_argument(one);
                r.ids.push_back(v);
            } catch (...) {
                std::fprintf(stderr, "os1 book: --letters takes ids separated by commas (like 3,1,4), not %s\n",
                             quote_capped(one).c_str());
                return 2;
            }
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (!all && r.ids.empty()) {
            std::fprintf(stderr, "os1 book: say which letters: --letters 1,3,4 or --all\n");
            return 2;
        }
        if (page != "a5" && page != "letter" && page != "A5" && page != "Letter") {
            std::fprintf(stderr, "os1 book: --page must be a5 or letter, not %s\n", quote_capped(page).c_str());
            return 2;
        }
        auto home = companion::Home::open();
        if (!home) return report_error(home.error());
        auto done = companion::make_book(**home, r);
        if (!done) return report_error(done.error());
        if (json) {
            std::printf("%s\n", dump_json({{"out", done->out.string()}, {"pages", done->pages}, {"letters", done->letters},
                                           {"ms", done->ms}}).c_str());
        } else {
            std::printf("Wrote %s: %d letter(s) on %d page(s).\n", for_terminal(done->out.string()).c_str(), done->letters,
                        done->pages);
        }
        return 0;
    });
}

OS1_COMMAND("book", "your finished letters, typeset into a PDF book", book);

}  // namespace
}  // namespace os1::cli
