#include "models/download.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "net/curl_run.h"
#include "models/manifest.h"
#include "models/sha256.h"
#include "core/files.h"
#include "core/log.h"
#include "core/strings.h"

namespace os1::models {

using net::CurlEasy;
using net::CurlOutcome;
using net::ensure_curl;
using net::is_transient;
using net::run_transfer;
using net::TransferLimits;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string_view verification_name(Verification v) {
    switch (v) {
        case Verification::Given: return "given";
        case Verification::ETag: return "etag";
        case Verification::Sidecar: return "sidecar";
        case Verification::None: return "none";
    }
    return "?";
}

std::string file_name_from_url(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    size_t slash = url.rfind('/');
    if (slash == std::string_view::npos) return {};
    std::string name(url.substr(slash + 1));
    if (name.find("://") != std::string::npos || name == "." || name == "..") return {};
    return name;
}

namespace {

// A bare sha256 from an ETag value: "\"<64 hex>\"" or W/"..." (else empty).
std::string sha_from_etag(std::string v) {
    if (v.rfind("W/", 0) == 0) v.erase(0, 2);
    v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
    return is_sha256_hex(v) ? lower(v) : std::string();
}

// One attempt's state, shared with libcurl's callbacks.
struct Transfer {
    int fd = -1;
    CURL* easy = nullptr;
    long status = 0;
    bool started = false;
    bool io_failed = false;
    int io_errno = 0;
    bool restarted_from_zero = false;  // the server ignored our Range
    bool too_large = false;            // more than request->max_bytes announced or sent
    uint64_t offset = 0;               // bytes in the .part when the body began
    uint64_t written = 0;              // this attempt
    uint64_t total = 0;
    std::string error_body;
    std::string linked_etag, etag, content_range;
    const DownloadRequest* request = nullptr;
    Clock::time_point t0, last_progress;

    void report(bool finished) {
        if (!request->progress) return;
        auto now = Clock::now();
        if (!finished && now - last_progress < std::chrono::milliseconds(100)) return;
        last_progress = now;
        DownloadProgress p;
        p.done = offset + written;
        p.total = total;
        p.resumed_from = offset;
        double secs = std::chrono::duration<double>(now - t0).count();
        p.bytes_per_s = secs > 0 ? static_cast<double>(written) / secs : 0;
        p.finished = finished;
        request->progress(p);
    }
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string line(data, size * n);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): its own headers
        t->etag.clear();
        t->content_range.clear();
        return size * n;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) return size * n;
    std::string name = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "x-linked-etag") t->linked_etag = value;
    else if (name == "etag") t->etag = value;
    else if (name == "content-range") t->content_range = value;
    return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * n;
    if (!t->started) {
        t->started = true;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
        curl_off_t cl = -1;
        curl_easy_getinfo(t->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
        if (t->status == 200 && t->offset > 0) {
            // The server sent the whole file: start the .part over.
            if (::ftruncate(t->fd, 0) != 0 || ::lseek(t->fd, 0, SEEK_SET) != 0) {
                t->io_failed = true;
                t->io_errno = errno;
                return 0;
            }
            t->offset = 0;
            t->restarted_from_zero = true;
        }
        if ((t->status == 200 || t->status == 206) && cl >= 0) t->total = t->offset + static_cast<uint64_t>(cl);
        if (t->total > t->request->max_bytes) {
            t->too_large = true;
            return 0;
        }
    }
    if (t->status != 200 && t->status != 206) {
        if (t->error_body.size() < 4096) t->error_body.append(data, std::min<size_t>(len, 4096));
        return len;
    }
    if (t->offset + t->written + len > t->request->max_bytes) {
        t->too_large = true;
        return 0;
    }
    const char* p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = ::write(t->fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            t->io_failed = true;
            t->io_errno = errno;
            return 0;
        }
        p += w;
        left -= static_cast<size_t>(w);
    }
    t->written += len;
    t->report(false);
    return len;
}

uint64_t file_size_or_zero(const fs::path& p) {
    std::error_code ec;
    auto s = fs::file_size(p, ec);
    return ec ? 0 : s;
}

