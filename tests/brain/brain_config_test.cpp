// Choosing a brain: flags over config over environment over defaults.
#include <gtest/gtest.h>

#include "brain/brain.h"
#include "models/catalog.h"
#include "core/files.h"
#include "test_support.h"

namespace os1::brain {

using namespace os1::models;  // the catalog (src/models)
namespace {

namespace fs = std::filesystem;

struct Home {
    test::TempDir home;
    Paths paths;
    Config config;
    std::map<std::string, std::string> env;

    Home() {
        paths = Paths::resolve_with([&](const char* name) -> std::optional<std::string> {
            if (std::string(name) == "OS1_HOME") return home.path().string();
            return std::nullopt;
        }).value();
        fs::create_directories(paths.models_dir);
        config.set_env_lookup([this](const std::string& n) -> std::optional<std::string> {
            auto it = env.find(n);
            return it == env.end() ? std::nullopt : std::optional(it->second);
        });
    }
    Paths::Getenv getenv() {
        return [this](const char* n) -> std::optional<std::string> {
            auto it = env.find(n);
            return it == env.end() ? std::nullopt : std::optional(it->second);
        };
    }
    void install(const std::string& file) { ASSERT_TRUE(write_file_atomic(paths.models_dir / file, "GGUF").ok()); }
    Result<BrainConfig> resolve(const BrainFlags& flags = {}) { return resolve_brain_config(flags, config, paths, getenv()); }
};

TEST(BrainConfig, NothingInstalledMeansNoneWithAReason) {
    Home s;
    auto c = s.resolve();
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->backend, Backend::None);
    EXPECT_NE(c->reason.find("os1 pull"), std::string::npos);
    auto brain = make_brain(*c);
    ASSERT_TRUE(brain.ok());
    EXPECT_FALSE((*brain)->available());
    EXPECT_NE((*brain)->unavailable_reason().find("os1 pull"), std::string::npos);
    auto r = (*brain)->chat(ChatRequest{}, [](std::string_view) { return true; });
    EXPECT_FALSE(r.ok());
}

TEST(BrainConfig, AnInstalledModelMeansLocal) {
    Home s;
    s.install("b.gguf");
    s.install("a.gguf");
    auto c = s.resolve();
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->backend, Backend::Local);
    EXPECT_EQ(c->model_path.filename(), "a.gguf");  // the first, by name
    s.config.set("brain.model", TomlValue::of("b"));
    c = s.resolve();
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->model_path.filename(), "b.gguf");
}

TEST(BrainConfig, AliasResolvesToTheCatalogFile) {
    Home s;
    s.install("qwen2.5-0.5b-instruct-q4_k_m.gguf");
    BrainFlags f;
    f.model = "Qwen2.5-0.5B";
    auto c = s.resolve(f);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->model_path, s.paths.models_dir / "qwen2.5-0.5b-instruct-q4_k_m.gguf");
}

TEST(BrainConfig, MissingModelSaysWhatToRun) {
    Home s;
    BrainFlags f;
    f.brain = "local";
    f.model = "llama3.2-1b";
    auto c = s.resolve(f);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, ErrorCode::NotFound);
    EXPECT_NE(c.error().message.find("os1 pull llama3.2-1b"), std::string::npos) << c.error().message;
    f.model = "/no/such/file.gguf";
    c = s.resolve(f);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("does not exist"), std::string::npos);
    f.model = "";
    c = s.resolve(f);  // --brain local with nothing installed
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("os1 pull"), std::string::npos);
}

TEST(BrainConfig, OpenAiFromFlagsConfigAndEnvironment) {
    Home s;
    BrainFlags f;
    f.url = "http://127.0.0.1:8080/v1/";
    auto c = s.resolve(f);  // --url alone implies openai
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->backend, Backend::OpenAI);
    EXPECT_EQ(c->url, "http://127.0.0.1:8080/v1");
    EXPECT_EQ(c->api_key, "");

    s.env["OPENAI_API_KEY"] = "sk-env";
    EXPECT_EQ(s.resolve(f)->api_key, "sk-env");
    s.env["OS1_BRAIN_API_KEY"] = "sk-os1";
    EXPECT_EQ(s.resolve(f)->api_key, "sk-os1");
    f.api_key = "sk-flag";
    EXPECT_EQ(s.resolve(f)->api_key, "sk-flag");

    s.config.set("brain.url", TomlValue::of("https://api.example.com/v1"));
    EXPECT_EQ(s.resolve()->backend, Backend::OpenAI);  // a configured URL alone means openai
    s.config.set("brain.backend", TomlValue::of("openai"));
    s.config.set("brain.openai_model", TomlValue::of("gpt-x"));
    s.config.set("brain.timeout_s", TomlValue::of(30));
    c = s.resolve();
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->url, "https://api.example.com/v1");
    EXPECT_EQ(c->model_name, "gpt-x");
    EXPECT_DOUBLE_EQ(c->read_timeout_s, 30);
}

TEST(BrainConfig, BadInputIsAnError) {
    Home s;
    BrainFlags f;
    f.brain = "gpt";
    auto c = s.resolve(f);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("local, openai or none"), std::string::npos);
    f.brain = "openai";
    c = s.resolve(f);  // no URL anywhere
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("--url"), std::string::npos);
    f.url = "localhost:8080";
    EXPECT_FALSE(s.resolve(f).ok());
    s.config.set("brain.timeout_s", TomlValue::of("soon"));
    f.url = "http://x/v1";
    EXPECT_FALSE(s.resolve(f).ok());
}

TEST(BrainConfig, BrainNoneIsAlwaysNone) {
    Home s;
    s.install("a.gguf");
    BrainFlags f;
    f.brain = "none";
    auto c = s.resolve(f);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->backend, Backend::None);
}

TEST(Catalog, HasTheCuratedModelsWithHuggingFaceUrls) {
    for (const char* alias : {"qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-3b", "llama3.2-1b", "llama3.2-3b",
                              "smollm2-360m", "smollm2-1.7b"}) {
        const auto* e = find_catalog(alias);
        ASSERT_NE(e, nullptr) << alias;
        EXPECT_EQ(e->url.rfind("https://huggingface.co/", 0), 0u);
        EXPECT_TRUE(e->url.ends_with(e->file_name));
        EXPECT_TRUE(e->sha256.empty() || e->sha256.size() == 64);
    }
    EXPECT_EQ(find_catalog("gpt-5"), nullptr);
    EXPECT_EQ(alias_for_file("Llama-3.2-1B-Instruct-Q4_K_M.gguf"), "llama3.2-1b");
}

TEST(Catalog, BareNamesPreferTheModelsFolder) {
    Home s;
    s.install("m.gguf");
    auto p = find_model("m", s.paths.models_dir);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, s.paths.models_dir / "m.gguf");
    p = find_model("m.gguf", s.paths.models_dir);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, s.paths.models_dir / "m.gguf");
    EXPECT_FALSE(find_model("", s.paths.models_dir).ok());
}

}  // namespace
}  // namespace os1::brain
