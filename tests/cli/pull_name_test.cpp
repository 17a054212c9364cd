// `os1 pull NAME`: only a catalog alias or an explicit URL downloads. A bare
// file name that is neither an alias nor a file here ("ggml-base.en.bin"
// typed in the wrong folder) is refused with the aliases listed; the same
// name, when the file is here, is installed from it (checked first).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

using namespace os1::test;
namespace fs = std::filesystem;

namespace {

std::string q(const std::string& s) { return "'" + s + "'"; }

// `os1 pull ARGS` run from `folder` (a bare name means a file there).
CommandResult pull_in(const fs::path& folder, const fs::path& home, const std::string& args) {
    return run_command("cd " + q(folder.string()) + " && OS1_HOME=" + q(home.string()) + " " + q(OS1_BINARY) +
                       " pull " + args + " 2>&1");
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(PullName, ABareFileNameThatIsNotHereIsRefusedWithTheAliasesNotDownloaded) {
    TempDir home, folder;
    for (const char* name : {"ggml-base.en.bin", "qwen2.5-0.5b-instruct-q4_k_m.gguf", "my-model.gguf"}) {
        auto r = pull_in(folder.path(), home.path(), name);
        EXPECT_EQ(r.status, 2) << name << ": " << r.out;
        EXPECT_FALSE(has(r.out, "Downloading")) << name << ": " << r.out;
        EXPECT_TRUE(has(r.out, "no model called \"" + std::string(name) + "\", and no file \"" + name + "\" here")) << r.out;
        EXPECT_TRUE(has(r.out, "whisper-base.en") && has(r.out, "qwen2.5-0.5b") && has(r.out, "https://")) << r.out;
    }
    auto whisper = pull_in(folder.path(), home.path(), "ggml-base.en.bin");
    EXPECT_TRUE(has(whisper.out, "\"ggml-base.en.bin\" is the file of whisper-base.en: 'os1 pull whisper-base.en'"))
        << whisper.out;
    auto plain = pull_in(folder.path(), home.path(), "my-model.gguf");
    EXPECT_FALSE(has(plain.out, "is the file of")) << plain.out;
    std::error_code ec;
    EXPECT_FALSE(fs::exists(home / "models", ec) && !fs::is_empty(home / "models", ec)) << "nothing was fetched";
}

TEST(PullName, ABareFileNameThatIsHereIsInstalledFromTheFileAfterItsCheck) {
    TempDir home, folder;
    std::ofstream(folder / "ggml-base.en.bin") << "not a whisper model at all";
    auto r = pull_in(folder.path(), home.path(), "ggml-base.en.bin");
    EXPECT_NE(r.status, 0) << r.out;
    EXPECT_FALSE(has(r.out, "Downloading")) << r.out;
    EXPECT_FALSE(has(r.out, "no model called")) << "the file here was taken: " << r.out;
    EXPECT_TRUE(has(r.out, "ggml-base.en.bin")) << r.out;
    EXPECT_FALSE(fs::exists(home / "models" / "ggml-base.en.bin")) << "a file that fails its check is not installed";
}