// Fetches a small text resource (the .sha256 sidecar); empty on any failure.
std::string fetch_small(const std::string& url, double connect_timeout_s, const std::atomic<bool>* cancel) {
    CurlEasy easy(curl_easy_init());
    if (!easy) return {};
    std::string body;
    curl_easy_setopt(easy.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(easy.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_s * 1000));
    curl_easy_setopt(easy.get(), CURLOPT_USERAGENT, "os1");
    curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* u) -> size_t {
        auto* b = static_cast<std::string*>(u);
        if (b->size() > 4096) return 0;
        b->append(d, s * n);
        return s * n;
    });
    curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &body);
    auto out = run_transfer(easy.get(), cancel, TransferLimits{.stall_s = 15, .stall_min_bytes = 1, .deadline_s = 30});
    if (out.code != CURLE_OK || out.status != 200) return {};
    return body;
}

Result<void> fsync_path(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags);
    if (fd < 0) return Error::io("cannot open ", p.string(), ": ", errno_text(errno));
    ::fsync(fd);
    ::close(fd);
    return ok();
}

}  // namespace

Result<DownloadResult> download_model(const DownloadRequest& request) {
    ensure_curl();
    DownloadResult result;
    std::string name = request.file_name.empty() ? file_name_from_url(request.url) : request.file_name;
    if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
        return Error::invalid("cannot tell a file name from '", request.url, "'; pass --name FILE.gguf");
    if (request.url.rfind("http://", 0) != 0 && request.url.rfind("https://", 0) != 0)
        return Error::invalid("'", request.url, "' is not an http(s) URL");
    TRY(ensure_dir(request.models_dir));
    const fs::path final_path = request.models_dir / name;
    const fs::path part = request.models_dir / (name + ".part");
    result.path = final_path;

    std::error_code ec;
    if (fs::exists(final_path, ec) && !request.force) {
        result.already_installed = true;
        result.bytes = file_size_or_zero(final_path);
        return result;
    }

    std::string linked_etag, etag;
    uint64_t total = 0;
    int failures = 0;
    bool resumed_ever = file_size_or_zero(part) > 0;
    for (;;) {
        if (request.cancel && request.cancel->load())
            return Error{ErrorCode::Cancelled, str("download stopped; run the same command again to resume (",
                                                   file_size_or_zero(part), " bytes kept in ", part.string(), ")")};
        result.attempts++;
        uint64_t offset = file_size_or_zero(part);
        int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0) return Error::io("cannot write ", part.string(), ": ", errno_text(errno));

        Transfer t;
        t.fd = fd;
        t.offset = offset;
        t.request = &request;
        t.t0 = t.last_progress = Clock::now();
        CurlEasy easy(curl_easy_init());
        t.easy = easy.get();
        std::string range = str(offset, "-");
        CURL* e = easy.get();
        curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "os1");
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout_s * 1000));
        if (offset > 0) curl_easy_setopt(e, CURLOPT_RANGE, range.c_str());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
        TransferLimits limits{.stall_s = request.stall_timeout_s, .stall_min_bytes = request.stall_min_bytes};
        CurlOutcome out = run_transfer(e, request.cancel, limits);
        t.report(true);
        ::close(fd);
        long status = t.status ? t.status : out.status;
        if (!t.linked_etag.empty()) linked_etag = t.linked_etag;
        if (!t.etag.empty()) etag = t.etag;
        if (t.total) total = t.total;
        if (t.restarted_from_zero) resumed_ever = false;
        if (offset > 0 && status == 206) resumed_ever = true;

        if (t.io_failed) return Error::io("cannot write ", part.string(), ": ", errno_text(t.io_errno));
        if (t.too_large) {
            fs::remove(part, ec);
            return Error::corrupt("the download from ", request.url, " is larger than ", request.max_bytes,
                                  " bytes, more than any model os1 can run; nothing was installed");
        }
        if (out.cancelled)
            return Error{ErrorCode::Cancelled, str("download stopped; run the same command again to resume (",
                                                   file_size_or_zero(part), " bytes kept in ", part.string(), ")")};
        if (status == 416) {
            // Our .part is as long as (or longer than) the file: done, or start over.
            auto slash = t.content_range.rfind('/');
            uint64_t size = slash == std::string::npos ? 0 : std::strtoull(t.content_range.c_str() + slash + 1, nullptr, 10);
            if (size > 0 && size == offset) {
                total = size;
                break;
            }
            fs::remove(part, ec);
            if (++failures > request.max_retries)
                return Error::network("the server at ", request.url, " keeps refusing the byte range; try again later");
            continue;
        }
        if (status == 404 || status == 410)
            return Error::not_found("no file at ", request.url, " (HTTP ", status, "); check the name or URL");
        if (status == 401 || status == 403)
            return Error::network("the server refused the download (HTTP ", status,
                                  "); this model may need a login or licence acceptance on its website");
        bool transient = false;
        std::string what;
        if (status >= 400) {
            transient = status == 429 || status >= 500 || status == 408;
            what = str("HTTP ", status);
            if (!transient) return Error::network("the server said HTTP ", status, " for ", request.url);
        } else if (out.stalled) {
            transient = true;
            what = str("fewer than ", request.stall_min_bytes, " bytes in ", request.stall_timeout_s, " s");
        } else if (out.code != CURLE_OK) {
            transient = is_transient(out.code);
            what = out.curl_error;
            if (!transient) return Error::network("download of ", request.url, " failed: ", what);
        } else if (status == 200 || status == 206) {
            break;  // complete
        } else {
            return Error::network("unexpected HTTP ", status, " from ", request.url);
        }

        // Transient: progress resets the count, so a flaky link still finishes.
        if (t.written > 0) failures = 0;
        if (++failures > request.max_retries) {
            uint64_t have = file_size_or_zero(part);
            if (out.code == CURLE_COULDNT_CONNECT || out.code == CURLE_COULDNT_RESOLVE_HOST)
                return Error::network("cannot reach ", request.url, " (", what, "); check the network and try again");
            return Error::network("download interrupted (", what, ") after ", have,
                                  " bytes; run the same command again to resume");
        }
        double wait = std::min(30.0, request.retry_backoff_s * std::pow(2.0, failures - 1));
        log::info("pull", str("download interrupted (", what, "); resuming in ", wait, " s"));
        auto until = Clock::now() + std::chrono::duration<double>(wait);
        while (Clock::now() < until && !(request.cancel && request.cancel->load()))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    result.resumed = resumed_ever;
    result.bytes = file_size_or_zero(part);
    if (total && result.bytes != total) {
        return Error::network("download ended at ", result.bytes, " of ", total,
                              " bytes; run the same command again to resume");
    }

    // Is it a GGUF at all (not an HTML error page)?
    {
        auto head = std::string(4, '\0');
        std::FILE* f = std::fopen(part.c_str(), "rb");
        size_t n = f ? std::fread(head.data(), 1, 4, f) : 0;
        if (f) std::fclose(f);
        // A Whisper speech model (.bin) starts with ggml's magic, "lmgg" on disk.
        const bool whisper = part.filename().string().find(".bin") != std::string::npos;
        if (n != 4 || (head != "GGUF" && !(whisper && head == "lmgg"))) {
            fs::remove(part, ec);
            return Error::corrupt("the download from ", request.url, " is not a ", whisper ? "Whisper" : "GGUF",
                                  " model file; nothing was installed");
        }
    }

    result.sha256 = TRY(sha256_file(part));
    std::string expected = lower(request.expected_sha256);
    if (!expected.empty()) {
        if (!is_sha256_hex(expected)) return Error::invalid("'", request.expected_sha256, "' is not a sha256 (64 hex digits)");
        result.verified = Verification::Given;
    } else if (auto s = sha_from_etag(linked_etag); !s.empty()) {
        expected = s;
        result.verified = Verification::ETag;
    } else if (auto s2 = sha_from_etag(etag); !s2.empty()) {
        expected = s2;
        result.verified = Verification::ETag;
    } else {
        std::string side = fetch_small(request.url.substr(0, request.url.find_first_of("?#")) + ".sha256",
                                       request.connect_timeout_s, request.cancel);
        std::string first = side.substr(0, side.find_first_of(" \t\r\n"));
        if (is_sha256_hex(first)) {
            expected = lower(first);
            result.verified = Verification::Sidecar;
        }
    }
    result.expected_sha256 = expected;
    if (!expected.empty() && expected != result.sha256) {
        fs::remove(part, ec);
        return Error::corrupt("checksum mismatch for ", name, ": expected sha256 ", expected, " (",
                              verification_name(result.verified), "), got ", result.sha256,
                              "; the file was deleted and nothing was installed");
    }

    TRY(fsync_path(part, O_RDONLY));
    fs::rename(part, final_path, ec);
    if (ec) return Error::io("cannot install ", final_path.string(), ": ", ec.message());
    (void)fsync_path(request.models_dir, O_RDONLY | O_DIRECTORY);

    ManifestEntry entry;
    entry.file = name;
    entry.url = request.url;
    entry.sha256 = result.sha256;
    entry.verified = std::string(verification_name(result.verified));
    entry.bytes = result.bytes;
    TRY(record_in_manifest(request.models_dir, entry));
    return result;
}

}  // namespace os1::models
