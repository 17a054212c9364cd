// GGUF reader (format versions 2 and 3), memory-mapped.
//
// A GGUF file is: magic "GGUF", version, tensor count, metadata KV count,
// the metadata key/values, the tensor infos (name, dims, type, offset), then
// padding to `general.alignment` (default 32) and the tensor data.
//
// Hostile or truncated files (bad magic, huge counts, offsets past the end,
// unknown types, overflowing dimensions) are an Error with a clear message,
// never a crash or a huge allocation: every count and length is checked
// against the bytes that remain before anything is allocated.
//
// Ownership: GgufFile owns the mapping; GgufTensor::data points into it and
// lives as long as the GgufFile. Thread safety: immutable after open; any
// number of threads may read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1::engine {

// Tensor element types, numbered as in the GGUF format.
enum class GgmlType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    BF16 = 30,
    // Types a file may hold that we parse (their byte sizes are known) but
    // cannot compute with: type_traits(t).supported is false for these.
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    TQ1_0 = 34,
    TQ2_0 = 35,
};

// Metadata value types, numbered as in the GGUF format.
enum class GgufType : uint32_t {
    UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6,
    BOOL = 7, STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12,
};

std::string_view gguf_type_name(GgufType type);

// One metadata value. Scalars fill exactly one of u/i/f/b/s (integers fill
// both u and i when representable); arrays fill `strings` (array of STRING)
// or `numbers` (any numeric/bool element type, widened to double).
// Array strings are views into the file's bytes (a vocabulary is 150k of
// them: no copies), valid as long as the GgufFile.
struct GgufValue {
    GgufType type = GgufType::UINT32;
    uint64_t u = 0;
    int64_t i = 0;
    double f = 0.0;
    bool b = false;
    std::string s;
    GgufType array_type = GgufType::UINT32;  // element type when type == ARRAY
    std::vector<std::string_view> strings;  // views into the file (see above)
    std::vector<double> numbers;
    // Arrays of arrays are parsed and skipped: type ARRAY, array_type ARRAY,
    // no elements kept; array_count says how many there were.
    uint64_t array_count = 0;  // element count of any array as stored in the file

    bool is_integer() const;
    bool is_number() const;  // integer or float
    size_t array_size() const { return array_type == GgufType::STRING ? strings.size() : numbers.size(); }
};

struct GgufTensor {
    std::string name;
    GgmlType type = GgmlType::F32;
    std::vector<int64_t> shape;  // shape[0] is the innermost (contiguous) dimension, as in GGUF
    uint64_t offset = 0;         // relative to the start of the data section
    const uint8_t* data = nullptr;
    size_t n_bytes = 0;

    int64_t n_elements() const;
    int64_t rows() const;  // product of shape[1..], 1 for vectors
};

class GgufFile {
public:
    // Maps the file read-only and parses it.
    static Result<std::unique_ptr<GgufFile>> open(const std::filesystem::path& path);
    // Parses a buffer the caller keeps alive (fuzzing, tests).
    static Result<std::unique_ptr<GgufFile>> from_memory(std::span<const uint8_t> bytes);

    ~GgufFile();
    GgufFile(const GgufFile&) = delete;
    GgufFile& operator=(const GgufFile&) = delete;

    uint32_t version() const { return m_version; }
    size_t alignment() const { return m_alignment; }
    const std::filesystem::path& path() const { return m_path; }
    size_t file_size() const { return m_size; }

    const std::vector<std::pair<std::string, GgufValue>>& metadata() const { return m_metadata; }
    const GgufValue* find(std::string_view key) const;

    // Typed getters: NotFound when absent, Invalid when of the wrong type;
    // integer getters accept any integer type that fits.
    Result<std::string> get_string(std::string_view key) const;
    Result<uint64_t> get_uint(std::string_view key) const;
    Result<double> get_float(std::string_view key) const;  // any number type
    Result<bool> get_bool(std::string_view key) const;
    Result<const GgufValue*> get_array(std::string_view key) const;
    std::optional<std::string> string_or_none(std::string_view key) const;
    std::optional<uint64_t> uint_or_none(std::string_view key) const;
    std::optional<double> float_or_none(std::string_view key) const;

    // general.architecture ("llama", "qwen2", ...) or empty.
    std::string architecture() const;

    const std::vector<GgufTensor>& tensors() const { return m_tensors; }
    const GgufTensor* tensor(std::string_view name) const;

    // Start of the tensor data section (absolute byte offset in the file).
    size_t data_offset() const { return m_data_offset; }
    // "syn-llama-f32.gguf" for a mapped file, "GGUF buffer" for memory.
    std::string display_name() const;

    // Gives back the resident pages that lie wholly inside bytes [begin,
    // end) of a mapped file (MADV_DONTNEED); touching them later reads them
    // from the file again, so views stay valid. No-op for a buffer.
    void release_pages(size_t begin, size_t end) const;

private:
    GgufFile() = default;
    Result<void> parse();

    std::filesystem::path m_path;
    const uint8_t* m_bytes = nullptr;
    size_t m_size = 0;
    bool m_mapped = false;
    uint32_t m_version = 0;
    size_t m_alignment = 32;
    size_t m_data_offset = 0;
    std::vector<std::pair<std::string, GgufValue>> m_metadata;
    std::vector<GgufTensor> m_tensors;
};

}  // namespace os1::engine
