// libFuzzer target for mail as it arrives (issue 17): any bytes give a
// message or an Error with a message, within the parse limits; the same
// bytes as an mbox file split into messages that each parse or fail
// cleanly; HTML bodies become valid UTF-8 text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/text.h"
#include "skills/mail/html_text.h"
#include "skills/mail/parse.h"

using namespace os1;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    mail::ParseLimits limits;
    limits.max_parts = 64;
    limits.max_depth = 12;
    auto message = mail::parse_message(bytes, limits);
    if (message) {
        if (!is_valid_utf8(message->text) || !is_valid_utf8(message->subject) || !is_valid_utf8(message->from.name)) std::abort();
        if (message->n_parts > limits.max_parts) std::abort();
    } else if (message.error().message.empty()) {
        std::abort();
    }
    mail::split_mbox(bytes, [&](const mail::MboxEntry& entry) {
        auto m = mail::parse_message(entry.raw, limits);
        if (!m && m.error().message.empty()) std::abort();
    });
    if (!is_valid_utf8(mail::html_to_text(bytes))) std::abort();
    return 0;
}
