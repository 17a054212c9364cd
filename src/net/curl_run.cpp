#include "net/curl_run.h"

#include <chrono>
#include <mutex>

namespace os1::net {

void ensure_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlOutcome run_transfer(CURL* easy, const std::atomic<bool>* cancel, const TransferLimits& limits) {
    using Clock = std::chrono::steady_clock;
    CurlOutcome out;
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);

    CURLM* multi = curl_multi_init();
    curl_multi_add_handle(multi, easy);
    const auto start = Clock::now();
    const uint64_t min_bytes = limits.stall_min_bytes > 0 ? limits.stall_min_bytes : 1;
    curl_off_t window_bytes = 0;  // bytes moved when the stall window began
    auto window_start = start;
    bool done = false;
    while (!done) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(multi, &running);
        if (mc != CURLM_OK) {
            out.code = CURLE_FAILED_INIT;
            out.curl_error = curl_multi_strerror(mc);
            break;
        }
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg == CURLMSG_DONE) {
                out.code = msg->data.result;
                done = true;
            }
        }
        if (done || running == 0) break;
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            out.cancelled = true;
            out.code = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl_off_t got = 0, sent = 0;
        curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
        curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &sent);
        auto now = Clock::now();
        if (static_cast<uint64_t>(got + sent - window_bytes) >= min_bytes) {
            window_bytes = got + sent;
            window_start = now;
        } else if (std::chrono::duration<double>(now - window_start).count() > limits.stall_s) {
            out.stalled = true;
            out.code = CURLE_OPERATION_TIMEDOUT;
            break;
        }
        if (limits.deadline_s > 0 && std::chrono::duration<double>(now - start).count() > limits.deadline_s) {
            out.deadline = true;
            out.code = CURLE_OPERATION_TIMEDOUT;
            break;
        }
        curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &out.status);
    out.curl_error = errbuf[0] ? errbuf : curl_easy_strerror(out.code);
    curl_multi_remove_handle(multi, easy);
    curl_multi_cleanup(multi);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
    return out;
}

bool is_transient(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return true;
        default:
            return false;
    }
}

}  // namespace os1::net
