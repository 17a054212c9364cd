// GGUF parsing. Every read goes through Reader, which checks the bytes that
// remain before it touches them, and every count is compared with the bytes
// that remain before anything is allocated, so a hostile file costs at most
// a small multiple of its own size in memory.
#include "engine/gguf/gguf.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <unordered_set>

#include "core/text.h"
#include "engine/gguf/tensor_types.h"

namespace os1::engine {

namespace {

// Names from the file, repeated in errors: escaped and capped (core/text.h).
std::string printable(std::string_view s) { return escape_capped(s); }

constexpr uint32_t GGUF_MAGIC = 0x46554747;  // "GGUF" little-endian
constexpr size_t DEFAULT_ALIGNMENT = 32;
constexpr int MAX_DIMS = 4;
constexpr int MAX_ARRAY_DEPTH = 8;
// Smallest encodings, used to bound counts by the bytes that remain.
constexpr uint64_t MIN_KV_BYTES = 8 + 4 + 1;               // key length, type, u8 value
constexpr uint64_t MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;  // name len, n_dims, 1 dim, type, offset

size_t scalar_size(GgufType type) {
    switch (type) {
    case GgufType::UINT8: case GgufType::INT8: case GgufType::BOOL: return 1;
    case GgufType::UINT16: case GgufType::INT16: return 2;
    case GgufType::UINT32: case GgufType::INT32: case GgufType::FLOAT32: return 4;
    case GgufType::UINT64: case GgufType::INT64: case GgufType::FLOAT64: return 8;
    case GgufType::STRING: return 8;   // at least the length prefix
    case GgufType::ARRAY: return 12;   // at least type + count
    }
    return 0;
}

bool is_valid_gguf_type(uint32_t raw) { return raw <= static_cast<uint32_t>(GgufType::FLOAT64); }

// Bounds-checked little-endian cursor over the file bytes.
class Reader {
public:
    Reader(const uint8_t* bytes, size_t size, std::string name) : m_bytes(bytes), m_size(size), m_name(std::move(name)) {}

    size_t pos() const { return m_pos; }
    size_t remaining() const { return m_size - m_pos; }

    Error truncated(std::string_view what, uint64_t need) const {
        return Error::invalid(m_name, ": ", what, " needs ", need, " bytes at byte ", m_pos, " but the file has ", m_size,
                              " bytes — the file is truncated or not a GGUF model; download it again");
    }

