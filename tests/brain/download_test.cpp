// os1 pull's downloader against a local HTTP server: resume, checksums,
// errors. No internet.
#include "models/download.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "brain/http_server_support.h"
#include "models/manifest.h"
#include "models/sha256.h"
#include "core/files.h"
#include "test_support.h"

namespace os1::brain {

using namespace os1::models;  // downloads (src/models)
namespace {

namespace fs = std::filesystem;
using test::FileServeOptions;
using test::HttpConnection;
using test::HttpRequest;
using test::TestHttpServer;

std::string fake_gguf(size_t n) {
    std::string s = "GGUF";
    std::mt19937 rng(7);
    while (s.size() < n) s += static_cast<char>(rng());
    return s;
}

DownloadRequest request_for(const TestHttpServer& server, const fs::path& dir) {
    DownloadRequest r;
    r.url = server.url("/models/tiny.gguf");
    r.models_dir = dir;
    r.retry_backoff_s = 0.01;
    r.max_retries = 0;
    r.stall_timeout_s = 5;
    return r;
}

std::string slurp(const fs::path& p) { return read_file(p).value_or(""); }

TEST(Download, InstallsAndVerifiesAgainstLinkedEtag) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(300000)};
    file.extra_headers = "X-Linked-ETag: \"" + sha256_hex(file.data) + "\"\r\nETag: \"abc\"\r\n";
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });
    int progress_calls = 0;
    uint64_t last_done = 0;
    auto req = request_for(server, dir.path());
    req.progress = [&](const DownloadProgress& p) {
        progress_calls++;
        EXPECT_GE(p.done, last_done);
        last_done = p.done;
        EXPECT_EQ(p.total, 300000u);
    };
    auto r = download_model(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->verified, Verification::ETag);
    EXPECT_EQ(r->sha256, sha256_hex(file.data));
    EXPECT_EQ(r->path, dir.path() / "tiny.gguf");
    EXPECT_EQ(slurp(r->path), file.data);
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf.part"));
    EXPECT_GT(progress_calls, 0);
    EXPECT_EQ(last_done, 300000u);
    auto manifest = read_manifest(dir.path());
    ASSERT_TRUE(manifest.ok());
    ASSERT_EQ(manifest->count("tiny.gguf"), 1u);
    EXPECT_EQ(manifest->at("tiny.gguf").sha256, r->sha256);
    EXPECT_EQ(manifest->at("tiny.gguf").verified, "etag");

    // A second pull of the same file does nothing.
    auto again = download_model(req);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->already_installed);
}

TEST(Download, InterruptedThenResumedInALaterRun) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(200000)};
    file.drop_after = 70000;
    file.drops = 1;
    std::vector<std::string> ranges;
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
        ranges.push_back(req.header("range"));
        serve_file(req, conn, file);
    });
    auto req = request_for(server, dir.path());
    req.expected_sha256 = sha256_hex(file.data);
    auto first = download_model(req);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().code, ErrorCode::Network);
    EXPECT_NE(first.error().message.find("run the same command again to resume"), std::string::npos)
        << first.error().message;
    EXPECT_EQ(fs::file_size(dir.path() / "tiny.gguf.part"), 70000u);
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf"));

    auto second = download_model(req);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_TRUE(second->resumed);
    EXPECT_EQ(second->verified, Verification::Given);
    EXPECT_EQ(slurp(second->path), file.data);
    ASSERT_EQ(ranges.size(), 2u);
    EXPECT_EQ(ranges[0], "");
    EXPECT_EQ(ranges[1], "bytes=70000-");
}

TEST(Download, ResumesAutomaticallyWithinOneRun) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(150000)};
    file.drop_after = 40000;
    file.drops = 3;
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });
    auto req = request_for(server, dir.path());
    req.max_retries = 2;  // each drop made progress, so three drops are fine
    req.expected_sha256 = sha256_hex(file.data);
    auto r = download_model(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->attempts, 4);
    EXPECT_EQ(slurp(r->path), file.data);
}

TEST(Download, ServerIgnoringRangeStartsOver) {
    test::TempDir dir;
    std::string data = fake_gguf(50000);
    ASSERT_TRUE(write_file_atomic(dir.path() / "tiny.gguf.part", "GGUFjunkjunk").ok());
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
        conn.respond(200, data, "application/octet-stream");  // never honours Range
    });
    auto req = request_for(server, dir.path());
    req.expected_sha256 = sha256_hex(data);
    auto r = download_model(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->resumed);
    EXPECT_EQ(slurp(r->path), data);
}

TEST(Download, ChecksumMismatchInstallsNothing) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(60000)};
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });
    auto req = request_for(server, dir.path());
    req.expected_sha256 = std::string(64, 'a');
    auto r = download_model(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Corrupt);
    EXPECT_NE(r.error().message.find("checksum mismatch"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("nothing was installed"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf"));
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf.part"));
    EXPECT_TRUE(read_manifest(dir.path())->empty());
}

TEST(Download, WrongEtagDigestIsAMismatchToo) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(60000)};
    file.extra_headers = "X-Linked-ETag: \"" + std::string(64, 'b') + "\"\r\n";
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });
    auto r = download_model(request_for(server, dir.path()));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Corrupt);
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf"));
}

