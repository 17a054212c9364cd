// Internal: running one libcurl transfer with cancellation and a stall
// timeout, shared by the openai brain and model downloads.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>

namespace os1::brain {

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

struct CurlOutcome {
    CURLcode code = CURLE_OK;
    bool cancelled = false;  // the cancel flag was set (the transfer was dropped)
    bool stalled = false;    // nothing arrived for stall_s seconds
    long status = 0;         // HTTP status of the last response (0 when none)
    std::string curl_error;  // libcurl's error text
};

// Performs `easy` on a multi handle, waking at least every 100 ms to check
// `cancel` and the stall clock (reset whenever bytes arrive).
CurlOutcome run_transfer(CURL* easy, const std::atomic<bool>* cancel, double stall_s);

// True for failures worth retrying: could not connect/resolve, connection
// reset, a transfer cut short.
bool is_transient(CURLcode code);

}  // namespace os1::brain
