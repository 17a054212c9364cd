// The architecture table: general.architecture -> how to load and run it.
// Adding an architecture = one file in arch/ defining an Architecture and
// one line here.
#include "engine/runtime/model.h"

namespace os1::engine {

extern const Architecture LLAMA_ARCHITECTURE;
extern const Architecture QWEN2_ARCHITECTURE;
extern const Architecture QWEN3_ARCHITECTURE;
extern const Architecture GEMMA3_ARCHITECTURE;
extern const Architecture GEMMA2_ARCHITECTURE;
extern const Architecture PHI3_ARCHITECTURE;
extern const Architecture SMOLLM3_ARCHITECTURE;

namespace {
const Architecture* const ARCHITECTURES[] = {
    &LLAMA_ARCHITECTURE,
    &QWEN2_ARCHITECTURE,
    &QWEN3_ARCHITECTURE,
    &GEMMA3_ARCHITECTURE,
    &GEMMA2_ARCHITECTURE,
    &PHI3_ARCHITECTURE,
    &SMOLLM3_ARCHITECTURE,
};
}  // namespace

const Architecture* find_architecture(std::string_view name) {
    for (const Architecture* a : ARCHITECTURES)
        if (name == a->name) return a;
    return nullptr;
}

std::string supported_architectures() {
    std::string out;
    for (const Architecture* a : ARCHITECTURES) {
        if (!out.empty()) out += ", ";
        out += a->name;
    }
    return out;
}

}  // namespace os1::engine
