// IMAP(S) through libcurl: one easy handle, so the connection is reused
// between the search and the fetches.
#include "skills/mail/imap.h"

#include <curl/curl.h>

#include <algorithm>
#include <sstream>

#include "core/strings.h"
#include "core/text.h"
#include "net/curl_run.h"

namespace os1::mail {
namespace {

struct Sink {
    std::string data;
    size_t max = 0;
    bool too_big = false;
};

size_t write_cb(char* ptr, size_t size, size_t n, void* user) {
    auto* s = static_cast<Sink*>(user);
    size_t k = size * n;
    if (s->data.size() + k > s->max) {
        s->too_big = true;
        return 0;  // ends the transfer (CURLE_WRITE_ERROR)
    }
    s->data.append(ptr, k);
    return k;
}

bool local_host(std::string_view url) {
    size_t p = url.find("://");
    std::string_view rest = p == std::string_view::npos ? url : url.substr(p + 3);
    return rest.starts_with("127.0.0.1") || rest.starts_with("localhost") || rest.starts_with("[::1]");
}


// "INBOX" from "imaps://host/INBOX" (percent-decoded; "" = none).
std::string mailbox_of(CURL* c, std::string_view url) {
    size_t scheme = url.find("://");
    size_t slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (slash == std::string_view::npos) return "";
    std::string path(url.substr(slash + 1));
    if (size_t semi = path.find(';'); semi != std::string::npos) path.resize(semi);
    while (path.ends_with("/")) path.pop_back();
    int n = 0;
    char* decoded = curl_easy_unescape(c, path.c_str(), static_cast<int>(path.size()), &n);
    if (!decoded) return path;
    std::string out(decoded, static_cast<size_t>(n));
    curl_free(decoded);
    return out;
}

}  // namespace

std::string url_host(std::string_view url) {
    size_t scheme = url.find("://");
    std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);  // never a user name
    return std::string(rest);
}

std::string connection_trouble(int code, const char* detail, std::string_view what, long timeout_s) {
    std::string plain;
    switch (static_cast<CURLcode>(code)) {
    case CURLE_LOGIN_DENIED: plain = "the server refused the user name or password"; break;
    case CURLE_COULDNT_RESOLVE_HOST: plain = "there is no such host (check the address)"; break;
    case CURLE_COULDNT_CONNECT: plain = "nothing answers there (check the port, and that the server is up)"; break;
    case CURLE_OPERATION_TIMEDOUT: plain = str("no answer within ", timeout_s, " s"); break;
    case CURLE_PEER_FAILED_VERIFICATION: plain = "the server's certificate could not be verified"; break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER: plain = "the secure (TLS) connection failed"; break;
    case CURLE_USE_SSL_FAILED:
        plain = "the server offers no secure connection (STARTTLS); use imaps:// or smtps:// and the matching port";
        break;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING: plain = "the server's answer was not what a mail server says (is it the right port?)"; break;
    case CURLE_QUOTE_ERROR:
    case CURLE_REMOTE_ACCESS_DENIED: plain = "the server refused the request (does the mailbox exist?)"; break;
    case CURLE_URL_MALFORMAT: plain = "the address is not a valid URL"; break;
    default: plain = curl_easy_strerror(static_cast<CURLcode>(code));
    }
    std::string out = str(what, " failed: ", plain);
    if (detail && detail[0] && plain.find(detail) == std::string::npos) out += str(" (", quote_capped(detail, 160), ")");
    return out;
}

