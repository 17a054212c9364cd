// Internal: running one libcurl transfer with cancellation, a minimum-rate
// stall rule and an overall deadline, shared by the openai brain and model
// downloads.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace os1::net {

// curl_global_init, once per process (thread-safe).
void ensure_curl();

struct CurlEasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
struct CurlSlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHeaders = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// When a transfer counts as stuck. A hostile or broken server can drip one
// byte a second forever, so "some byte arrived" is not enough: at least
// stall_min_bytes must arrive in every stall_s seconds (the clock restarts
// each time that many have come), and the whole transfer ends at deadline_s.
struct TransferLimits {
    double stall_s = 120;
    uint64_t stall_min_bytes = 1;
    double deadline_s = 0;  // 0 = no overall deadline (large downloads)
};

struct CurlOutcome {
    CURLcode code = CURLE_OK;
    bool cancelled = false;  // the cancel flag was set (the transfer was dropped)
    bool stalled = false;    // fewer than stall_min_bytes arrived in stall_s seconds
    bool deadline = false;   // the overall deadline passed
    long status = 0;         // HTTP status of the last response (0 when none)
    std::string curl_error;  // libcurl's error text
};

// Performs `easy` on a multi handle, waking at least every 100 ms to check
// `cancel`, the stall rule and the deadline.
CurlOutcome run_transfer(CURL* easy, const std::atomic<bool>* cancel, const TransferLimits& limits);

// True for failures worth retrying: could not connect/resolve, connection
// reset, a transfer cut short.
bool is_transient(CURLcode code);

}  // namespace os1::net
