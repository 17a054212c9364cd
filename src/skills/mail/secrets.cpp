// secretbox sealing with a key file.
#include "skills/mail/secrets.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "core/files.h"
#include "skills/mail/parse.h"

namespace os1::mail {
namespace {

Result<std::vector<unsigned char>> load_or_create_key(const std::filesystem::path& key_file, bool create) {
    ensure_gmime();  // also sodium_init
    struct stat st {};
    if (::stat(key_file.c_str(), &st) != 0) {
        if (!create) return Error::not_found(key_file.string(), ": the mail key is missing; set the password again (os1 mail account)");
        std::vector<unsigned char> key(crypto_secretbox_KEYBYTES);
        randombytes_buf(key.data(), key.size());
        int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) return Error::io("cannot create ", key_file.string(), ": ", errno_text(errno));
        ssize_t n = ::write(fd, key.data(), key.size());
        bool synced = ::fsync(fd) == 0;
        ::close(fd);
        if (n != static_cast<ssize_t>(key.size()) || !synced) return Error::io("cannot write ", key_file.string());
        return key;
    }
    if ((st.st_mode & 077) != 0)
        return Error::invalid(key_file.string(), " can be read by others; run 'chmod 600 ", key_file.string(), "'");
    auto data = TRY(read_file(key_file));
    if (data.size() != crypto_secretbox_KEYBYTES)
        return Error::corrupt(key_file.string(), " is not a mail key (", data.size(), " bytes); remove it and set the password again");
    return std::vector<unsigned char>(data.begin(), data.end());
}

}  // namespace

Result<std::string> seal_secret(const std::filesystem::path& key_file, std::string_view secret) {
    auto key = TRY(load_or_create_key(key_file, true));
    std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + secret.size());
    unsigned char* nonce = box.data();
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(secret.data()),
                          secret.size(), nonce, key.data());
    sodium_memzero(key.data(), key.size());
    std::string b64(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), box.data(), box.size(), sodium_base64_VARIANT_ORIGINAL);
    b64.resize(std::char_traits<char>::length(b64.c_str()));
    return b64;
}

Result<std::string> open_secret(const std::filesystem::path& key_file, std::string_view sealed) {
    auto key = TRY(load_or_create_key(key_file, false));
    std::vector<unsigned char> box(sealed.size());
    size_t len = 0;
    if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return Error::corrupt("the stored mail password is damaged; set it again (os1 mail account)");
    std::string plain(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                   len - crypto_secretbox_NONCEBYTES, box.data(), key.data()) != 0) {
        sodium_memzero(key.data(), key.size());
        return Error::corrupt("the stored mail password does not open with this key; set it again (os1 mail account)");
    }
    sodium_memzero(key.data(), key.size());
    return plain;
}

}  // namespace os1::mail