Result<size_t> imap_probe(const ImapSettings& s) {
    if (!s.url.starts_with("imaps://") && !s.url.starts_with("imap://"))
        return Error::invalid("the IMAP address must start with imaps:// or imap:// (", quote_capped(s.url, 60), ")");
    net::ensure_curl();
    net::CurlEasy easy(curl_easy_init());
    if (!easy) return Error::internal("libcurl could not start");
    CURL* c = easy.get();
    std::string mailbox = mailbox_of(c, s.url);
    if (mailbox.empty()) mailbox = "INBOX";
    if (mailbox.find_first_of("\r\n") != std::string::npos || mailbox.size() > 200)
        return Error::invalid("the mailbox name in the IMAP address is not one I can open");
    std::string quoted = "\"";
    for (char ch : mailbox) {
        if (ch == '"' || ch == '\\') quoted += '\\';
        quoted += ch;
    }
    quoted += '"';
    const std::string scheme = s.url.substr(0, s.url.find("://") + 3);
    const std::string root = scheme + url_host(s.url) + "/";
    const std::string command = "EXAMINE " + quoted;
    char error[CURL_ERROR_SIZE] = {0};
    Sink sink;
    sink.max = 1u << 20;
    curl_easy_setopt(c, CURLOPT_URL, root.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (!s.user.empty()) curl_easy_setopt(c, CURLOPT_USERNAME, s.user.c_str());
    if (!s.password.empty()) curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s.connect_timeout_s * 2);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    if (s.url.starts_with("imap://") && !local_host(s.url)) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        return Error::network(connection_trouble(rc, error, str("Opening ", mailbox, " on ", url_host(s.url)), s.connect_timeout_s * 2));
    // "* 12 EXISTS"
    std::istringstream lines(sink.data);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string star, count, exists;
        if (words >> star >> count >> exists && star == "*" && exists.starts_with("EXISTS") &&
            count.find_first_not_of("0123456789") == std::string::npos && !count.empty() && count.size() < 12)
            return static_cast<size_t>(std::stoull(count));
    }
    return static_cast<size_t>(0);
}

Result<size_t> imap_fetch(const ImapSettings& s, const std::function<void(ImapMessage&&)>& each) {
    if (!s.url.starts_with("imaps://") && !s.url.starts_with("imap://"))
        return Error::invalid("the IMAP address must start with imaps:// or imap:// (", quote_capped(s.url, 60), ")");
    std::string base = s.url;
    while (base.ends_with("/")) base.pop_back();
    if (std::count(base.begin(), base.end(), '/') < 3) base += "/INBOX";
    net::ensure_curl();
    net::CurlEasy easy(curl_easy_init());
    if (!easy) return Error::internal("libcurl could not start");
    CURL* c = easy.get();
    char error[CURL_ERROR_SIZE] = {0};
    Sink sink;
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (!s.user.empty()) curl_easy_setopt(c, CURLOPT_USERNAME, s.user.c_str());
    if (!s.password.empty()) curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s.timeout_s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    if (s.url.starts_with("imap://") && !local_host(s.url)) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));

    // The UIDs, from "* SEARCH 1 2 3".
    sink.max = 16u << 20;
    curl_easy_setopt(c, CURLOPT_URL, base.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "UID SEARCH ALL");
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) return Error::network(connection_trouble(rc, error, "Searching " + base, s.timeout_s));
    std::vector<uint64_t> uids;
    std::istringstream lines(sink.data);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with("* SEARCH")) continue;
        std::istringstream words(line.substr(8));
        uint64_t uid;
        while (words >> uid) uids.push_back(uid);
    }
    std::sort(uids.begin(), uids.end());
    if (uids.size() > s.max_messages) uids.erase(uids.begin(), uids.end() - static_cast<ptrdiff_t>(s.max_messages));

    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, nullptr);
    size_t fetched = 0;
    for (uint64_t uid : uids) {
        sink.data.clear();
        sink.too_big = false;
        sink.max = s.max_bytes;
        error[0] = 0;
        std::string url = base + "/;UID=" + std::to_string(uid);
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        rc = curl_easy_perform(c);
        ImapMessage m{uid, {}, {}};
        if (sink.too_big) m.reason = str("larger than ", format_size(s.max_bytes), ": not fetched");
        else if (rc != CURLE_OK) m.reason = connection_trouble(rc, error, "Fetching", s.timeout_s);
        else {
            m.raw = std::move(sink.data);
            ++fetched;
        }
        each(std::move(m));
    }
    return fetched;
}

}  // namespace os1::mail
