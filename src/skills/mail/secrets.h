// Mail passwords never touch the disk in plain text. A password is sealed
// with libsodium's secretbox (XSalsa20-Poly1305) under a random 32-byte key
// kept in its own file (mail.key, created 0600 in the owner's 0700 skills
// folder); mail.db holds only base64(nonce || box). OS1_MAIL_PASSWORD in
// the environment, when set, is used instead and nothing is stored.
//
// Errors: a key file that is not 32 bytes or is readable by others
// (Error::corrupt / Error::invalid, saying what to do), a box that does
// not open with this key (Error::corrupt: "set the password again").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace os1::mail {

inline constexpr const char* PASSWORD_ENV = "OS1_MAIL_PASSWORD";

// Creates the key file when missing (0600, exclusive create).
Result<std::string> seal_secret(const std::filesystem::path& key_file, std::string_view secret);
Result<std::string> open_secret(const std::filesystem::path& key_file, std::string_view sealed);

}  // namespace os1::mail
