// os1 pull and os1 models, as a person runs them, against a local server.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "brain/http_server_support.h"
#include "models/sha256.h"
#include "core/files.h"
#include "test_support.h"

namespace os1 {
namespace {

namespace fs = std::filesystem;
using test::FileServeOptions;
using test::HttpConnection;
using test::HttpRequest;
using test::TestHttpServer;

std::string model_bytes() {
    // The real tiny model when the kit is there (so `os1 models` can read it), else a stand-in.
    auto shared = test::shared();
    if (!shared.empty()) {
        if (auto data = read_file(shared / "models" / "stories260K.gguf")) return *data;
    }
    std::string s = "GGUF";
    std::mt19937 rng(3);
    while (s.size() < 100000) s += static_cast<char>(rng());
    return s;
}

TEST(PullCli, PullsVerifiesInstallsAndListsAModel) {
    test::TempDir home;
    FileServeOptions file{model_bytes()};
    file.extra_headers = "X-Linked-ETag: \"" + models::sha256_hex(file.data) + "\"\r\n";
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });

    auto r = test::run_os1("pull " + server.url("/m/tiny-model.gguf"), home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("installed"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("verified"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(models::sha256_hex(file.data)), std::string::npos);
    EXPECT_EQ(read_file(home.path() / "models" / "tiny-model.gguf").value_or(""), file.data);
    EXPECT_NE(read_file(home.path() / "config.toml").value_or("").find("tiny-model.gguf"), std::string::npos);

    r = test::run_os1("models", home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("* tiny-model.gguf"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("verified (etag)"), std::string::npos) << r.out;
    if (!test::shared().empty()) {
        EXPECT_NE(r.out.find("llama"), std::string::npos) << r.out;
    }

    r = test::run_os1("pull " + server.url("/m/tiny-model.gguf"), home.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("already installed"), std::string::npos) << r.out;
}

TEST(PullCli, ChecksumMismatchInstallsNothing) {
    test::TempDir home;
    FileServeOptions file{model_bytes()};
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });
    auto r = test::run_os1("pull " + server.url("/x.gguf") + " --sha256 " + std::string(64, '0'), home.path());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("checksum mismatch"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(home.path() / "models" / "x.gguf"));
    EXPECT_FALSE(fs::exists(home.path() / "models" / "x.gguf.part"));
}

TEST(PullCli, UnknownNamesAnd404AndBadUsage) {
    test::TempDir home;
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) { conn.respond(404, "nope"); });
    auto r = test::run_os1("pull " + server.url("/gone.gguf"), home.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("404"), std::string::npos) << r.out;
    r = test::run_os1("pull no-such-model", home.path());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("no model called"), std::string::npos) << r.out;
    r = test::run_os1("pull --frobnicate", home.path());
    EXPECT_EQ(r.status, 2);
    r = test::run_os1("pull", home.path());  // the list of known models
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("qwen2.5-0.5b"), std::string::npos);
}

TEST(ModelsCli, DefaultAndRemove) {
    test::TempDir home;
    fs::create_directories(home.path() / "models");
    ASSERT_TRUE(write_file_atomic(home.path() / "models" / "a.gguf", "GGUF").ok());
    // b is a well-formed (empty) GGUF: version 3, no tensors, no metadata;
    // `models default` takes only what opens as GGUF.
    ASSERT_TRUE(write_file_atomic(home.path() / "models" / "b.gguf",
                                  std::string("GGUF\x03\0\0\0", 8) + std::string(16, '\0')).ok());
    auto r = test::run_os1("models", home.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("* a.gguf"), std::string::npos) << r.out;  // nothing chosen: the first
    r = test::run_os1("models default b", home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(read_file(home.path() / "config.toml").value_or("").find("model = \"b.gguf\""), std::string::npos);
    r = test::run_os1("models", home.path());
    EXPECT_NE(r.out.find("* b.gguf"), std::string::npos) << r.out;
    r = test::run_os1("models default a", home.path());
    EXPECT_NE(r.status, 0) << "a.gguf is not a GGUF: " << r.out;
    EXPECT_NE(read_file(home.path() / "config.toml").value_or("").find("model = \"b.gguf\""), std::string::npos);
    r = test::run_os1("models default qwen2.5-3b", home.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("os1 pull qwen2.5-3b"), std::string::npos) << r.out;
    r = test::run_os1("models remove a", home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_FALSE(fs::exists(home.path() / "models" / "a.gguf"));
    r = test::run_os1("models frob", home.path());
    EXPECT_EQ(r.status, 2);
    r = test::run_os1("models default", home.path());
    EXPECT_EQ(r.status, 2);
}

TEST(ModelsCli, EmptyModelsFolderSaysHowToGetOne) {
    test::TempDir home;
    auto r = test::run_os1("models", home.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("os1 pull"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace os1