    template <typename T>
    Result<T> read(std::string_view what) {
        if (remaining() < sizeof(T)) return truncated(what, sizeof(T));
        T v;
        std::memcpy(&v, m_bytes + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return v;
    }

    // A view into the bytes being parsed (they outlive the GgufFile's values).
    Result<std::string_view> read_string_view(std::string_view what) {
        uint64_t len = TRY(read<uint64_t>(what));
        if (len > remaining())
            return Error::invalid(m_name, ": ", what, " claims a length of ", len, " bytes at byte ", m_pos - 8, " but only ",
                                  remaining(), " bytes remain — the file is corrupt or truncated");
        std::string_view s(reinterpret_cast<const char*>(m_bytes + m_pos), static_cast<size_t>(len));
        m_pos += static_cast<size_t>(len);
        return s;
    }

    Result<std::string> read_string(std::string_view what) { return std::string(TRY(read_string_view(what))); }

    Result<void> skip(uint64_t n, std::string_view what) {
        if (n > remaining()) return truncated(what, n);
        m_pos += static_cast<size_t>(n);
        return ok();
    }

    const std::string& name() const { return m_name; }

private:
    const uint8_t* m_bytes;
    size_t m_size;
    size_t m_pos = 0;
    std::string m_name;
};

// Reads one numeric/bool scalar of `type` into v (u/i/f/b).
Result<void> read_scalar(Reader& r, GgufType type, GgufValue& v, std::string_view what) {
    auto set_signed = [&](int64_t x) {
        v.i = x;
        if (x >= 0) v.u = static_cast<uint64_t>(x);
    };
    auto set_unsigned = [&](uint64_t x) {
        v.u = x;
        if (x <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) v.i = static_cast<int64_t>(x);
    };
    switch (type) {
    case GgufType::UINT8: set_unsigned(TRY(r.read<uint8_t>(what))); break;
    case GgufType::INT8: set_signed(TRY(r.read<int8_t>(what))); break;
    case GgufType::UINT16: set_unsigned(TRY(r.read<uint16_t>(what))); break;
    case GgufType::INT16: set_signed(TRY(r.read<int16_t>(what))); break;
    case GgufType::UINT32: set_unsigned(TRY(r.read<uint32_t>(what))); break;
    case GgufType::INT32: set_signed(TRY(r.read<int32_t>(what))); break;
    case GgufType::UINT64: set_unsigned(TRY(r.read<uint64_t>(what))); break;
    case GgufType::INT64: set_signed(TRY(r.read<int64_t>(what))); break;
    case GgufType::FLOAT32: v.f = TRY(r.read<float>(what)); break;
    case GgufType::FLOAT64: v.f = TRY(r.read<double>(what)); break;
    case GgufType::BOOL: {
        uint8_t b = TRY(r.read<uint8_t>(what));
        if (b > 1) return Error::invalid(r.name(), ": ", what, " is a bool with value ", int(b), " (must be 0 or 1) — the file is corrupt");
        v.b = b != 0;
        break;
    }
    default: return Error::internal("read_scalar on a non-scalar type");
    }
    return ok();
}

double scalar_as_double(const GgufValue& v) {
    switch (v.type) {
    case GgufType::FLOAT32: case GgufType::FLOAT64: return v.f;
    case GgufType::BOOL: return v.b ? 1.0 : 0.0;
    case GgufType::INT8: case GgufType::INT16: case GgufType::INT32: case GgufType::INT64: return static_cast<double>(v.i);
    default: return static_cast<double>(v.u);
    }
}

Result<GgufValue> read_value(Reader& r, GgufType type, std::string_view key, int depth);

Result<void> read_array(Reader& r, GgufValue& v, std::string_view key, int depth) {
    if (depth >= MAX_ARRAY_DEPTH)
        return Error::invalid(r.name(), ": metadata '", printable(key), "' nests arrays more than ", MAX_ARRAY_DEPTH, " deep — the file is corrupt");
    uint32_t raw = TRY(r.read<uint32_t>("array element type"));
    if (!is_valid_gguf_type(raw))
        return Error::invalid(r.name(), ": metadata '", printable(key), "' is an array of unknown value type ", raw, " — the file is corrupt");
    v.array_type = static_cast<GgufType>(raw);
    uint64_t count = TRY(r.read<uint64_t>("array length"));
    v.array_count = count;
    size_t min_elem = scalar_size(v.array_type);
    if (count > r.remaining() / min_elem)
        return Error::invalid(r.name(), ": metadata '", printable(key), "' claims ", count, " array elements but only ", r.remaining(),
                              " bytes remain — the file is corrupt or truncated");
    if (v.array_type == GgufType::STRING) {
        v.strings.reserve(static_cast<size_t>(count));
        for (uint64_t k = 0; k < count; ++k) v.strings.push_back(TRY(r.read_string_view("array string")));
    } else if (v.array_type == GgufType::ARRAY) {
        // Arrays of arrays: parse (to validate and skip) but keep nothing.
        for (uint64_t k = 0; k < count; ++k) TRY(read_value(r, GgufType::ARRAY, key, depth + 1));
    } else {
        v.numbers.reserve(static_cast<size_t>(count));
        GgufValue e;
        e.type = v.array_type;
        for (uint64_t k = 0; k < count; ++k) {
            TRY(read_scalar(r, v.array_type, e, "array element"));
            v.numbers.push_back(scalar_as_double(e));
        }
    }
    return ok();
}

Result<GgufValue> read_value(Reader& r, GgufType type, std::string_view key, int depth) {
    GgufValue v;
    v.type = type;
    if (type == GgufType::STRING) {
        v.s = TRY(r.read_string("string value"));
    } else if (type == GgufType::ARRAY) {
        TRY(read_array(r, v, key, depth));
    } else {
        TRY(read_scalar(r, type, v, "metadata value"));
    }
    return v;
}

bool checked_mul(int64_t a, int64_t b, int64_t& out) { return !__builtin_mul_overflow(a, b, &out); }


}  // namespace

std::string_view gguf_type_name(GgufType type) {
    switch (type) {
    case GgufType::UINT8: return "uint8";
    case GgufType::INT8: return "int8";
    case GgufType::UINT16: return "uint16";
    case GgufType::INT16: return "int16";
    case GgufType::UINT32: return "uint32";
    case GgufType::INT32: return "int32";
    case GgufType::FLOAT32: return "float32";
    case GgufType::BOOL: return "bool";
    case GgufType::STRING: return "string";
    case GgufType::ARRAY: return "array";
    case GgufType::UINT64: return "uint64";
    case GgufType::INT64: return "int64";
    case GgufType::FLOAT64: return "float64";
    }
    return "unknown";
}

bool GgufValue::is_integer() const {
    switch (type) {
    case GgufType::UINT8: case GgufType::INT8: case GgufType::UINT16: case GgufType::INT16:
    case GgufType::UINT32: case GgufType::INT32: case GgufType::UINT64: case GgufType::INT64: return true;
    default: return false;
    }
}

bool GgufValue::is_number() const { return is_integer() || type == GgufType::FLOAT32 || type == GgufType::FLOAT64; }

int64_t GgufTensor::n_elements() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;  // validated against overflow at parse time
    return n;
}

int64_t GgufTensor::rows() const {
    int64_t n = 1;
    for (size_t k = 1; k < shape.size(); ++k) n *= shape[k];
    return n;
}

GgufFile::~GgufFile() {
    if (m_mapped && m_bytes) munmap(const_cast<uint8_t*>(m_bytes), m_size);
}

void GgufFile::release_pages(size_t begin, size_t end) const {
    if (!m_mapped || !m_bytes) return;
    end = std::min(end, m_size);
    const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    begin = (begin + page - 1) & ~(page - 1);  // the mapping starts on a page
    end &= ~(page - 1);
    if (end > begin) madvise(const_cast<uint8_t*>(m_bytes) + begin, end - begin, MADV_DONTNEED);
}

Result<std::unique_ptr<GgufFile>> GgufFile::open(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT) return Error::not_found("model file ", path.string(), " does not exist — check the path");
        return Error::io("cannot open ", path.string(), ": ", std::strerror(err));
    }
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        return Error::io("cannot stat ", path.string(), ": ", std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error::invalid(path.string(), " is not a regular file — give the path of a .gguf model file");
    }
    size_t size = static_cast<size_t>(st.st_size);
    if (size == 0) {
        ::close(fd);
        return Error::invalid(path.string(), " is empty (0 bytes) — the download failed; download it again");
    }
    void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int err = errno;
    ::close(fd);
    if (map == MAP_FAILED) return Error::io("cannot map ", path.string(), " (", size, " bytes): ", std::strerror(err));

    std::unique_ptr<GgufFile> file(new GgufFile());
    file->m_path = path;
    file->m_bytes = static_cast<const uint8_t*>(map);
    file->m_size = size;
    file->m_mapped = true;
    TRY(file->parse());
    return file;
}

