#include "models/manifest.h"

#include <ctime>

#include "core/files.h"
#include "core/json.h"

namespace os1::models {

namespace {

std::string text_of(const Json& obj, const char* key, const char* fallback = "") {
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
}

std::filesystem::path manifest_path(const std::filesystem::path& dir) { return dir / "manifest.json"; }

std::string now_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Result<void> write(const std::filesystem::path& dir, const std::map<std::string, ManifestEntry>& entries) {
    Json models = Json::object();
    for (const auto& [file, e] : entries)
        models[file] = {{"url", e.url}, {"sha256", e.sha256}, {"verified", e.verified}, {"bytes", e.bytes},
                        {"installed", e.installed}};
    Json doc = {{"version", 1}, {"models", models}};
    return write_file_atomic(manifest_path(dir), dump_json(doc, 2) + "\n");
}

}  // namespace

Result<std::map<std::string, ManifestEntry>> read_manifest(const std::filesystem::path& dir) {
    std::map<std::string, ManifestEntry> out;
    auto text = read_file(manifest_path(dir));
    if (!text) {
        if (text.error().code == ErrorCode::NotFound) return out;
        return text.release_error();
    }
    auto doc = TRY(parse_json(*text, manifest_path(dir).string()));
    auto models = doc.find("models");
    if (!doc.is_object() || models == doc.end() || !models->is_object())
        return Error::corrupt(manifest_path(dir).string(), " has no \"models\" object; delete it and it will be rebuilt by the next 'os1 pull'");
    for (const auto& [file, v] : models->items()) {
        if (!v.is_object()) continue;
        ManifestEntry e;
        e.file = file;
        e.url = text_of(v, "url");
        e.sha256 = text_of(v, "sha256");
        e.verified = text_of(v, "verified", "none");
        if (auto b = v.find("bytes"); b != v.end() && b->is_number_unsigned()) e.bytes = b->get<uint64_t>();
        e.installed = text_of(v, "installed");
        out[file] = e;
    }
    return out;
}

Result<void> record_in_manifest(const std::filesystem::path& dir, ManifestEntry entry) {
    auto entries = read_manifest(dir);
    std::map<std::string, ManifestEntry> map = entries ? entries.release_value() : std::map<std::string, ManifestEntry>{};
    if (entry.installed.empty()) entry.installed = now_iso();
    map[entry.file] = entry;
    return write(dir, map);
}

Result<void> remove_from_manifest(const std::filesystem::path& dir, const std::string& file) {
    auto map = TRY(read_manifest(dir));
    if (map.erase(file) == 0) return ok();
    return write(dir, map);
}

}  // namespace os1::models
