// GGUF writer (format version 3): metadata of every type, tensor infos,
// alignment padding and tensor data, streamed to disk one tensor at a time.
//
//   GgufWriter w;
//   w.set_string("general.architecture", "llama");
//   w.set_u32("llama.block_count", 2);
//   w.add_tensor("token_embd.weight", GgmlType::Q8_0, {256, 512});
//   TRY(w.write(path, [&](size_t i, std::span<uint8_t> out) -> Result<void> { ... }));
//
// The writer keeps only the metadata and tensor infos in memory; write()
// asks the producer for each tensor's bytes in order, into a buffer of
// exactly that tensor's size (reused between tensors), so a model is never
// held in memory whole. The file is written to "<path>.tmp" and renamed, so
// a failed write leaves no half file behind.
//
// Thread safety: none; one writer per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/gguf/gguf.h"

namespace os1::engine {

class GgufWriter {
public:
    // Scalars. Setting a key twice replaces its value (keeps its position).
    void set_u8(std::string_view key, uint8_t v);
    void set_i8(std::string_view key, int8_t v);
    void set_u16(std::string_view key, uint16_t v);
    void set_i16(std::string_view key, int16_t v);
    void set_u32(std::string_view key, uint32_t v);
    void set_i32(std::string_view key, int32_t v);
    void set_u64(std::string_view key, uint64_t v);
    void set_i64(std::string_view key, int64_t v);
    void set_f32(std::string_view key, float v);
    void set_f64(std::string_view key, double v);
    void set_bool(std::string_view key, bool v);
    void set_string(std::string_view key, std::string_view v);
    // Arrays.
    void set_strings(std::string_view key, const std::vector<std::string>& v);
    void set_f32s(std::string_view key, const std::vector<float>& v);
    void set_i32s(std::string_view key, const std::vector<int32_t>& v);
    void set_u32s(std::string_view key, const std::vector<uint32_t>& v);

    // general.alignment (a power of two; default 32). Also written as metadata
    // when not 32.
    void set_alignment(uint32_t alignment);

    // Declares a tensor; shape[0] is the contiguous dimension and must be a
    // multiple of the type's block size (checked by write()).
    void add_tensor(std::string name, GgmlType type, std::vector<int64_t> shape);

    size_t n_tensors() const { return m_tensors.size(); }
    // Bytes of tensor i's data.
    size_t tensor_bytes(size_t i) const;
    // Total file size write() will produce.
    size_t file_size() const;

    // Producer fills `out` (exactly tensor_bytes(i)) with tensor i's data.
    using Producer = std::function<Result<void>(size_t index, std::span<uint8_t> out)>;
    Result<void> write(const std::filesystem::path& path, const Producer& produce) const;

    // The header (everything before the tensor data, padding included).
    std::vector<uint8_t> header_bytes() const;

private:
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<int64_t> shape;
    };
    struct Entry {
        std::string key;
        std::vector<uint8_t> encoded;  // type tag + value, GGUF little-endian encoding
    };
    void put(std::string_view key, std::vector<uint8_t> encoded);
    std::vector<uint64_t> offsets() const;

    std::vector<Entry> m_entries;
    std::vector<Tensor> m_tensors;
    uint32_t m_alignment = 32;
};

}  // namespace os1::engine
