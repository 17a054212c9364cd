// Reading a ggml Whisper file: a bounds-checked cursor over the bytes, so
// a truncated or hostile file fails with the field it was reading.
#include "engine/whisper/whisper_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <unordered_set>

#include "engine/gguf/tensor_types.h"

namespace os1::engine::whisper {
namespace {

constexpr int MAX_NAME = 1024;          // tensor names are ~40 bytes
constexpr uint32_t MAX_TOKEN_BYTES = 1 << 16;
constexpr int64_t MAX_DIM = int64_t(1) << 32;

class Cursor {
public:
    Cursor(const uint8_t* bytes, uint64_t size, const std::string& name) : m_bytes(bytes), m_size(size), m_name(name) {}
    uint64_t pos() const { return m_pos; }
    uint64_t left() const { return m_size - m_pos; }
    bool at_end() const { return m_pos == m_size; }

    Result<int32_t> i32(std::string_view what) {
        if (left() < 4) return truncated(what);
        int32_t v;
        std::memcpy(&v, m_bytes + m_pos, 4);
        m_pos += 4;
        return v;
    }
    Result<const uint8_t*> take(uint64_t n, std::string_view what) {
        if (left() < n) return truncated(what);
        const uint8_t* p = m_bytes + m_pos;
        m_pos += n;
        return p;
    }
    Error truncated(std::string_view what) const {
        return Error::invalid(m_name, ": truncated at byte ", m_pos, " while reading ", what, " (file has ", m_size,
                              " bytes) — the download is incomplete; download the model again");
    }

private:
    const uint8_t* m_bytes;
    uint64_t m_size;
    uint64_t m_pos = 0;
    const std::string& m_name;
};

}  // namespace

WhisperFile::~WhisperFile() {
    if (m_mapped && m_bytes) munmap(const_cast<uint8_t*>(m_bytes), m_size);
}

Result<std::unique_ptr<WhisperFile>> WhisperFile::open(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT) return Error::not_found("Whisper model ", path.string(), " does not exist — check the path");
        return Error::io("cannot open ", path.string(), ": ", std::strerror(err));
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        ::close(fd);
        return Error::invalid(path.string(), " is not a non-empty regular file — give the path of a ggml-*.bin Whisper model");
    }
    const auto size = static_cast<size_t>(st.st_size);
    void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int err = errno;
    ::close(fd);
    if (map == MAP_FAILED) return Error::io("cannot map ", path.string(), ": ", std::strerror(err));
    std::unique_ptr<WhisperFile> file(new WhisperFile());
    file->m_name = path.filename().string();
    file->m_bytes = static_cast<const uint8_t*>(map);
    file->m_size = size;
    file->m_mapped = true;
    TRY(file->parse());
    return file;
}

Result<std::unique_ptr<WhisperFile>> WhisperFile::from_memory(std::span<const uint8_t> bytes, std::string name) {
    std::unique_ptr<WhisperFile> file(new WhisperFile());
    file->m_name = std::move(name);
    file->m_bytes = bytes.data();
    file->m_size = bytes.size();
    TRY(file->parse());
    return file;
}

const FileTensor* WhisperFile::find(std::string_view name) const {
    for (const auto& t : m_tensors)
        if (t.name == name) return &t;
    return nullptr;
}