TEST(Download, NoChecksumKnownSaysNone) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(30000)};
    file.extra_headers = "ETag: \"5f-abc\"\r\n";  // not a sha256
    std::vector<std::string> paths;
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
        paths.push_back(req.path);
        if (req.path.ends_with(".sha256")) conn.respond(404, "no");
        else serve_file(req, conn, file);
    });
    auto r = download_model(request_for(server, dir.path()));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->verified, Verification::None);
    EXPECT_TRUE(r->expected_sha256.empty());
    EXPECT_EQ(r->sha256, sha256_hex(file.data));
    EXPECT_EQ(paths.back(), "/models/tiny.gguf.sha256");  // the sidecar was looked for
    EXPECT_EQ(read_manifest(dir.path())->at("tiny.gguf").verified, "none");
}

TEST(Download, SidecarChecksumIsUsed) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(30000)};
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
        if (req.path.ends_with(".sha256")) conn.respond(200, sha256_hex(file.data) + "  tiny.gguf\n");
        else serve_file(req, conn, file);
    });
    auto r = download_model(request_for(server, dir.path()));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->verified, Verification::Sidecar);
}

TEST(Download, NotFound404) {
    test::TempDir dir;
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) { conn.respond(404, "Entry not found"); });
    auto r = download_model(request_for(server, dir.path()));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_NE(r.error().message.find("404"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf"));
}

TEST(Download, HtmlInsteadOfAModelIsRejected) {
    test::TempDir dir;
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
        conn.respond(200, "<html>please log in</html>", "text/html");
    });
    auto r = download_model(request_for(server, dir.path()));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Corrupt);
    EXPECT_NE(r.error().message.find("not a GGUF"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf"));
}

TEST(Download, CompletePartGets416AndIsInstalled) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(20000)};
    ASSERT_TRUE(write_file_atomic(dir.path() / "tiny.gguf.part", file.data).ok());
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });
    auto req = request_for(server, dir.path());
    req.expected_sha256 = sha256_hex(file.data);
    auto r = download_model(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(slurp(r->path), file.data);
}

TEST(Download, BadNamesAndUrls) {
    test::TempDir dir;
    DownloadRequest r;
    r.models_dir = dir.path();
    r.url = "ftp://example.com/x.gguf";
    EXPECT_FALSE(download_model(r).ok());
    r.url = "http://127.0.0.1:1/";
    EXPECT_EQ(download_model(r).error().code, ErrorCode::Invalid);
    EXPECT_EQ(file_name_from_url("https://h/a/b/m.gguf?download=true"), "m.gguf");
    EXPECT_EQ(file_name_from_url("https://h/a/"), "");
}

TEST(Download, DripFeedIsAStallNotProgress) {
    test::TempDir dir;
    std::string data = fake_gguf(100000);
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
        conn.send("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n"
                  "Connection: close\r\n\r\n");
        conn.drip(data, 0.01);  // 100 bytes/s
    });
    auto req = request_for(server, dir.path());
    req.stall_timeout_s = 0.4;
    req.stall_min_bytes = 1000;  // at least 2500 bytes/s
    auto t0 = std::chrono::steady_clock::now();
    auto r = download_model(req);
    ASSERT_FALSE(r.ok());
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 3);
    EXPECT_EQ(r.error().code, ErrorCode::Network);
    EXPECT_NE(r.error().message.find("resume"), std::string::npos) << r.error().message;
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf"));
}

TEST(Download, AnnouncedSizeOverTheBudgetIsRefused) {
    test::TempDir dir;
    FileServeOptions file{fake_gguf(50000)};
    TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) { serve_file(req, conn, file); });
    auto req = request_for(server, dir.path());
    req.max_bytes = 10000;
    auto r = download_model(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Corrupt);
    EXPECT_NE(r.error().message.find("larger than 10000"), std::string::npos) << r.error().message;
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf.part"));
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf"));
}

TEST(Download, EndlessBodyWithoutLengthStopsAtTheBudget) {
    test::TempDir dir;
    TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
        conn.send("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\nGGUF");
        conn.send_endless(std::string(8192, 'g'));
    });
    auto req = request_for(server, dir.path());
    req.max_bytes = 1 << 20;
    auto t0 = std::chrono::steady_clock::now();
    auto r = download_model(req);
    ASSERT_FALSE(r.ok());
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 10);
    EXPECT_EQ(r.error().code, ErrorCode::Corrupt);
    EXPECT_FALSE(fs::exists(dir.path() / "tiny.gguf.part"));
}

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_TRUE(is_sha256_hex(sha256_hex("x")));
    EXPECT_FALSE(is_sha256_hex("xyz"));
}

TEST(Manifest, CorruptManifestIsAClearError) {
    test::TempDir dir;
    ASSERT_TRUE(write_file_atomic(dir.path() / "manifest.json", "{\"models\": 3}").ok());
    auto m = read_manifest(dir.path());
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("manifest.json"), std::string::npos);
    ASSERT_TRUE(write_file_atomic(dir.path() / "manifest.json", "{\"models\": {\"a.gguf\": {\"url\": 5, \"bytes\": \"x\"}}}").ok());
    m = read_manifest(dir.path());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->at("a.gguf").url, "");
}

}  // namespace
}  // namespace os1::brain
