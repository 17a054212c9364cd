// Test helper: builds GGUF files byte by byte, so tests can make both valid
// files and precisely broken ones (the production GgufWriter only makes
// valid files).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace os1::test {

struct GgufBytes {
    std::vector<uint8_t> b;

    GgufBytes& u8(uint8_t v) { b.push_back(v); return *this; }
    GgufBytes& raw(const void* p, size_t n) {
        const auto* c = static_cast<const uint8_t*>(p);
        b.insert(b.end(), c, c + n);
        return *this;
    }
    GgufBytes& u16(uint16_t v) { return raw(&v, 2); }
    GgufBytes& u32(uint32_t v) { return raw(&v, 4); }
    GgufBytes& u64(uint64_t v) { return raw(&v, 8); }
    GgufBytes& i64(int64_t v) { return raw(&v, 8); }
    GgufBytes& f32(float v) { return raw(&v, 4); }
    GgufBytes& f64(double v) { return raw(&v, 8); }
    GgufBytes& str(std::string_view s) { u64(s.size()); return raw(s.data(), s.size()); }

    // "GGUF", version, tensor count, kv count.
    GgufBytes& header(uint64_t n_tensors, uint64_t n_kv, uint32_t version = 3) {
        raw("GGUF", 4);
        u32(version);
        u64(n_tensors);
        return u64(n_kv);
    }
    GgufBytes& kv_u32(std::string_view key, uint32_t v) { str(key); u32(4); return u32(v); }
    GgufBytes& kv_str(std::string_view key, std::string_view v) { str(key); u32(8); return str(v); }
    // Tensor info: name, dims, type, offset.
    GgufBytes& tensor(std::string_view name, std::vector<uint64_t> dims, uint32_t type, uint64_t offset) {
        str(name);
        u32(static_cast<uint32_t>(dims.size()));
        for (uint64_t d : dims) u64(d);
        u32(type);
        return u64(offset);
    }
    GgufBytes& pad(size_t alignment = 32) {
        while (b.size() % alignment) b.push_back(0);
        return *this;
    }
    GgufBytes& zeros(size_t n) { b.insert(b.end(), n, 0); return *this; }
    size_t size() const { return b.size(); }
};

}  // namespace os1::test
