// SMTP(S) through libcurl.
#include "skills/mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "core/strings.h"
#include "core/text.h"
#include "skills/mail/imap.h"
#include "net/curl_run.h"

namespace os1::mail {
namespace {

struct Reader {
    std::string_view data;
    size_t pos = 0;
};

size_t read_cb(char* buffer, size_t size, size_t n, void* user) {
    auto* r = static_cast<Reader*>(user);
    size_t room = size * n, left = r->data.size() - r->pos, k = std::min(room, left);
    std::memcpy(buffer, r->data.data() + r->pos, k);
    r->pos += k;
    return k;
}

bool local_host(std::string_view url) {
    size_t p = url.find("://");
    std::string_view rest = p == std::string_view::npos ? url : url.substr(p + 3);
    return rest.starts_with("127.0.0.1") || rest.starts_with("localhost") || rest.starts_with("[::1]");
}

}  // namespace

Result<void> smtp_probe(const SmtpSettings& s) {
    if (!s.url.starts_with("smtps://") && !s.url.starts_with("smtp://"))
        return Error::invalid("the SMTP address must start with smtps:// or smtp:// (", quote_capped(s.url, 60), ")");
    net::ensure_curl();
    net::CurlEasy easy(curl_easy_init());
    if (!easy) return Error::internal("libcurl could not start");
    CURL* c = easy.get();
    std::string said;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
    // No recipient: libcurl says the command alone after EHLO, TLS and AUTH.
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "NOOP");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t size, size_t n, void* user) -> size_t {
        auto* out = static_cast<std::string*>(user);
        if (out->size() < 4096) out->append(p, std::min(size * n, 4096 - out->size()));
        return size * n;
    });
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &said);
    if (!s.user.empty()) curl_easy_setopt(c, CURLOPT_USERNAME, s.user.c_str());
    if (!s.password.empty()) curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s.connect_timeout_s * 2);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (s.url.starts_with("smtp://") && !local_host(s.url)) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        return Error::network(connection_trouble(rc, error, str("Signing in to ", url_host(s.url)), s.connect_timeout_s * 2));
    return {};
}

Result<void> SmtpTransport::send(const Envelope& envelope, std::string_view message) {
    const auto& s = m_settings;
    if (!s.url.starts_with("smtps://") && !s.url.starts_with("smtp://"))
        return Error::invalid("the SMTP address must start with smtps:// or smtp:// (", quote_capped(s.url, 60), ")");
    if (message.size() > s.max_bytes)
        return Error::out_of_range("the mail is ", format_size(message.size()), "; at most ", format_size(s.max_bytes), " is sent");
    TRY(check_address(envelope.from));
    if (envelope.rcpt.empty()) return Error::invalid("a mail needs at least one recipient");
    for (const auto& r : envelope.rcpt) TRY(check_address(r));
    net::ensure_curl();
    net::CurlEasy easy(curl_easy_init());
    if (!easy) return Error::internal("libcurl could not start");
    CURL* c = easy.get();
    net::CurlHeaders rcpt;
    for (const auto& r : envelope.rcpt) {
        curl_slist* grown = curl_slist_append(rcpt.get(), ("<" + r + ">").c_str());
        if (!grown) return Error::internal("out of memory");
        (void)rcpt.release();
        rcpt.reset(grown);
    }
    std::string from = "<" + envelope.from + ">";
    Reader reader{message, 0};
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
    if (!s.user.empty()) curl_easy_setopt(c, CURLOPT_USERNAME, s.user.c_str());
    if (!s.password.empty()) curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &reader);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s.timeout_s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (s.url.starts_with("smtp://") && !local_host(s.url)) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        return Error::network(connection_trouble(rc, error, str("Sending through ", url_host(s.url)), s.timeout_s),
                              code ? str(" (server said ", code, ")") : std::string());
    }
    return {};
}

}  // namespace os1::mail
