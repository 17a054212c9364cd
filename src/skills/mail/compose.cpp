// Composing an outgoing message with GMime.
#include <gmime/gmime.h>

#include <cctype>

#include "core/strings.h"
#include "core/text.h"
#include "skills/mail/parse.h"
#include "skills/mail/smtp.h"

namespace os1::mail {
namespace {

std::string one_line(std::string_view s) {
    std::string out;
    for (char c : repair_utf8(s)) out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
    return trim(out);
}

}  // namespace

Result<void> check_address(std::string_view address) {
    size_t at = address.find('@');
    bool ok = !address.empty() && address.size() <= 254 && at != std::string_view::npos && at > 0 &&
              at + 1 < address.size() && address.find('@', at + 1) == std::string_view::npos &&
              address.find('.', at) != std::string_view::npos;
    for (char c : address)
        if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)) || c == '<' ||
            c == '>' || c == '"' || c == ',' || c == ';' || c == '(' || c == ')' || c == '\\')
            ok = false;
    if (!ok) return Error::invalid(quote_capped(address, 60), " is not a mail address (name@example.org)");
    return {};
}

Result<std::string> compose_message(const Address& from, const OutgoingMail& mail, int64_t now_ms) {
    ensure_gmime();
    TRY(check_address(from.address));
    if (mail.to.empty()) return Error::invalid("a mail needs at least one recipient");
    for (const auto& to : mail.to) TRY(check_address(to.address));
    GMimeMessage* m = g_mime_message_new(TRUE);
    g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_FROM, one_line(from.name).c_str(), from.address.c_str());
    for (const auto& to : mail.to)
        g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_TO, one_line(to.name).c_str(), to.address.c_str());
    g_mime_message_set_subject(m, one_line(mail.subject).c_str(), "utf-8");
    GDateTime* date = g_date_time_new_from_unix_utc(now_ms / 1000);
    g_mime_message_set_date(m, date);
    g_date_time_unref(date);
    std::string domain = from.address.substr(from.address.find('@') + 1);
    std::string id = str(content_hash(str(now_ms, from.address, mail.subject, mail.body)).substr(0, 24), ".os1@", domain);
    g_mime_message_set_message_id(m, id.c_str());
    if (!mail.in_reply_to.empty()) {
        std::string irt = str("<", one_line(mail.in_reply_to), ">");
        g_mime_object_set_header(GMIME_OBJECT(m), "In-Reply-To", irt.c_str(), nullptr);
        std::string refs = one_line(mail.references);
        if (!refs.empty()) refs.push_back(' ');
        refs.append(irt);
        g_mime_object_set_header(GMIME_OBJECT(m), "References", refs.c_str(), nullptr);
    }
    GMimeTextPart* body = g_mime_text_part_new_with_subtype("plain");
    std::string text = repair_utf8(mail.body);
    g_mime_text_part_set_text(body, text.c_str());
    g_mime_part_set_content_encoding(GMIME_PART(body), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_message_set_mime_part(m, GMIME_OBJECT(body));
    g_object_unref(body);
    GMimeFormatOptions* format = g_mime_format_options_clone(g_mime_format_options_get_default());
    g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
    char* raw = g_mime_object_to_string(GMIME_OBJECT(m), format);
    g_mime_format_options_free(format);
    g_object_unref(m);
    if (!raw) return Error::internal("GMime could not write the message");
    std::string out(raw);
    g_free(raw);
    return out;
}

}  // namespace os1::mail
