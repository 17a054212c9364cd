// libFuzzer target for the GGUF reader: any bytes must give either a parsed
// file whose tensors lie inside the input, or an Error with a message; then
// the parsed file is exercised (getters, dequantizing the first rows of small
// tensors) so hostile tensor bytes go through the kernels too.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "engine/gguf/gguf.h"
#include "engine/gguf/tensor_types.h"

using namespace os1::engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto r = GgufFile::from_memory(std::span<const uint8_t>(data, size));
    if (!r.ok()) {
        if (r.error().message.empty()) std::abort();
        return 0;
    }
    const GgufFile& f = **r;
    (void)f.architecture();
    for (const auto& [key, value] : f.metadata()) {
        (void)f.get_uint(key);
        (void)f.get_float(key);
        (void)f.get_string(key);
        (void)value.array_size();
    }
    std::vector<float> row;
    for (const GgufTensor& t : f.tensors()) {
        if (t.data < data || t.data + t.n_bytes > data + size) std::abort();
        if (t.n_elements() <= 0 || t.rows() <= 0) std::abort();
        const TypeTraits& tr = type_traits(t.type);
        if (!tr.supported || t.shape[0] > (1 << 16)) continue;
        if (row_size(t.type, t.shape[0]) > t.n_bytes) std::abort();
        row.resize(static_cast<size_t>(t.shape[0]));
        dequantize_row(t.type, t.data, row.data(), t.shape[0]);
        (void)dot_row(t.type, t.data, row.data(), t.shape[0]);
    }
    return 0;
}
