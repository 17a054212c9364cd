// The ggml Whisper model file (`ggml-*.bin`, as whisper.cpp and the public
// models use it): hyper-parameters, mel filters, vocabulary and tensors, read
// from a mapping (or a caller's buffer) and validated before use.
//
// Layout, all little-endian int32/float32, no alignment padding:
//   magic 0x67676d6c, 11 hparams (n_vocab, n_audio_ctx, n_audio_state,
//   n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head,
//   n_text_layer, n_mels, ftype); n_mel, n_fft, filters f32 (n_mel, n_fft);
//   vocabulary count, then (uint32 length, bytes) per string; then tensors
//   to the end of the file: n_dims, name_len, type, dims innermost first,
//   name, data.
//
// Hostile input (truncation, absurd dimensions, counts or name lengths,
// unknown types, duplicate names) is an Error naming the file and what is
// wrong, never a crash or a large allocation: every count and length is
// checked against the bytes that remain first.
//
// Ownership: WhisperFile owns the mapping; tensors' data and vocabulary
// strings point into it. Immutable after open; any thread may read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/gguf/gguf.h"

namespace os1::engine::whisper {

struct FileHParams {
    int n_vocab = 0;
    int n_audio_ctx = 0;
    int n_audio_state = 0;
    int n_audio_head = 0;
    int n_audio_layer = 0;
    int n_text_ctx = 0;
    int n_text_state = 0;
    int n_text_head = 0;
    int n_text_layer = 0;
    int n_mels = 0;
    int ftype = 0;  // whisper.cpp's: type % 1000, quantization version * 1000
};

struct FileTensor {
    std::string_view name;  // into the file
    GgmlType type = GgmlType::F32;
    int n_dims = 0;
    int64_t ne[4] = {1, 1, 1, 1};  // innermost first (ggml order)
    const uint8_t* data = nullptr;
    size_t n_bytes = 0;
    int64_t n_elements() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
};

class WhisperFile {
public:
    static constexpr uint32_t MAGIC = 0x67676d6c;  // "ggml"
    static Result<std::unique_ptr<WhisperFile>> open(const std::filesystem::path& path);
    // Parses a buffer the caller keeps alive (tests, fuzzing).
    static Result<std::unique_ptr<WhisperFile>> from_memory(std::span<const uint8_t> bytes, std::string name = "buffer");
    ~WhisperFile();
    WhisperFile(const WhisperFile&) = delete;
    WhisperFile& operator=(const WhisperFile&) = delete;

    const std::string& name() const { return m_name; }
    uint64_t size() const { return m_size; }
    const FileHParams& hparams() const { return m_hp; }
    int n_mel_filters() const { return m_filter_mels; }
    int n_fft_bins() const { return m_filter_bins; }
    const std::vector<float>& mel_filters() const { return m_filters; }  // (n_mel, n_fft_bins)
    const std::vector<std::string_view>& vocab() const { return m_vocab; }
    const std::vector<FileTensor>& tensors() const { return m_tensors; }
    const FileTensor* find(std::string_view name) const;

private:
    WhisperFile() = default;
    Result<void> parse();

    std::string m_name;
    const uint8_t* m_bytes = nullptr;
    uint64_t m_size = 0;
    bool m_mapped = false;
    FileHParams m_hp;
    int m_filter_mels = 0, m_filter_bins = 0;
    std::vector<float> m_filters;
    std::vector<std::string_view> m_vocab;
    std::vector<FileTensor> m_tensors;
};

}  // namespace os1::engine::whisper
