// Home's model use cases: what is installed, the default, removing one, the
// catalog, and pulling a model (a download or a file on this computer).
#include <cctype>
#include <filesystem>

#include "models/catalog.h"
#include "models/manifest.h"
#include "models/model_info.h"
#include "models/whisper_models.h"
#include "companion/home.h"
#include "core/text.h"

namespace os1::companion {

namespace fs = std::filesystem;

namespace {

// What the manifest says of a row's file (how its download was verified).
template <class Manifest>
void checksum_state(const Manifest& manifest, InstalledModel& row) {
    if (!manifest) return;
    auto it = manifest->find(row.path.filename().string());
    if (it != manifest->end())
        row.checksum = it->second.verified == "none" ? "not verified" : "verified (" + it->second.verified + ")";
}

// A listed file: its path, size and catalog alias.
InstalledModel listed_file(const fs::path& m) {
    InstalledModel row;
    row.path = m;
    std::error_code ec;
    row.bytes = fs::file_size(m, ec);
    row.alias = std::string(models::alias_for_file(m.filename().string()));
    return row;
}

// Whisper speech models (ggml .bin, for her ears): listed, never the default chat model.
void list_whisper_models(const fs::path& models_dir, ModelList& out) {
    auto manifest = models::read_manifest(models_dir);
    for (const auto& m : models::installed_whisper_models(models_dir)) {
        InstalledModel row = listed_file(m);
        if (auto s = models::read_whisper_summary(m)) {
            row.arch = "whisper";
            row.weight_type = s->weight_type;
            row.context = "-";
        } else {
            row.arch = "unreadable";
        }
        checksum_state(manifest, row);
        out.models.push_back(std::move(row));
    }
}

}  // namespace

Result<const Config*> Home::settings() { return TRY(loaded_config()); }

Result<ModelList> Home::models() {
    const Config& config = *TRY(loaded_config());
    ModelList out;
    auto files = models::installed_models(m_paths.models_dir);
    if (files.empty()) {
        list_whisper_models(m_paths.models_dir, out);
        return out;
    }
    auto manifest = models::read_manifest(m_paths.models_dir);
    if (!manifest) out.manifest_problem = manifest.error();
    out.chosen = config.get_string("brain.model");
    fs::path default_path;
    if (!out.chosen.empty()) {
        if (auto p = models::find_model(out.chosen, m_paths.models_dir)) default_path = *p;
    } else {
        default_path = files.front();
    }
    for (const auto& m : files) {
        InstalledModel row = listed_file(m);
        if (auto s = models::read_gguf_summary(m)) {
            // GGUF metadata is whatever the file says: shown as text, never as escapes.
            const auto& a = s->architecture;
            row.arch = a.empty() ? "?" : a.size() > 24 ? quote_capped(a, 16) : for_terminal(a);
            row.weight_type = s->weight_type.empty() ? "?" : for_terminal(s->weight_type);
            row.context = s->context_length ? std::to_string(s->context_length) : "?";
        } else if (s.error().code != ErrorCode::Unsupported) {
            row.arch = "unreadable";
        }
        checksum_state(manifest, row);
        row.is_default = m == default_path;
        out.models.push_back(std::move(row));
    }
    list_whisper_models(m_paths.models_dir, out);
    return out;
}


Result<std::string> Home::set_default_model(const std::string& name, fs::path* resolved) {
    Config config = *TRY(loaded_config());
    auto path = TRY(models::find_model(name, m_paths.models_dir));
    // Only a file that opens as GGUF becomes the default: a wrong file would
    // otherwise be found only by the next chat.
    TRY(models::check_gguf(path));
    // Keep what the person typed when it is an alias; otherwise the file name
    // for models in models_dir, the full path for anything elsewhere.
    std::string value = name;
    if (!models::find_catalog(name))
        value = path.parent_path() == m_paths.models_dir ? path.filename().string() : fs::absolute(path).string();
    config.set("brain.model", TomlValue::of(value));
    TRY(config.save(m_paths.config_file));
    m_config = config;
    if (resolved) *resolved = path;
    return value;
}

Result<fs::path> Home::remove_model(const std::string& name) {
    auto path = TRY(models::find_model(name, m_paths.models_dir));
    if (path.parent_path() != m_paths.models_dir)
        return Error::invalid(path.string(), " is not in the models folder; os1 only removes what it installed");
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return Error::io("cannot remove ", path.string(), ": ", ec.message());
    (void)models::remove_from_manifest(m_paths.models_dir, path.filename().string());
    return path;
}

std::vector<CatalogModel> Home::catalog() const {
    std::vector<CatalogModel> out;
    for (const auto& e : models::catalog())
        out.push_back({std::string(e.alias), std::string(e.summary),
                       fs::exists(m_paths.models_dir / std::string(e.file_name))});
    return out;
}

namespace {

bool is_http(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// file:///abs/path%20x.gguf -> /abs/path x.gguf
Result<std::string> file_url_path(const std::string& what) {
    std::string path = what.substr(7);
    if (path.empty() || path[0] != '/')
        return Error::invalid("a file URL needs an absolute path (file:///home/me/model.gguf), not ", quote_capped(what));
    std::string decoded;
    for (size_t i = 0; i < path.size(); i++) {
        if (path[i] == '%' && i + 2 < path.size() && std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(path[i + 2]))) {
            decoded += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            decoded += path[i];
        }
    }
    return decoded;
}

}  // namespace

Result<PullPlan> Home::plan_pull(const std::string& what, const std::string& name, const std::string& sha256,
                                 bool force) const {
    PullPlan plan;
    plan.force = force;
    plan.file_name = name;
    // Only an alias or an explicit URL downloads. Anything else is a file on
    // this computer: a path, or a bare name that exists here; a bare name
    // that is neither ("ggml-base.en.bin" in the wrong folder) is refused
    // with the aliases listed, not turned into a download.
    const bool file_url = what.rfind("file://", 0) == 0;
    const auto* alias = file_url || is_http(what) ? nullptr : models::find_alias(what);
    std::error_code ec;
    if (file_url || (!alias && !is_http(what) && (what.find('/') != std::string::npos || fs::exists(what, ec)))) {
        plan.local = true;
        plan.source = file_url ? TRY(file_url_path(what)) : what;
        return plan;
    }
    if (is_http(what)) {
        plan.source = what;
    } else if (alias) {
        plan.alias = std::string(alias->alias);
        plan.source = std::string(alias->url);
        if (name.empty()) plan.file_name = std::string(alias->file_name);
        plan.expected_sha256 = std::string(alias->sha256);
    } else {
        return models::unknown_pull_name(what);
    }
    if (!sha256.empty()) plan.expected_sha256 = sha256;
    return plan;
}

Result<PullOutcome> Home::pull(const PullPlan& plan, const PullProgress& progress, brain::CancelFlag* cancel) {
    PullOutcome out;
    std::string value, label;
    auto common = [&](auto& req) {
        req.models_dir = m_paths.models_dir;
        req.file_name = plan.file_name;
        req.force = plan.force;
        req.progress = progress;
        req.cancel = cancel;
    };
    if (plan.local) {
        models::LocalInstallRequest req;
        req.source = plan.source;
        common(req);
        auto r = TRY(models::install_local_model(req));
        out.path = r.path;
        out.bytes = r.bytes;
        out.already_installed = r.already_installed;
        value = label = r.path.filename().string();
    } else {
        models::DownloadRequest req;
        req.url = plan.source;
        req.expected_sha256 = plan.expected_sha256;
        common(req);
        auto r = TRY(models::download_model(req));
        out = {r.path, r.bytes, r.already_installed, r.resumed, r.verified, r.sha256, ""};
        value = label = plan.alias.empty() ? r.path.filename().string() : plan.alias;
    }
    if (out.already_installed) return out;
    if (out.path.extension() != ".gguf") return out;  // a Whisper model is never the chat model
    // The first model installed becomes the default.
    auto config = Config::load(m_paths.config_file);
    if (config && config->get_string("brain.model").empty()) {
        config->set("brain.model", TomlValue::of(value));
        if (auto saved = config->save(m_paths.config_file); saved) {
            out.became_default = label;
            m_config = *config;
        }
    }
    return out;
}

}  // namespace os1::companion
