// Reading a mailbox over IMAP(S) with libcurl: the UIDs of the newest
// messages (UID SEARCH), then each message's bytes (UID FETCH BODY[]),
// which go through the same parser and store as imported files
// (mail_skill.h import_imap). Read only: nothing is flagged, moved or
// deleted on the server.
//
// Limits: at most `max_messages` (the newest), each at most `max_bytes`
// (a larger one is skipped with its reason), `timeout_s` per request.
// imap:// must upgrade to TLS unless the host is this machine.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace os1::mail {

struct ImapSettings {
    std::string url;       // imaps://imap.example.org/INBOX
    std::string user;
    std::string password;
    size_t max_messages = 200;
    size_t max_bytes = 32u << 20;
    long connect_timeout_s = 15;
    long timeout_s = 60;
};

struct ImapMessage {
    uint64_t uid = 0;
    std::string raw;     // the message's bytes ("" when skipped)
    std::string reason;  // why it was skipped ("" when fetched)
};

// Fetches the newest messages, oldest first, handing each to `each`.
// Errors: the server cannot be reached, refuses the login or the mailbox.
Result<size_t> imap_fetch(const ImapSettings& settings, const std::function<void(ImapMessage&&)>& each);

// "Test connection": signs in and opens the mailbox read only (EXAMINE);
// how many messages it holds. Nothing is fetched or changed.
// Errors (Error::network) in plain words: connection_trouble below.
Result<size_t> imap_probe(const ImapSettings& settings);

// What a libcurl failure means for a person setting up mail ("the server
// refused the user name or password", "nothing answers at HOST", "no
// answer within 15 s", "the secure connection failed: ..."), with the
// server's own words when it gave some. `what`: "signing in to imap.example.org".
std::string connection_trouble(int curl_code, const char* detail, std::string_view what, long timeout_s);

// The host of a mail URL ("imaps://imap.example.org:993/INBOX" -> "imap.example.org:993").
std::string url_host(std::string_view url);

}  // namespace os1::mail
