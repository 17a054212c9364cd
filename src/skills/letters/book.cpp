// Typesetting the book. Pango breaks and justifies each paragraph; this
// file only decides where things go on the page and when a page is full.
// Paragraphs are laid out one at a time (a huge letter costs time in
// proportion to its length, not its square) and their lines are drawn one
// by one, so a paragraph longer than a page flows on to the next.
#include "skills/letters/book.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>
#include <system_error>

#include "core/clock.h"
#include "core/text.h"

namespace os1::skills::letters {
namespace {

std::string breakable(std::string_view text);

// Page geometry in PostScript points (1/72 inch).
struct Geometry {
    double width, height;
    double top, bottom, inner, outer;
    double body_pt;      // body text size
};

Geometry geometry(PageSize size) {
    if (size == PageSize::Letter) return {612.0, 792.0, 72.0, 78.0, 78.0, 66.0, 12.0};
    return {419.53, 595.28, 54.0, 62.0, 54.0, 44.0, 11.0};  // A5: 148 x 210 mm
}

template <typename T, void (*Free)(T*)>
struct Owned {
    T* p = nullptr;
    explicit Owned(T* ptr) : p(ptr) {}
    ~Owned() {
        if (p) Free(p);
    }
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
};
void free_layout(PangoLayout* l) { g_object_unref(l); }
void free_font(PangoFontDescription* f) { pango_font_description_free(f); }

// One book being drawn: the cairo context, the page being filled and the
// fonts. Pages are shown (ended) by new_page() and finish().
class Typesetter {
public:
    Typesetter(cairo_t* cr, const Geometry& g, const BookOptions& o) : m_cr(cr), m_g(g), m_options(o) {
        m_context = pango_cairo_create_context(cr);
        pango_cairo_context_set_resolution(m_context, 72.0);  // sizes in points
        cairo_font_options_t* fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);  // exact advances: even justification
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(m_context, fo);
        cairo_font_options_destroy(fo);
    }
    ~Typesetter() { g_object_unref(m_context); }

    int pages() const { return m_pages; }

    void cover(const std::string& title, const std::string& author, const std::string& dates, int n_letters) {
        double w = text_width();
        double y = m_g.height * 0.30;
        y += draw_block(book_text(title), font(24 * scale(), PANGO_WEIGHT_NORMAL, false), w, y, PANGO_ALIGN_CENTER);
        y += 18;
        cairo_set_source_rgb(m_cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(m_cr, 0.6);
        cairo_move_to(m_cr, m_g.width / 2 - 24, y);
        cairo_line_to(m_cr, m_g.width / 2 + 24, y);
        cairo_stroke(m_cr);
        cairo_set_source_rgb(m_cr, 0, 0, 0);
        y += 22;
        if (!author.empty()) y += draw_block(book_text(author), font(14 * scale(), PANGO_WEIGHT_NORMAL, true), w, y, PANGO_ALIGN_CENTER) + 8;
        if (!dates.empty()) y += draw_block(dates, font(11 * scale(), PANGO_WEIGHT_NORMAL, false), w, y, PANGO_ALIGN_CENTER);
        std::string count = n_letters == 1 ? "one letter" : std::to_string(n_letters) + " letters";
        cairo_set_source_rgb(m_cr, 0.35, 0.35, 0.35);
        draw_block(count, font(9.5 * scale(), PANGO_WEIGHT_NORMAL, true), w, m_g.height - m_g.bottom - 14, PANGO_ALIGN_CENTER);
        cairo_set_source_rgb(m_cr, 0, 0, 0);
        end_page(false);
    }

    void letter(const BookLetter& l) {
        begin_page();
        double w = text_width();
        m_y += draw_block(book_text(l.title), font(15 * scale(), PANGO_WEIGHT_SEMIBOLD, false), w, m_y, PANGO_ALIGN_LEFT);
        m_y += 4;
        std::string sub = book_date(l.date_ms, m_options.utc);
        std::string recipient = book_text(l.recipient);
        if (!recipient.empty() && book_text(l.title).find(recipient) == std::string::npos)
            sub = "to " + recipient + (sub.empty() ? "" : " \u00b7 " + sub);
        cairo_set_source_rgb(m_cr, 0.3, 0.3, 0.3);
        m_y += draw_block(sub, font(10 * scale(), PANGO_WEIGHT_NORMAL, true), w, m_y, PANGO_ALIGN_LEFT);
        cairo_set_source_rgb(m_cr, 0, 0, 0);
        m_y += m_g.body_pt * 2.0;

        Owned<PangoFontDescription, free_font> body_font(font(m_g.body_pt, PANGO_WEIGHT_NORMAL, false));
        std::string text = book_text(l.body);
        size_t start = 0;
        bool first = true;
        while (start <= text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            std::string_view para(text.data() + start, end - start);
            bool blank = para.find_first_not_of(' ') == std::string_view::npos;
            if (blank) {
                if (!first) m_y += m_g.body_pt * 0.7;  // a blank line: a paragraph break
            } else {
                paragraph(breakable(para), body_font.p);
                first = false;
            }
            if (end == text.size()) break;
            start = end + 1;
        }
        end_page(true);
    }

    void finish() {
        if (m_open) end_page(true);
    }

private:
    double scale() const { return m_g.width > 500 ? 1.15 : 1.0; }
    double text_width() const { return m_g.width - m_g.inner - m_g.outer; }
    // The page being drawn is number m_pages + 1; recto pages (odd numbers)
    // have the wide margin inside, on the left.
    double left() const { return (m_pages % 2 == 0) ? m_g.inner : m_g.outer; }
    double bottom_limit() const { return m_g.height - m_g.bottom; }

    PangoFontDescription* font(double pt, PangoWeight weight, bool italic) const {
        PangoFontDescription* f = pango_font_description_from_string(m_options.font.c_str());
        pango_font_description_set_size(f, static_cast<int>(pt * PANGO_SCALE));
        pango_font_description_set_weight(f, weight);
        if (italic) pango_font_description_set_style(f, PANGO_STYLE_ITALIC);
        return f;
    }

    PangoLayout* layout(std::string_view text, const PangoFontDescription* f, double width, PangoAlignment align,
                        bool justify) const {
        PangoLayout* l = pango_layout_new(m_context);
        pango_layout_set_font_description(l, f);
        pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align);
        pango_layout_set_justify(l, justify);
        pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
        return l;
    }

