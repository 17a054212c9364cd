// IMAP(S) through libcurl: one easy handle, so the connection is reused
// between the search and the fetches.
#include "skills/mail/imap.h"

#include <curl/curl.h>

#include <algorithm>
#include <sstream>

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

Error failure(CURL* c, CURLcode rc, const char* error, std::string_view what) {
    return Error::network(what, " failed: ", error[0] ? error : curl_easy_strerror(rc));
}

}  // namespace

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
    if (rc != CURLE_OK) return failure(c, rc, error, "searching " + base);
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
        else if (rc != CURLE_OK) m.reason = failure(c, rc, error, "fetching").message;
        else {
            m.raw = std::move(sink.data);
            ++fetched;
        }
        each(std::move(m));
    }
    return fetched;
}

}  // namespace os1::mail
