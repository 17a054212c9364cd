// GMime 3 → MailMessage. GMime is a C library of reference-counted
// GObjects; every object we create is released by a small RAII holder so
// an early return cannot leak. Nothing here throws.
#include "skills/mail/parse.h"

#include <gmime/gmime.h>
#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cctype>
#include <memory>
#include <mutex>

#include "core/strings.h"
#include "core/text.h"
#include "skills/mail/html_text.h"

namespace os1::mail {
namespace {

struct Unref {
    void operator()(gpointer p) const { if (p) g_object_unref(p); }
};
template <typename T>
using GPtr = std::unique_ptr<T, Unref>;

// Case-insensitive count of `needle` in `hay` (a cheap bound on nesting
// before GMime's recursive parser sees the bytes).
size_t count_ci(std::string_view hay, std::string_view needle) {
    // ASCII case folding by |0x20 (needles are lower-case letters and '/';
    // a rare false match only makes the bound stricter).
    size_t n = 0;
    if (needle.empty() || hay.size() < needle.size()) return 0;
    const char first = needle[0];
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        if ((hay[i] | 0x20) != first) continue;
        size_t k = 1;
        while (k < needle.size() && (hay[i + k] | 0x20) == needle[k]) ++k;
        if (k == needle.size()) ++n;
    }
    return n;
}

std::string clean(const char* s) {
    if (!s) return {};
    std::string out = repair_utf8(s);
    std::erase(out, '\0');
    return trim(out);
}

std::string strip_angles(std::string s) {
    s = trim(s);
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
    return s;
}

void add_addresses(InternetAddressList* list, std::vector<Address>& out, size_t depth = 0) {
    if (!list || depth > 4) return;
    int n = internet_address_list_length(list);
    for (int i = 0; i < n && out.size() < 1000; ++i) {
        InternetAddress* ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            add_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out, depth + 1);
        } else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            Address a;
            a.name = clean(internet_address_get_name(ia));
            a.address = lower(clean(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))));
            if (!a.name.empty() || !a.address.empty()) out.push_back(std::move(a));
        }
    }
}

// Decodes the part's content (transfer encoding undone) into bytes.
std::string decoded_bytes(GMimePart* part) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (!wrapper) return {};
    GPtr<GMimeStream> mem(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(wrapper, mem.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
    if (!bytes || bytes->len == 0) return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// Bytes in `charset` → UTF-8. Unknown charsets and bytes that are not what
// the label says are read as Windows-1252/Latin-1 (never lost), noted.
std::string to_utf8(const std::string& bytes, const char* charset_label, std::vector<std::string>& problems) {
    std::string label = charset_label ? lower(trim(charset_label)) : "";
    if (label.empty() || label == "utf-8" || label == "utf8" || label == "us-ascii" || label == "ascii") {
        if (is_valid_utf8(bytes)) return bytes;
        if (!label.empty() && label != "us-ascii" && label != "ascii")
            problems.push_back("text said UTF-8 but was not: read as Windows-1252");
        label = "windows-1252";
    }
    const char* iconv_name = g_mime_charset_iconv_name(label.c_str());
    gsize written = 0;
    GError* err = nullptr;
    gchar* out = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", iconv_name, nullptr, &written, &err);
    if (out) {
        std::string s(out, written);
        g_free(out);
        return repair_utf8(s);
    }
    if (err) g_error_free(err);
    if (problems.size() < 20) problems.push_back(str("charset ", quote_capped(label, 40), " unreadable: read as Latin-1"));
    out = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", "ISO-8859-1", nullptr, &written, nullptr);
    if (!out) return repair_utf8(bytes);
    std::string s(out, written);
    g_free(out);
    return s;
}

struct Walk {
    const ParseLimits& limits;
    MailMessage& msg;
    std::vector<std::string> plain, html;
    std::string error;  // set when a limit was passed
};

void walk_object(Walk& w, GMimeObject* obj, size_t depth);

void walk_message(Walk& w, GMimeMessage* inner, size_t depth, bool nested) {
    GMimeObject* body = g_mime_message_get_mime_part(inner);
    if (!body) return;
    if (nested) {
        // A forwarded mail: keep who and what it was, as the reader sees it.
        std::vector<Address> from;
        add_addresses(g_mime_message_get_from(inner), from);
        std::string head = "---- forwarded message ----";
        if (!from.empty()) head += str("\nFrom: ", from[0].name.empty() ? from[0].address : from[0].name);
        if (const char* s = g_mime_message_get_subject(inner)) head += "\nSubject: " + clean(s);
        w.plain.push_back(head);
    }
    walk_object(w, body, depth + 1);
}

void walk_object(Walk& w, GMimeObject* obj, size_t depth) {
    if (!w.error.empty() || !obj) return;
    if (depth > w.limits.max_depth) {
        w.error = str("parts nested more than ", w.limits.max_depth, " deep");
        return;
    }
    if (++w.msg.n_parts > w.limits.max_parts) {
        w.error = str("more than ", w.limits.max_parts, " MIME parts");
        return;
    }
    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart* mp = GMIME_MULTIPART(obj);
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n && w.error.empty(); ++i) walk_object(w, g_mime_multipart_get_part(mp, i), depth + 1);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        if (inner) walk_message(w, inner, depth, true);
        return;
    }
    if (!GMIME_IS_PART(obj)) return;
    GMimePart* part = GMIME_PART(obj);
    GMimeContentType* ct = g_mime_object_get_content_type(obj);
    std::string type = "application/octet-stream";
    if (ct) {
        gchar* t = g_mime_content_type_get_mime_type(ct);
        if (t) {
            type = lower(clean(t));
            g_free(t);
        }
    }
    std::string name = clean(g_mime_part_get_filename(part));
    bool is_text = type == "text/plain" || type == "text/html";
    bool attachment = g_mime_part_is_attachment(part) || !is_text || (!name.empty() && type != "text/plain" && type != "text/html");
    std::string bytes = decoded_bytes(part);
    if (attachment) {
        if (w.msg.attachments.size() < w.limits.max_parts)
            w.msg.attachments.push_back(Attachment{name, type, bytes.size()});
        return;
    }
    std::string text = to_utf8(bytes, g_mime_object_get_content_type_parameter(obj, "charset"), w.msg.problems);
    std::erase(text, '\0');
    (type == "text/html" ? w.html : w.plain).push_back(std::move(text));
}

