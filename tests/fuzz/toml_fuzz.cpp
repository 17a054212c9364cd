// libFuzzer target for the TOML reader (config.toml, setup answers): any
// bytes give a table or an Error with a message; a parsed table can be
// written back and read again.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/toml.h"

using namespace os1;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto table = parse_toml(text, "fuzz.toml");
    if (!table) {
        if (table.error().message.empty()) std::abort();
        return 0;
    }
    std::string written = write_toml(*table);
    auto again = parse_toml(written, "rewritten.toml");
    (void)again;
    return 0;
}