    // A short block (a title, a line) drawn whole at y; returns its height.
    // Takes ownership of the font description.
    double draw_block(const std::string& text, PangoFontDescription* f, double width, double y, PangoAlignment align) {
        Owned<PangoFontDescription, free_font> owned(f);
        Owned<PangoLayout, free_layout> l(layout(text, f, width, align, false));
        cairo_move_to(m_cr, left(), y);
        pango_cairo_show_layout(m_cr, l.p);
        int w = 0, h = 0;
        pango_layout_get_size(l.p, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }

    // One paragraph, justified, line by line so it may cross pages.
    void paragraph(std::string_view text, const PangoFontDescription* f) {
        Owned<PangoLayout, free_layout> l(layout(text, f, text_width(), PANGO_ALIGN_LEFT, true));
        pango_layout_set_line_spacing(l.p, 1.3f);
        PangoLayoutIter* it = pango_layout_get_iter(l.p);
        double offset = m_y;  // page y of the layout's y = 0
        do {
            int y0 = 0, y1 = 0;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            double top = static_cast<double>(y0) / PANGO_SCALE, bottom = static_cast<double>(y1) / PANGO_SCALE;
            if (offset + bottom > bottom_limit() && offset + top > m_g.top + 0.5) {
                end_page(true);
                begin_page();
                offset = m_y - top;
            }
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            double baseline = static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
            cairo_move_to(m_cr, left() + static_cast<double>(logical.x) / PANGO_SCALE, offset + baseline);
            pango_cairo_show_layout_line(m_cr, pango_layout_iter_get_line_readonly(it));
            m_y = offset + bottom;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        m_y += m_g.body_pt * 0.35;
    }

    void begin_page() {
        m_open = true;
        m_y = m_g.top;
    }

    void end_page(bool numbered) {
        if (numbered) {
            // The page's number, centred under the text block (the cover is page 1, unnumbered).
            cairo_set_source_rgb(m_cr, 0.35, 0.35, 0.35);
            draw_block(std::to_string(m_pages + 1), font(9 * scale(), PANGO_WEIGHT_NORMAL, false), text_width(),
                       m_g.height - m_g.bottom * 0.6, PANGO_ALIGN_CENTER);
            cairo_set_source_rgb(m_cr, 0, 0, 0);
        }
        ++m_pages;
        cairo_show_page(m_cr);
        m_open = false;
    }

    cairo_t* m_cr;
    Geometry m_g;
    const BookOptions& m_options;
    PangoContext* m_context = nullptr;
    int m_pages = 0;
    double m_y = 0;
    bool m_open = false;
};

// Pango takes time in the square of a word's length to break a word wider
// than the line (a pasted URL, a hostile 200 KB "word"), so a run of more
// than LONG_WORD characters without a space gets a zero-width space (a break
// opportunity, invisible) every LONG_WORD characters.
constexpr int LONG_WORD = 48;
std::string breakable(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    int run = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        bool starts_char = (c & 0xC0) != 0x80;
        if (c == ' ' || c == '\n') {
            run = 0;
        } else if (starts_char && ++run > LONG_WORD) {
            out += "\u200B";
            run = 1;
        }
        out += static_cast<char>(c);
    }
    return out;
}

std::string month_year(int64_t ms, bool utc, bool with_year) {
    time_t t = static_cast<time_t>(ms / 1000);
    std::tm tm{};
    if (utc) gmtime_r(&t, &tm); else localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, with_year ? "%B %Y" : "%B", &tm);
    return buf;
}

std::string date_range(std::span<const BookLetter> letters, bool utc) {
    int64_t lo = 0, hi = 0;
    for (const BookLetter& l : letters) {
        if (l.date_ms <= 0) continue;
        if (!lo || l.date_ms < lo) lo = l.date_ms;
        if (!hi || l.date_ms > hi) hi = l.date_ms;
    }
    if (!lo) return {};
    std::string a = month_year(lo, utc, true), b = month_year(hi, utc, true);
    if (a == b) return a;
    if (a.substr(a.size() - 4) == b.substr(b.size() - 4)) return month_year(lo, utc, false) + " \u2013 " + b;
    return a + " \u2013 " + b;
}

cairo_status_t write_status(cairo_surface_t* s) { return cairo_surface_status(s); }

}  // namespace

