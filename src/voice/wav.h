// WAV parsing from memory (what read_wav does after reading the file), for
// callers that already hold the bytes: the server's uploads, the fuzzer.
// The declarations a person uses are in voice/audio.h.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "voice/audio.h"

namespace os1::voice {

// Limits on what a WAV header may claim; past them the file is refused
// with Error::out_of_range rather than trusted.
inline constexpr int WAV_MAX_CHANNELS = 64;
inline constexpr int WAV_MIN_RATE = 1000;
inline constexpr int WAV_MAX_RATE = 768000;
inline constexpr uint64_t WAV_MAX_BYTES = uint64_t{1} << 30;  // 1 GiB of file

// Parses a RIFF/WAVE image. `name` is what error messages call it.
Result<Pcm> parse_wav(std::span<const uint8_t> bytes, std::string_view name);
// The 16-bit mono WAV image of `pcm` (44-byte header + samples).
std::string wav_bytes(const Pcm& pcm);

}  // namespace os1::voice
