// Helpers for the mail tests: a mail written as text (CRLF not needed),
// files in a folder, a fake transport that records what it was given.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "skills/mail/mail_skill.h"
#include "test_support.h"

namespace os1::mail::test {

inline void write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// A simple mail: From, To, Subject, Date (RFC 5322) and a text body.
inline std::string simple_mail(const std::string& from, const std::string& subject, const std::string& body,
                               const std::string& id = "", const std::string& extra_headers = "",
                               const std::string& date = "Mon, 07 Dec 2026 09:00:00 +0000") {
    std::string m = "From: " + from + "\nTo: Sam Rivera <sam@example.org>\nSubject: " + subject + "\nDate: " + date + "\n";
    if (!id.empty()) m += "Message-ID: <" + id + ">\n";
    m += extra_headers;
    m += "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body + "\n";
    return m;
}

struct Sent {
    Envelope envelope;
    std::string message;
};

class FakeTransport final : public Transport {
public:
    explicit FakeTransport(std::vector<Sent>* log, bool fail = false) : m_log(log), m_fail(fail) {}
    Result<void> send(const Envelope& envelope, std::string_view message) override {
        if (m_fail) return Error::network("the server said no (421)");
        m_log->push_back({envelope, std::string(message)});
        return {};
    }

private:
    std::vector<Sent>* m_log;
    bool m_fail;
};

inline TransportFactory fake_factory(std::vector<Sent>* log, bool fail = false) {
    return [log, fail](const Account&, const std::string&) -> Result<std::unique_ptr<Transport>> {
        return std::unique_ptr<Transport>(std::make_unique<FakeTransport>(log, fail));
    };
}

// 7 December 2026, 12:00 UTC: the tests' "now".
inline constexpr int64_t NOW_MS = 1796644800000;

inline skills::Context context_in(const std::filesystem::path& dir, const Clock* clock, std::string conversation = "") {
    skills::Context c;
    c.owner = "local";
    c.dir = dir;
    c.clock = clock;
    c.conversation = std::move(conversation);
    return c;
}

}  // namespace os1::mail::test
