// libFuzzer target for message times (memory::parse_time: ISO-8601, LoCoMo
// style, "8 May 2023", relative words): any text gives a time or an Error
// with a message, never a crash or an overflow (UBSan watches the date
// arithmetic).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "memory/memory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 8) return 0;
    int64_t reference_ms;
    std::memcpy(&reference_ms, data, 8);
    // Keep the reference within years 0..9999 as the companion's clock is.
    reference_ms = static_cast<int64_t>(static_cast<uint64_t>(reference_ms) % 253402300800000ULL);
    std::string_view text(reinterpret_cast<const char*>(data) + 8, size - 8);
    auto t = os1::memory::parse_time(text, reference_ms);
    if (!t && t.error().message.empty()) std::abort();
    return 0;
}