Result<std::unique_ptr<GgufFile>> GgufFile::from_memory(std::span<const uint8_t> bytes) {
    std::unique_ptr<GgufFile> file(new GgufFile());
    file->m_bytes = bytes.data();
    file->m_size = bytes.size();
    TRY(file->parse());
    return file;
}

std::string GgufFile::display_name() const { return m_path.empty() ? std::string("GGUF buffer") : m_path.filename().string(); }

Result<void> GgufFile::parse() {
    const std::string name = display_name();
    Reader r(m_bytes, m_size, name);

    if (m_size < 4) return Error::invalid(name, ": only ", m_size, " bytes — too short to be a GGUF file; download it again");
    uint32_t magic = TRY(r.read<uint32_t>("magic"));
    if (magic != GGUF_MAGIC) {
        std::string got;
        for (int k = 0; k < 4; ++k) {
            unsigned char c = m_bytes[k];
            got += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
        }
        return Error::invalid(name, ": not a GGUF file (starts with \"", got, "\", expected \"GGUF\") — give a .gguf model file");
    }
    m_version = TRY(r.read<uint32_t>("version"));
    if (m_version == 1)
        return Error::unsupported(name, ": GGUF version 1 is unsupported (only versions 2 and 3) — download a newer conversion of the model");
    if (m_version != 2 && m_version != 3)
        return Error::unsupported(name, ": unsupported GGUF version ", m_version, " (only versions 2 and 3 are read)");

    uint64_t n_tensors = TRY(r.read<uint64_t>("tensor count"));
    uint64_t n_kv = TRY(r.read<uint64_t>("metadata count"));
    if (n_kv > r.remaining() / MIN_KV_BYTES)
        return Error::invalid(name, ": header claims ", n_kv, " metadata entries but the file has only ", r.remaining(),
                              " bytes left — the file is corrupt or truncated");
    if (n_tensors > r.remaining() / MIN_TENSOR_INFO_BYTES)
        return Error::invalid(name, ": header claims ", n_tensors, " tensors but the file has only ", r.remaining(),
                              " bytes left — the file is corrupt or truncated");

    // Metadata.
    // Reserve only what a small file could hold: an entry takes far more memory
    // than its smallest encoding, so a claimed count is not trusted for sizing.
    m_metadata.reserve(static_cast<size_t>(std::min<uint64_t>(n_kv, 1024)));
    std::unordered_set<std::string> keys;
    for (uint64_t k = 0; k < n_kv; ++k) {
        std::string key = TRY(r.read_string("metadata key"));
        uint32_t raw = TRY(r.read<uint32_t>("metadata value type"));
        if (!is_valid_gguf_type(raw))
            return Error::invalid(name, ": metadata '", printable(key), "' has unknown value type ", raw, " — the file is corrupt");
        GgufValue v = TRY(read_value(r, static_cast<GgufType>(raw), key, 0));
        if (!keys.insert(key).second)
            return Error::invalid(name, ": metadata key '", printable(key), "' appears twice — the file is corrupt");
        m_metadata.emplace_back(std::move(key), std::move(v));
    }

    // Alignment.
    m_alignment = DEFAULT_ALIGNMENT;
    if (const GgufValue* a = find("general.alignment")) {
        const bool is_signed = a->type == GgufType::INT8 || a->type == GgufType::INT16 || a->type == GgufType::INT32 ||
                               a->type == GgufType::INT64;
        if (!a->is_integer() || (is_signed && a->i < 0))
            return Error::invalid(name, ": general.alignment must be an unsigned integer, not ", gguf_type_name(a->type));
        uint64_t al = a->u;
        if (al == 0 || (al & (al - 1)) != 0 || al > (uint64_t{1} << 30))
            return Error::invalid(name, ": general.alignment is ", al, " but must be a power of two (at most 2^30) — the file is corrupt");
        m_alignment = static_cast<size_t>(al);
    }

    // Tensor infos.
    m_tensors.reserve(static_cast<size_t>(std::min<uint64_t>(n_tensors, 1024)));
    std::unordered_set<std::string> names;
    for (uint64_t k = 0; k < n_tensors; ++k) {
        GgufTensor t;
        t.name = TRY(r.read_string("tensor name"));
        const std::string tn = printable(t.name);
        uint32_t n_dims = TRY(r.read<uint32_t>("tensor dimension count"));
        if (n_dims == 0 || n_dims > MAX_DIMS)
            return Error::invalid(name, ": tensor '", tn, "' has ", n_dims, " dimensions (must be 1 to ", MAX_DIMS, ") — the file is corrupt");
        int64_t n_elements = 1;
        for (uint32_t d = 0; d < n_dims; ++d) {
            uint64_t dim = TRY(r.read<uint64_t>("tensor dimension"));
            if (dim == 0 || dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                return Error::invalid(name, ": tensor '", tn, "' dimension ", d, " is ", static_cast<int64_t>(dim),
                                      " (must be positive) — the file is corrupt");
            t.shape.push_back(static_cast<int64_t>(dim));
            if (!checked_mul(n_elements, static_cast<int64_t>(dim), n_elements))
                return Error::invalid(name, ": tensor '", tn, "' has dimensions whose product overflows — the file is corrupt");
        }
        uint32_t raw_type = TRY(r.read<uint32_t>("tensor type"));
        if (!is_known_type(raw_type))
            return Error::unsupported(name, ": tensor '", tn, "' has unknown tensor type ", raw_type,
                                      " — the file is corrupt or made by a newer tool than os1 understands");
        t.type = static_cast<GgmlType>(raw_type);
        t.offset = TRY(r.read<uint64_t>("tensor data offset"));
        const TypeTraits& tr = type_traits(t.type);
        if (t.shape[0] % tr.block_size != 0)
            return Error::invalid(name, ": tensor '", tn, "' has ", t.shape[0], " columns, not a multiple of the ", tr.block_size,
                                  "-element blocks of type ", tr.name, " — the file is corrupt");
        int64_t n_blocks = n_elements / tr.block_size;
        int64_t n_bytes = 0;
        if (!checked_mul(n_blocks, static_cast<int64_t>(tr.type_size), n_bytes))
            return Error::invalid(name, ": tensor '", tn, "' is too large (its byte size overflows) — the file is corrupt");
        t.n_bytes = static_cast<size_t>(n_bytes);
        if (t.offset % m_alignment != 0)
            return Error::invalid(name, ": tensor '", tn, "' data offset ", t.offset, " is not a multiple of the alignment ", m_alignment,
                                  " — the file is corrupt");
        if (!names.insert(t.name).second)
            return Error::invalid(name, ": tensor '", tn, "' appears twice — the file is corrupt");
        m_tensors.push_back(std::move(t));
    }

    // Data section: starts at the next multiple of the alignment.
    size_t end_of_infos = r.pos();
    size_t pad = (m_alignment - end_of_infos % m_alignment) % m_alignment;
    m_data_offset = end_of_infos + pad;
    if (m_tensors.empty()) {
        if (m_data_offset > m_size) m_data_offset = m_size;  // tokenizer-only files may stop before the padding
        return ok();
    }
    if (m_data_offset > m_size)
        return Error::invalid(name, ": tensor data would start at byte ", m_data_offset, " but the file has ", m_size,
                              " bytes — the file is truncated; download it again");
    const uint64_t data_size = m_size - m_data_offset;
    for (GgufTensor& t : m_tensors) {
        uint64_t end = 0;
        uint64_t abs_end = 0;
        if (__builtin_add_overflow(t.offset, static_cast<uint64_t>(t.n_bytes), &end) ||
            __builtin_add_overflow(end, static_cast<uint64_t>(m_data_offset), &abs_end))
            return Error::invalid(name, ": tensor '", printable(t.name), "' data offset ", t.offset, " + size ", t.n_bytes,
                                  " lies far past the end of the file (", m_size, " bytes) — the file is corrupt");
        if (end > data_size)
            return Error::invalid(name, ": tensor '", printable(t.name), "' data ends at byte ", abs_end, " but the file has ", m_size,
                                  " bytes — the file is truncated; download it again");
        t.data = m_bytes + m_data_offset + t.offset;
    }
    // Tensors must not overlap one another.
    std::vector<const GgufTensor*> order;
    order.reserve(m_tensors.size());
    for (const GgufTensor& t : m_tensors) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](const GgufTensor* a, const GgufTensor* b) { return a->offset < b->offset; });
    for (size_t k = 1; k < order.size(); ++k) {
        const GgufTensor* a = order[k - 1];
        const GgufTensor* b = order[k];
        if (a->offset + a->n_bytes > b->offset)
            return Error::invalid(name, ": tensor '", printable(a->name), "' (bytes ", a->offset, "..", a->offset + a->n_bytes,
                                  " of the data section) overlaps tensor '", printable(b->name), "' at ", b->offset,
                                  " — the file is corrupt");
    }
    return ok();
}

