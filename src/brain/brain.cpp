#include "brain/brain.h"

#include <cstdlib>
#include <cstring>

#include "brain/backends.h"
#include "models/catalog.h"
#include "core/files.h"
#include "core/log.h"

namespace os1::brain {

using models::find_model;
using models::installed_models;

std::string_view finish_reason_name(FinishReason reason) {
    switch (reason) {
        case FinishReason::Stop: return "stop";
        case FinishReason::Length: return "length";
        case FinishReason::Cancelled: return "cancelled";
        case FinishReason::Error: return "error";
    }
    return "?";
}

std::string_view backend_name(Backend backend) {
    switch (backend) {
        case Backend::None: return "none";
        case Backend::Local: return "local";
        case Backend::OpenAI: return "openai";
    }
    return "?";
}

Result<Backend> parse_backend(std::string_view text) {
    if (text == "none") return Backend::None;
    if (text == "local") return Backend::Local;
    if (text == "openai") return Backend::OpenAI;
    return Error::invalid("unknown brain '", text, "' (choose local, openai or none)");
}

int Brain::count_prompt_tokens(const std::vector<ChatMessage>& messages) const {
    // Chat templates add a few tokens of framing per message (role markers,
    // separators) and a few to open the assistant's turn.
    int total = 3;
    for (const auto& m : messages) total += count_tokens(m.content) + 4;
    return total;
}

Result<std::unique_ptr<Brain>> make_brain(const BrainConfig& config) {
    switch (config.backend) {
        case Backend::None: return make_none_brain(config);
        case Backend::OpenAI: return make_openai_brain(config);
        case Backend::Local: return make_local_brain(config);
    }
    return Error::internal("unknown backend");
}

void add_brain_flags(ArgParser& parser, BrainFlags* flags) {
    parser.option("brain", 0, "KIND", "which brain: local, openai or none (default: config brain.backend)",
                  &flags->brain);
    parser.option("model", 0, "PATH|ALIAS",
                  "local: a GGUF file, an alias (qwen2.5-0.5b) or an installed file name; openai: the server's model name",
                  &flags->model);
    parser.option("url", 0, "URL", "OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1 (implies --brain openai)",
                  &flags->url);
    parser.option("api-key", 0, "KEY",
                  "API key for the OpenAI-compatible server; other users can see a command line, so prefer "
                  "env OS1_BRAIN_API_KEY or brain.api_key / brain.api_key_file in config.toml",
                  &flags->api_key);
}

int hide_api_key_args(int argc, char** argv) {
    static constexpr std::string_view FLAG = "--api-key";
    int wiped = 0;
    auto wipe = [&](char* value) {
        if (*value == '\0') return;
        std::memset(value, 0, std::strlen(value));
        wiped++;
    };
    for (int i = 1; i < argc && argv[i]; i++) {
        std::string_view a = argv[i];
        if (a == "--") break;
        if (a == FLAG && i + 1 < argc && argv[i + 1]) {
            wipe(argv[++i]);
        } else if (a.size() > FLAG.size() && a.substr(0, FLAG.size() + 1) == "--api-key=") {
            wipe(argv[i] + FLAG.size() + 1);
        }
    }
    if (wiped > 0)
        log::warn("--api-key on the command line can be seen by other users of this machine (ps, "
                  "shell history); it was wiped from this process, but prefer the environment variable "
                  "OS1_BRAIN_API_KEY or brain.api_key_file in config.toml");
    return wiped;
}

namespace {

std::optional<std::string> process_getenv(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

std::string no_model_reason() {
    return "no model is installed: run 'os1 pull qwen2.5-0.5b' to download a small one "
           "(or use --brain openai --url URL for a model server)";
}

}  // namespace

Result<BrainConfig> resolve_brain_config(const BrainFlags& flags, const Config& config, const Paths& paths,
                                         const Paths::Getenv& getenv_in) {
    Paths::Getenv getenv = getenv_in ? getenv_in : Paths::Getenv(process_getenv);
    BrainConfig out;

    std::string backend_text = flags.brain;
    if (backend_text.empty() && !flags.url.empty()) backend_text = "openai";
    if (backend_text.empty()) backend_text = config.get_string("brain.backend");
    if (backend_text.empty() && !config.get_string("brain.url").empty()) backend_text = "openai";
    bool chosen = !backend_text.empty();

    out.read_timeout_s = TRY(config.get_double("brain.timeout_s", out.read_timeout_s));
    out.connect_timeout_s = TRY(config.get_double("brain.connect_timeout_s", out.connect_timeout_s));
    out.deadline_s = TRY(config.get_double("brain.deadline_s", out.deadline_s));
    int64_t stall_min = TRY(config.get_int("brain.stall_min_bytes", static_cast<int64_t>(out.stall_min_bytes)));
    int64_t max_bytes = TRY(config.get_int("brain.max_response_bytes", static_cast<int64_t>(out.max_response_bytes)));
    if (stall_min < 1 || max_bytes < 1024)
        return Error::invalid("brain.stall_min_bytes must be at least 1 and brain.max_response_bytes at least 1024");
    out.stall_min_bytes = static_cast<uint64_t>(stall_min);
    out.max_response_bytes = static_cast<uint64_t>(max_bytes);
    out.max_retries = static_cast<int>(TRY(config.get_int("brain.retries", out.max_retries)));
    out.threads = static_cast<int>(TRY(config.get_int("brain.threads", 0)));
    out.n_ctx = static_cast<int>(TRY(config.get_int("brain.n_ctx", 0)));
    out.chat_template = config.get_string("brain.chat_template");
    if (out.threads < 0 || out.n_ctx < 0) return Error::invalid("brain.threads and brain.n_ctx must not be negative");
    if (out.read_timeout_s <= 0 || out.connect_timeout_s <= 0 || out.deadline_s <= 0)
        return Error::invalid("brain.timeout_s, brain.connect_timeout_s and brain.deadline_s must be positive");
    if (out.max_retries < 0) return Error::invalid("brain.retries must not be negative");

    if (!chosen) {
        // Nothing chosen: local when a model is there, else none.
        std::string model = flags.model.empty() ? config.get_string("brain.model") : flags.model;
        if (!model.empty()) {
            out.backend = Backend::Local;
            out.model = model;
            out.model_path = TRY(find_model(model, paths.models_dir));
            return out;
        }
        auto installed = installed_models(paths.models_dir);
        if (installed.empty()) {
            out.backend = Backend::None;
            out.reason = no_model_reason();
            return out;
        }
        out.backend = Backend::Local;
        out.model_path = installed.front();
        out.model = installed.front().filename().string();
        return out;
    }

    out.backend = TRY(parse_backend(backend_text));
    switch (out.backend) {
        case Backend::None:
            out.reason = "no brain chosen (brain: none)";
            break;
        case Backend::Local: {
            std::string model = flags.model.empty() ? config.get_string("brain.model") : flags.model;
            if (model.empty()) {
                auto installed = installed_models(paths.models_dir);
                if (installed.empty()) return Error::not_found(no_model_reason());
                model = installed.front().filename().string();
            }
            out.model = model;
            out.model_path = TRY(find_model(model, paths.models_dir));
            break;
        }
        case Backend::OpenAI: {
            out.url = flags.url.empty() ? config.get_string("brain.url") : flags.url;
            if (out.url.empty())
                return Error::invalid("the openai brain needs a server URL: --url http://127.0.0.1:8080/v1 "
                                      "or 'brain.url' in config.toml");
            if (out.url.rfind("http://", 0) != 0 && out.url.rfind("https://", 0) != 0)
                return Error::invalid("server URL '", out.url, "' should start with http:// or https://");
            while (!out.url.empty() && out.url.back() == '/') out.url.pop_back();
            out.api_key = flags.api_key;
            if (out.api_key.empty()) out.api_key = config.get_string("brain.api_key");  // env OS1_BRAIN_API_KEY too
            if (std::string file = config.get_string("brain.api_key_file"); out.api_key.empty() && !file.empty()) {
                if (file.rfind("~/", 0) == 0) file = getenv("HOME").value_or("") + file.substr(1);
                auto text = read_file(file);
                if (!text) return Error::invalid("cannot read brain.api_key_file '", file, "': ", text.error().message);
                out.api_key = text->substr(0, text->find_first_of("\r\n"));
                if (out.api_key.empty()) return Error::invalid("brain.api_key_file '", file, "' is empty");
            }
            if (out.api_key.empty()) out.api_key = getenv("OPENAI_API_KEY").value_or("");
            out.model_name = flags.model.empty() ? config.get_string("brain.openai_model") : flags.model;
            out.model = out.model_name;
            break;
        }
    }
    return out;
}

}  // namespace os1::brain
