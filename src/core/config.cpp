#include "core/config.h"

#include <cctype>
#include <charconv>
#include <cstdlib>

#include "core/files.h"

namespace os1 {

Result<Config> Config::load(const std::filesystem::path& path) {
    auto text = read_file(path);
    if (!text) {
        if (text.error().code == ErrorCode::NotFound) {
            Config empty;
            empty.m_source = path;
            return empty;
        }
        return text.release_error();
    }
    auto config = TRY(parse(*text, path.string()));
    config.m_source = path;
    return config;
}

Result<Config> Config::parse(std::string_view text, std::string_view source) {
    Config config;
    config.m_table = TRY(parse_toml(text, source));
    return config;
}

std::string Config::env_name(std::string_view key) {
    std::string name = "OS1_";
    for (char c : key) name += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

std::optional<std::string> Config::env(std::string_view key) const {
    std::string name = env_name(key);
    if (m_env) return m_env(name);
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
}

std::optional<std::string> Config::get(std::string_view key) const {
    if (auto v = env(key)) return v;
    auto it = m_table.find(std::string(key));
    if (it == m_table.end()) return std::nullopt;
    return it->second.as_text();
}

std::string Config::get_string(std::string_view key, std::string_view fallback) const {
    auto v = get(key);
    return v ? *v : std::string(fallback);
}

Result<int64_t> Config::get_int(std::string_view key, int64_t fallback) const {
    if (!env(key)) {
        auto it = m_table.find(std::string(key));
        if (it == m_table.end()) return fallback;
        if (it->second.type == TomlValue::Type::Integer) return it->second.integer;
    }
    auto text = *get(key);
    int64_t value = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || p != text.data() + text.size())
        return Error::invalid("config '", key, "' should be a whole number, not '", text, "'");
    return value;
}

Result<double> Config::get_double(std::string_view key, double fallback) const {
    auto text = get(key);
    if (!text) return fallback;
    char* end = nullptr;
    double value = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size())
        return Error::invalid("config '", key, "' should be a number, not '", *text, "'");
    return value;
}

Result<bool> Config::get_bool(std::string_view key, bool fallback) const {
    auto text = get(key);
    if (!text) return fallback;
    std::string t;
    for (char c : *text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t == "true" || t == "1" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "0" || t == "no" || t == "off") return false;
    return Error::invalid("config '", key, "' should be true or false, not '", *text, "'");
}

void Config::set(const std::string& key, TomlValue value) { m_table[key] = std::move(value); }

bool Config::erase(const std::string& key) { return m_table.erase(key) > 0; }

Result<void> Config::save(const std::filesystem::path& path) const {
    return write_file_atomic(path, "# os1 configuration (see README.md)\n" + to_toml());
}

}  // namespace os1