const GgufValue* GgufFile::find(std::string_view key) const {
    for (const auto& [k, v] : m_metadata)
        if (k == key) return &v;
    return nullptr;
}

Result<std::string> GgufFile::get_string(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return Error::not_found(display_name(), ": metadata '", printable(key), "' is missing");
    if (v->type != GgufType::STRING)
        return Error::invalid(display_name(), ": metadata '", printable(key), "' is ", gguf_type_name(v->type), ", expected string");
    return v->s;
}

Result<uint64_t> GgufFile::get_uint(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return Error::not_found(display_name(), ": metadata '", printable(key), "' is missing");
    if (!v->is_integer())
        return Error::invalid(display_name(), ": metadata '", printable(key), "' is ", gguf_type_name(v->type), ", expected an integer");
    bool is_signed = v->type == GgufType::INT8 || v->type == GgufType::INT16 || v->type == GgufType::INT32 || v->type == GgufType::INT64;
    if (is_signed && v->i < 0)
        return Error::invalid(display_name(), ": metadata '", printable(key), "' is ", v->i, ", expected a non-negative integer");
    return v->u;
}

Result<double> GgufFile::get_float(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return Error::not_found(display_name(), ": metadata '", printable(key), "' is missing");
    if (!v->is_number())
        return Error::invalid(display_name(), ": metadata '", printable(key), "' is ", gguf_type_name(v->type), ", expected a number");
    return scalar_as_double(*v);
}