Result<void> WhisperFile::parse() {
    Cursor c(m_bytes, m_size, m_name);
    const auto magic = static_cast<uint32_t>(TRY(c.i32("the magic number")));
    if (magic != MAGIC) {
        if (m_size >= 4 && std::memcmp(m_bytes, "GGUF", 4) == 0)
            return Error::unsupported(m_name, " is a GGUF file, not a ggml Whisper model (ggml-*.bin)");
        return Error::invalid(m_name, ": not a ggml Whisper model (magic 0x", std::hex, magic,
                              ", expected 0x67676d6c) — give a ggml-*.bin file");
    }
    int* fields[] = {&m_hp.n_vocab, &m_hp.n_audio_ctx, &m_hp.n_audio_state, &m_hp.n_audio_head, &m_hp.n_audio_layer,
                     &m_hp.n_text_ctx, &m_hp.n_text_state, &m_hp.n_text_head, &m_hp.n_text_layer, &m_hp.n_mels,
                     &m_hp.ftype};
    const char* names[] = {"n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_text_ctx",
                           "n_text_state", "n_text_head", "n_text_layer", "n_mels", "ftype"};
    // Bounds well past every public model (large-v3: 51866 ids, 1280 wide, 32 layers, 128 mels).
    const int limits[] = {1 << 20, 1 << 16, 1 << 14, 1 << 10, 1 << 8, 1 << 16, 1 << 14, 1 << 10, 1 << 8, 1 << 10, 1 << 30};
    for (int i = 0; i < 11; i++) {
        *fields[i] = TRY(c.i32(names[i]));
        const int lo = i == 10 ? 0 : 1;
        if (*fields[i] < lo || *fields[i] > limits[i])
            return Error::invalid(m_name, ": hyper-parameter ", names[i], " = ", *fields[i], " is out of range [", lo,
                                  ", ", limits[i], "] — the file is corrupt or not a Whisper model");
    }

    m_filter_mels = TRY(c.i32("the mel filters' n_mel"));
    m_filter_bins = TRY(c.i32("the mel filters' n_fft"));
    if (m_filter_mels != m_hp.n_mels || m_filter_bins < 1 || m_filter_bins > 4096)
        return Error::invalid(m_name, ": mel filters of ", m_filter_mels, " x ", m_filter_bins, " (the model has ",
                              m_hp.n_mels, " mels) — the file is corrupt");
    const uint64_t filter_bytes = uint64_t(m_filter_mels) * uint64_t(m_filter_bins) * 4;
    const uint8_t* fp = TRY(c.take(filter_bytes, "the mel filters"));
    m_filters.resize(filter_bytes / 4);
    std::memcpy(m_filters.data(), fp, filter_bytes);
    for (float v : m_filters)
        if (!std::isfinite(v)) return Error::invalid(m_name, ": a mel filter weight is not finite — the file is corrupt");

    const int n_words = TRY(c.i32("the vocabulary size"));
    if (n_words < 0 || n_words > m_hp.n_vocab)
        return Error::invalid(m_name, ": vocabulary of ", n_words, " strings (n_vocab ", m_hp.n_vocab,
                              ") — the file is corrupt");
    if (uint64_t(n_words) * 4 > c.left())
        return Error::invalid(m_name, ": truncated in the vocabulary (", n_words, " strings in ", c.left(),
                              " bytes) — download the model again");
    m_vocab.reserve(static_cast<size_t>(n_words));
    for (int i = 0; i < n_words; i++) {
        const auto len = static_cast<uint32_t>(TRY(c.i32("a vocabulary string's length")));
        if (len > MAX_TOKEN_BYTES)
            return Error::invalid(m_name, ": vocabulary string ", i, " claims ", len, " bytes — the file is corrupt");
        const uint8_t* p = TRY(c.take(len, "a vocabulary string"));
        m_vocab.emplace_back(reinterpret_cast<const char*>(p), len);
    }

    std::unordered_set<std::string_view> seen;
    while (!c.at_end()) {
        const std::string where = "tensor " + std::to_string(m_tensors.size());
        FileTensor t;
        t.n_dims = TRY(c.i32("a tensor's n_dims"));
        const int name_len = TRY(c.i32("a tensor's name length"));
        const auto raw_type = static_cast<uint32_t>(TRY(c.i32("a tensor's type")));
        if (t.n_dims < 1 || t.n_dims > 4)
            return Error::invalid(m_name, ": ", where, " has ", t.n_dims, " dimensions (1 to 4 allowed) — the file is corrupt");
        if (name_len < 1 || name_len > MAX_NAME)
            return Error::invalid(m_name, ": ", where, " has a name of ", name_len, " bytes (1 to ", MAX_NAME,
                                  " allowed) — the file is corrupt");
        if (!is_known_type(raw_type) || !type_traits(static_cast<GgmlType>(raw_type)).supported)
            return Error::unsupported(m_name, ": ", where, " has tensor type ", raw_type,
                                      ", which os1 cannot compute with (f32, f16, bf16, q4_0, q4_1, q5_0, q5_1, q8_0 and k-quants are supported)");
        t.type = static_cast<GgmlType>(raw_type);
        int64_t n = 1;
        for (int d = 0; d < t.n_dims; d++) {
            const int32_t ne = TRY(c.i32("a tensor's dimensions"));
            if (ne < 1 || ne > MAX_DIM)
                return Error::invalid(m_name, ": ", where, " has dimension ", d, " = ", ne, " — the file is corrupt");
            t.ne[d] = ne;
            if (n > (int64_t(1) << 40) / ne) return Error::invalid(m_name, ": ", where, " is absurdly large — the file is corrupt");
            n *= ne;
        }
        const uint8_t* np = TRY(c.take(static_cast<uint64_t>(name_len), "a tensor's name"));
        t.name = std::string_view(reinterpret_cast<const char*>(np), static_cast<size_t>(name_len));
        const TypeTraits& tt = type_traits(t.type);
        if (t.ne[0] % tt.block_size != 0)
            return Error::invalid(m_name, ": tensor ", t.name, " has rows of ", t.ne[0], " elements, not a multiple of ",
                                  tt.name, "'s block of ", tt.block_size, " — the file is corrupt");
        t.n_bytes = row_size(t.type, t.ne[0]) * static_cast<size_t>(n / t.ne[0]);
        t.data = TRY(c.take(t.n_bytes, str("the data of tensor ", t.name)));
        if (!seen.insert(t.name).second)
            return Error::invalid(m_name, ": tensor ", t.name, " appears twice — the file is corrupt");
        m_tensors.push_back(t);
    }
    if (m_tensors.empty())
        return Error::invalid(m_name, ": the file has no tensors (a header-only test file?) — download the full model");
    return ok();
}

}  // namespace os1::engine::whisper