// GMime moves Content-* fields to the body part, so a bare MIME entity
// ("Content-Type: multipart/mixed" and nothing else) is recognised here.
bool starts_with_content_header(std::string_view raw) {
    size_t pos = 0;
    while (pos < raw.size() && pos < 64 * 1024) {
        size_t end = raw.find('\n', pos);
        std::string_view line = raw.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (line.empty() || line == "\r") return false;
        if (lower(line.substr(0, 8)) == "content-") return true;
        if (end == std::string_view::npos) return false;
        pos = end + 1;
    }
    return false;
}

bool has_header(GMimeObject* obj, const char* name) { return g_mime_object_get_header(obj, name) != nullptr; }

std::string header_text(GMimeObject* obj, const char* name) { return clean(g_mime_object_get_header(obj, name)); }

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        std::string t = trim(p);
        if (t.empty()) continue;
        if (!out.empty()) out += "\n\n";
        out += t;
    }
    return out;
}

}  // namespace

void ensure_gmime() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_mime_init();
        if (sodium_init() < 0) std::abort();  // no usable random source: nothing can be sealed safely
    });
}

std::string content_hash(std::string_view raw) {
    ensure_gmime();
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(raw.data()), raw.size(), nullptr, 0);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

Result<MailMessage> parse_message(std::string_view raw, const ParseLimits& limits) {
    ensure_gmime();
    if (raw.empty()) return Error::invalid("empty file");
    if (raw.size() > limits.max_bytes)
        return Error::out_of_range("the message is ", format_size(raw.size()), "; a message may be at most ",
                                   format_size(limits.max_bytes));
    // Every level of nesting needs a multipart boundary or an embedded
    // message; more of them than parts allowed cannot be a message we keep,
    // and refusing here bounds GMime's recursion.
    size_t containers = count_ci(raw, "boundary") + count_ci(raw, "message/");
    if (containers > 2 * limits.max_parts)
        return Error::out_of_range("more than ", limits.max_parts, " MIME parts (", containers, " boundaries)");

    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GMimeParserOptions* options = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
    g_mime_parser_options_free(options);
    if (!message) return Error::invalid("not a mail message (GMime found no headers)");
    GMimeObject* top = GMIME_OBJECT(message.get());

    MailMessage msg;
    GMimeHeaderList* headers = g_mime_object_get_header_list(top);
    msg.n_headers = headers ? static_cast<size_t>(g_mime_header_list_get_count(headers)) : 0;
    if (msg.n_headers > limits.max_headers)
        return Error::out_of_range("more than ", limits.max_headers, " header fields (", msg.n_headers, ")");
    static const char* MAIL_HEADERS[] = {"From", "To", "Cc", "Subject", "Date", "Message-ID", "Sender", "Received",
                                         "MIME-Version", "Content-Type", "Content-Transfer-Encoding"};
    if (!std::any_of(std::begin(MAIL_HEADERS), std::end(MAIL_HEADERS), [&](const char* h) { return has_header(top, h); }) &&
        !starts_with_content_header(raw))
        return Error::invalid("not a mail message: no From, To, Subject, Date, Message-ID or Content-Type header");

    msg.message_id = strip_angles(clean(g_mime_message_get_message_id(message.get())));
    msg.in_reply_to = strip_angles(header_text(top, "In-Reply-To"));
    msg.references = header_text(top, "References");
    std::vector<Address> from;
    add_addresses(g_mime_message_get_from(message.get()), from);
    if (from.empty()) add_addresses(g_mime_message_get_sender(message.get()), from);
    if (!from.empty()) msg.from = from[0];
    add_addresses(g_mime_message_get_to(message.get()), msg.to);
    add_addresses(g_mime_message_get_cc(message.get()), msg.cc);
    add_addresses(g_mime_message_get_reply_to(message.get()), msg.reply_to);
    msg.subject = clean(g_mime_message_get_subject(message.get()));
    if (GDateTime* date = g_mime_message_get_date(message.get())) msg.date_ms = g_date_time_to_unix(date) * 1000;
    msg.list_unsubscribe = has_header(top, "List-Unsubscribe") || has_header(top, "List-Id");
    msg.precedence = lower(header_text(top, "Precedence"));
    msg.auto_submitted = lower(header_text(top, "Auto-Submitted"));

    Walk w{limits, msg, {}, {}, {}};
    walk_message(w, message.get(), 0, false);
    if (!w.error.empty()) return Error::out_of_range(w.error);
    msg.text = join(w.plain);
    if (msg.text.empty() && !w.html.empty()) {
        std::vector<std::string> converted;
        for (const auto& h : w.html) converted.push_back(html_to_text(h));
        msg.text = join(converted);
        msg.text_from_html = true;
    }
    if (msg.text.size() > limits.max_text_bytes) {
        msg.text = repair_utf8(std::string_view(msg.text).substr(0, limits.max_text_bytes));
        msg.problems.push_back(str("text cut at ", format_size(limits.max_text_bytes)));
    }
    msg.content_hash = content_hash(raw);
    return msg;
}