Result<bool> GgufFile::get_bool(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return Error::not_found(display_name(), ": metadata '", printable(key), "' is missing");
    if (v->type != GgufType::BOOL)
        return Error::invalid(display_name(), ": metadata '", printable(key), "' is ", gguf_type_name(v->type), ", expected bool");
    return v->b;
}

Result<const GgufValue*> GgufFile::get_array(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return Error::not_found(display_name(), ": metadata '", printable(key), "' is missing");
    if (v->type != GgufType::ARRAY)
        return Error::invalid(display_name(), ": metadata '", printable(key), "' is ", gguf_type_name(v->type), ", expected an array");
    return v;
}

std::optional<std::string> GgufFile::string_or_none(std::string_view key) const {
    auto r = get_string(key);
    if (!r) return std::nullopt;
    return r.release_value();
}

std::optional<uint64_t> GgufFile::uint_or_none(std::string_view key) const {
    auto r = get_uint(key);
    if (!r) return std::nullopt;
    return r.release_value();
}

std::optional<double> GgufFile::float_or_none(std::string_view key) const {
    auto r = get_float(key);
    if (!r) return std::nullopt;
    return r.release_value();
}

std::string GgufFile::architecture() const { return string_or_none("general.architecture").value_or(""); }

const GgufTensor* GgufFile::tensor(std::string_view name) const {
    for (const GgufTensor& t : m_tensors)
        if (t.name == name) return &t;
    return nullptr;
}

}  // namespace os1::engine
