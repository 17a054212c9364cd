// libFuzzer target for the event-stream parser and the OpenAI chunk and
// error-body parsers: any bytes, cut into chunks where the first byte says,
// must give events or a clear Error, never a crash, and never an event or a
// buffered line over the parser's caps.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/sse.h"

using namespace os1::net;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t step = 1 + data[0] % 64;  // chunk size: exercises lines split across feeds
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    constexpr size_t MAX_LINE = 512, MAX_EVENT = 2048;
    SseParser parser(MAX_LINE, MAX_EVENT);
    auto on_event = [&](const SseEvent& ev) {
        if (ev.data.size() > MAX_EVENT) std::abort();
        auto chunk = parse_stream_chunk(ev.data);
        if (!chunk && chunk.error().message.empty()) std::abort();
        (void)error_body_message(ev.data);
        return true;
    };
    bool failed = false;
    for (size_t i = 0; i < text.size() && !failed; i += step) {
        auto r = parser.feed(text.substr(i, step), on_event);
        if (!r) {
            if (r.error().message.empty()) std::abort();
            failed = true;
        }
    }
    if (!failed) (void)parser.finish(on_event);
    (void)error_body_message(text);
    return 0;
}