namespace {

// "Name: value" (a header field line).
bool header_line(std::string_view line) {
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon > 76) return false;
    for (size_t i = 0; i < colon; ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if (c <= 32 || c >= 127) return false;
    }
    return true;
}

// Where the first separator line starts: 0 for a file that begins with
// one; else within the first 1 KiB after a short note (a tool's header
// lines without a colon-free "From " of their own), when a header follows.
size_t first_separator(std::string_view data) {
    if (data.starts_with("From ")) return 0;
    size_t pos = data.find("\nFrom ");
    if (pos == std::string_view::npos || pos > 1024) return std::string_view::npos;
    size_t next = data.find('\n', pos + 1);
    if (next == std::string_view::npos || !header_line(data.substr(next + 1, 80))) return std::string_view::npos;
    return pos + 1;
}

}  // namespace

bool looks_like_mbox(std::string_view data) { return first_separator(data) != std::string_view::npos; }

bool split_mbox(std::string_view data, const std::function<void(const MboxEntry&)>& each) {
    size_t first = first_separator(data);
    if (first == std::string_view::npos) return false;
    size_t pos = first, line = 1 + static_cast<size_t>(std::count(data.begin(), data.begin() + static_cast<ptrdiff_t>(first), '\n'));
    size_t start = std::string_view::npos, start_line = 0;
    bool prev_blank = true;
    while (pos < data.size()) {
        size_t end = data.find('\n', pos);
        size_t next = end == std::string_view::npos ? data.size() : end + 1;
        std::string_view l = data.substr(pos, next - pos);
        // A separator follows an empty line (mboxrd) or, in files written
        // without one, comes right before a header line.
        bool separator = l.starts_with("From ") && (prev_blank || header_line(data.substr(next, 80)));
        if (separator) {
            if (start != std::string_view::npos) each({start_line, data.substr(start, pos - start)});
            start = next;
            start_line = line + 1;
        }
        prev_blank = l == "\n" || l == "\r\n";
        pos = next;
        ++line;
    }
    if (start != std::string_view::npos) each({start_line, data.substr(start)});
    return true;
}

}  // namespace os1::mail
