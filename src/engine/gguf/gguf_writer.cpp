#include "engine/gguf/gguf_writer.h"

#include <cstdio>
#include <cstring>
#include <system_error>

#include "engine/gguf/tensor_types.h"

namespace os1::engine {

namespace {

// Little-endian encoding helpers (x86-64 and every platform we build on is
// little-endian; memcpy keeps it alignment-safe).
template <typename T>
void put_raw(std::vector<uint8_t>& out, T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}

void put_str(std::vector<uint8_t>& out, std::string_view s) {
    put_raw<uint64_t>(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

template <typename T>
std::vector<uint8_t> scalar(GgufType type, T v) {
    std::vector<uint8_t> out;
    put_raw<uint32_t>(out, static_cast<uint32_t>(type));
    put_raw<T>(out, v);
    return out;
}

template <typename T>
std::vector<uint8_t> array(GgufType elem, const std::vector<T>& v) {
    std::vector<uint8_t> out;
    out.reserve(16 + v.size() * sizeof(T));
    put_raw<uint32_t>(out, static_cast<uint32_t>(GgufType::ARRAY));
    put_raw<uint32_t>(out, static_cast<uint32_t>(elem));
    put_raw<uint64_t>(out, v.size());
    for (const T& x : v) put_raw<T>(out, x);
    return out;
}

size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

}  // namespace

void GgufWriter::put(std::string_view key, std::vector<uint8_t> encoded) {
    for (auto& e : m_entries) {
        if (e.key == key) {
            e.encoded = std::move(encoded);
            return;
        }
    }
    m_entries.push_back({std::string(key), std::move(encoded)});
}

void GgufWriter::set_u8(std::string_view k, uint8_t v) { put(k, scalar(GgufType::UINT8, v)); }
void GgufWriter::set_i8(std::string_view k, int8_t v) { put(k, scalar(GgufType::INT8, v)); }
void GgufWriter::set_u16(std::string_view k, uint16_t v) { put(k, scalar(GgufType::UINT16, v)); }
void GgufWriter::set_i16(std::string_view k, int16_t v) { put(k, scalar(GgufType::INT16, v)); }
void GgufWriter::set_u32(std::string_view k, uint32_t v) { put(k, scalar(GgufType::UINT32, v)); }
void GgufWriter::set_i32(std::string_view k, int32_t v) { put(k, scalar(GgufType::INT32, v)); }
void GgufWriter::set_u64(std::string_view k, uint64_t v) { put(k, scalar(GgufType::UINT64, v)); }
void GgufWriter::set_i64(std::string_view k, int64_t v) { put(k, scalar(GgufType::INT64, v)); }
void GgufWriter::set_f32(std::string_view k, float v) { put(k, scalar(GgufType::FLOAT32, v)); }
void GgufWriter::set_f64(std::string_view k, double v) { put(k, scalar(GgufType::FLOAT64, v)); }
void GgufWriter::set_bool(std::string_view k, bool v) { put(k, scalar<uint8_t>(GgufType::BOOL, v ? 1 : 0)); }

void GgufWriter::set_string(std::string_view k, std::string_view v) {
    std::vector<uint8_t> out;
    put_raw<uint32_t>(out, static_cast<uint32_t>(GgufType::STRING));
    put_str(out, v);
    put(k, std::move(out));
}

void GgufWriter::set_strings(std::string_view k, const std::vector<std::string>& v) {
    std::vector<uint8_t> out;
    put_raw<uint32_t>(out, static_cast<uint32_t>(GgufType::ARRAY));
    put_raw<uint32_t>(out, static_cast<uint32_t>(GgufType::STRING));
    put_raw<uint64_t>(out, v.size());
    for (const auto& s : v) put_str(out, s);
    put(k, std::move(out));
}

void GgufWriter::set_f32s(std::string_view k, const std::vector<float>& v) { put(k, array(GgufType::FLOAT32, v)); }
void GgufWriter::set_i32s(std::string_view k, const std::vector<int32_t>& v) { put(k, array(GgufType::INT32, v)); }
void GgufWriter::set_u32s(std::string_view k, const std::vector<uint32_t>& v) { put(k, array(GgufType::UINT32, v)); }

void GgufWriter::set_alignment(uint32_t alignment) {
    m_alignment = alignment;
    if (alignment != 32) set_u32("general.alignment", alignment);
}

void GgufWriter::add_tensor(std::string name, GgmlType type, std::vector<int64_t> shape) {
    m_tensors.push_back({std::move(name), type, std::move(shape)});
}

size_t GgufWriter::tensor_bytes(size_t i) const {
    const auto& t = m_tensors[i];
    int64_t rows = 1;
    for (size_t d = 1; d < t.shape.size(); d++) rows *= t.shape[d];
    return row_size(t.type, t.shape.empty() ? 1 : t.shape[0]) * static_cast<size_t>(rows);
}

std::vector<uint64_t> GgufWriter::offsets() const {
    std::vector<uint64_t> out;
    uint64_t at = 0;
    for (size_t i = 0; i < m_tensors.size(); i++) {
        out.push_back(at);
        at = align_up(at + tensor_bytes(i), m_alignment);
    }
    return out;
}

std::vector<uint8_t> GgufWriter::header_bytes() const {
    std::vector<uint8_t> out;
    out.reserve(1 << 16);
    for (char c : {'G', 'G', 'U', 'F'}) out.push_back(static_cast<uint8_t>(c));
    put_raw<uint32_t>(out, 3);
    put_raw<uint64_t>(out, m_tensors.size());
    put_raw<uint64_t>(out, m_entries.size());
    for (const auto& e : m_entries) {
        put_str(out, e.key);
        out.insert(out.end(), e.encoded.begin(), e.encoded.end());
    }
    auto offs = offsets();
    for (size_t i = 0; i < m_tensors.size(); i++) {
        const auto& t = m_tensors[i];
        put_str(out, t.name);
        put_raw<uint32_t>(out, static_cast<uint32_t>(t.shape.size()));
        for (int64_t d : t.shape) put_raw<uint64_t>(out, static_cast<uint64_t>(d));
        put_raw<uint32_t>(out, static_cast<uint32_t>(t.type));
        put_raw<uint64_t>(out, offs[i]);
    }
    out.resize(align_up(out.size(), m_alignment), 0);
    return out;
}

size_t GgufWriter::file_size() const {
    size_t n = header_bytes().size();
    if (m_tensors.empty()) return n;
    return n + offsets().back() + tensor_bytes(m_tensors.size() - 1);
}

Result<void> GgufWriter::write(const std::filesystem::path& path, const Producer& produce) const {
    if (m_alignment == 0 || (m_alignment & (m_alignment - 1)) != 0)
        return Error::invalid("GGUF alignment ", m_alignment, " is not a power of two");
    for (const auto& t : m_tensors) {
        const auto& tr = type_traits(t.type);
        if (t.shape.empty() || t.shape.size() > 4)
            return Error::invalid("tensor '", t.name, "' has ", t.shape.size(), " dimensions (1 to 4 allowed)");
        for (int64_t d : t.shape)
            if (d <= 0) return Error::invalid("tensor '", t.name, "' has a dimension of ", d);
        if (t.shape[0] % tr.block_size != 0)
            return Error::invalid("tensor '", t.name, "': ", t.shape[0], " columns is not a multiple of ",
                                  tr.name, "'s block of ", tr.block_size);
    }

    auto tmp = path;
    tmp += ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return Error::io("cannot create ", tmp.string(), ": ", std::strerror(errno));
    auto fail = [&](Error e) -> Result<void> {
        std::fclose(f);
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return e;
    };
    auto header = header_bytes();
    if (std::fwrite(header.data(), 1, header.size(), f) != header.size())
        return fail(Error::io("writing ", tmp.string(), ": ", std::strerror(errno)));

    std::vector<uint8_t> buffer;
    std::vector<uint8_t> zeros(m_alignment, 0);
    for (size_t i = 0; i < m_tensors.size(); i++) {
        size_t n = tensor_bytes(i);
        buffer.resize(n);
        auto r = produce(i, std::span<uint8_t>(buffer.data(), n));
        if (!r) return fail(r.error().context(str("tensor '", m_tensors[i].name, "'")));
        if (std::fwrite(buffer.data(), 1, n, f) != n)
            return fail(Error::io("writing ", tmp.string(), ": ", std::strerror(errno)));
        if (i + 1 < m_tensors.size()) {
            size_t pad = align_up(n, m_alignment) - n;
            if (pad && std::fwrite(zeros.data(), 1, pad, f) != pad)
                return fail(Error::io("writing ", tmp.string(), ": ", std::strerror(errno)));
        }
    }
    if (std::fclose(f) != 0) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return Error::io("closing ", tmp.string(), ": ", std::strerror(errno));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Error::io("renaming ", tmp.string(), " to ", path.string(), ": ", ec.message());
    return ok();
}

}  // namespace os1::engine