Result<PageSize> parse_page_size(std::string_view text) {
    std::string t(text);
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t == "a5") return PageSize::A5;
    if (t == "letter") return PageSize::Letter;
    return Error::invalid("unknown page size '", text, "' (use a5 or letter)");
}

std::string book_date(int64_t ms, bool utc) {
    if (ms <= 0) return {};
    time_t t = static_cast<time_t>(ms / 1000);
    std::tm tm{};
    if (utc) gmtime_r(&t, &tm); else localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%d %B %Y", &tm);
    std::string s = buf;
    if (s[0] == '0') s.erase(0, 1);
    return s;
}

std::string book_text(std::string_view text) {
    std::string in = repair_utf8(text);
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(in[i]);
        if (c == '\r') {
            out += '\n';
            if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
        } else if (c == '\t') {
            out += "    ";
        } else if (c == '\n' || c >= 0x20) {
            if (c == 0x7f) continue;
            // C1 controls (U+0080..U+009F) are C2 80..C2 9F in UTF-8.
            if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) < 0xA0) {
                ++i;
                continue;
            }
            out += static_cast<char>(c);
        }
    }
    return out;
}

Result<BookReport> typeset_book(const std::filesystem::path& out, const BookOptions& options,
                                std::span<const BookLetter> letters) {
    auto t0 = std::chrono::steady_clock::now();
    if (letters.empty()) return Error::invalid("a book needs at least one finished letter");
    Geometry g = geometry(options.page);
    std::random_device rd;
    std::filesystem::path tmp = out;
    tmp += ".part-" + std::to_string(rd());
    cairo_surface_t* surface = cairo_pdf_surface_create(tmp.c_str(), g.width, g.height);
    if (write_status(surface) != CAIRO_STATUS_SUCCESS) {
        std::string why = cairo_status_to_string(write_status(surface));
        cairo_surface_destroy(surface);
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return Error::io("cannot write the book to ", out.string(), ": ", why);
    }
    std::string title = book_text(options.title.empty() ? std::string("Letters") : options.title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    if (!options.author.empty())
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, book_text(options.author).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "os1");
    cairo_t* cr = cairo_create(surface);
    int pages = 0;
    {
        Typesetter t(cr, g, options);
        t.cover(title, options.author, date_range(letters, options.utc), static_cast<int>(letters.size()));
        for (const BookLetter& l : letters) t.letter(l);
        t.finish();
        pages = t.pages();
    }
    cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t written = write_status(surface);
    cairo_surface_destroy(surface);
    std::error_code ec;
    if (drawn != CAIRO_STATUS_SUCCESS || written != CAIRO_STATUS_SUCCESS) {
        std::filesystem::remove(tmp, ec);
        return Error::io("cannot write the book to ", out.string(), ": ",
                         cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : written));
    }
    std::filesystem::rename(tmp, out, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return Error::io("cannot write the book to ", out.string(), ": ", ec.message());
    }
    return BookReport{pages, static_cast<int>(letters.size()), ms_since(t0)};
}

}  // namespace os1::skills::letters
