// SHA-256 (OpenSSL's EVP digest) for verifying downloaded models.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1::models {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    // Lower-case hex of the digest; the object is spent afterwards.
    std::string hex();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

std::string sha256_hex(std::string_view bytes);
Result<std::string> sha256_file(const std::filesystem::path& path);

// True for 64 hex digits (either case).
bool is_sha256_hex(std::string_view text);

}  // namespace os1::models
