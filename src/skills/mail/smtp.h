// Sending mail: composing the RFC 5322 bytes (compose.cpp, GMime: UTF-8,
// quoted-printable, encoded headers, a fresh Message-ID) and handing them
// to a Transport. The real transport is SMTP(S) through libcurl; tests use
// a fake transport or a local test server, never the network.
//
// Only the outbox sends (after the person's yes: mail_skill.h); nothing
// here decides to send.
//
// Limits: a message over SmtpSettings::max_bytes is refused before
// connecting; a connection gets connect_timeout_s, the whole transfer
// timeout_s. smtp:// URLs must upgrade to TLS (STARTTLS) unless the host
// is this machine (127.0.0.1, ::1, localhost: test servers, local relays).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "skills/mail/store.h"

namespace os1::mail {

struct Envelope {
    std::string from;               // bare address
    std::vector<std::string> rcpt;  // bare addresses
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual Result<void> send(const Envelope& envelope, std::string_view message) = 0;
};

struct SmtpSettings {
    std::string url;        // smtps://host:465 or smtp://host:587
    std::string user;
    std::string password;
    size_t max_bytes = 10u << 20;
    long connect_timeout_s = 15;
    long timeout_s = 60;
};

class SmtpTransport final : public Transport {
public:
    explicit SmtpTransport(SmtpSettings settings) : m_settings(std::move(settings)) {}
    Result<void> send(const Envelope& envelope, std::string_view message) override;

private:
    SmtpSettings m_settings;
};

// "Test connection": connects, upgrades to TLS as send() would, signs in
// (when a user is set) and says NOOP. Nothing is sent.
// Errors (Error::network) in plain words (imap.h connection_trouble).
Result<void> smtp_probe(const SmtpSettings& settings);

// Error::invalid unless `address` is one plain mailbox (local@domain, no
// spaces, brackets, quotes or line breaks).
Result<void> check_address(std::string_view address);

// The message bytes (CRLF line ends) for `mail` from `from`, dated now_ms.
Result<std::string> compose_message(const Address& from, const OutgoingMail& mail, int64_t now_ms);

}  // namespace os1::mail
