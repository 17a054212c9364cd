// os1 pull PATH / file:///abs/path.gguf: a GGUF already on this computer is
// checked and copied into the models folder; anything else is refused and
// nothing is installed. os1 models default refuses a non-GGUF too.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/files.h"
#include "test_support.h"

namespace os1 {
namespace {

namespace fs = std::filesystem;

TEST(PullLocalCli, CopiesAGgufFromDiskAndRefusesAnythingElse) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    const fs::path source = shared / "models" / "stories260K.gguf";
    const auto size = fs::file_size(source);

    // Not a GGUF: a clear error, nothing installed.
    fs::create_directories(home / "elsewhere");
    std::ofstream(home / "elsewhere" / "notes.gguf") << "these are my notes, not a model";
    auto bad = test::run_os1("pull " + (home / "elsewhere" / "notes.gguf").string(), home.path());
    EXPECT_NE(bad.status, 0);
    EXPECT_NE(bad.out.find("not a usable GGUF model"), std::string::npos) << bad.out;
    EXPECT_FALSE(fs::exists(home / "models" / "notes.gguf"));
    // A GGUF cut short: its tensor table or data is missing.
    auto bytes = read_file(source);
    ASSERT_TRUE(bytes.ok());
    std::ofstream(home / "elsewhere" / "cut.gguf", std::ios::binary) << bytes->substr(0, 2000);
    auto cut = test::run_os1("pull " + (home / "elsewhere" / "cut.gguf").string(), home.path());
    EXPECT_NE(cut.status, 0) << cut.out;
    EXPECT_FALSE(fs::exists(home / "models" / "cut.gguf"));
    auto missing = test::run_os1("pull file:///no/such/model.gguf", home.path());
    EXPECT_NE(missing.status, 0);
    EXPECT_NE(missing.out.find("is not a file"), std::string::npos) << missing.out;

    // A real one, as a file URL: copied (the source stays), private, the default.
    auto ok = test::run_os1("pull file://" + source.string(), home.path());
    ASSERT_EQ(ok.status, 0) << ok.out;
    const fs::path installed = home / "models" / "stories260K.gguf";
    ASSERT_TRUE(fs::exists(installed)) << ok.out;
    EXPECT_EQ(fs::file_size(installed), size);
    EXPECT_EQ(read_file(installed).value_or(""), *bytes);
    EXPECT_TRUE(fs::exists(source));
    struct stat st {};
    ASSERT_EQ(::stat(installed.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_NE(ok.out.find("now the default"), std::string::npos) << ok.out;
    auto listed = test::run_os1("models", home.path());
    EXPECT_NE(listed.out.find("stories260K.gguf"), std::string::npos) << listed.out;

    // Again: already there; a plain path under another name installs a second copy.
    auto again = test::run_os1("pull " + source.string(), home.path());
    EXPECT_EQ(again.status, 0);
    EXPECT_NE(again.out.find("already installed"), std::string::npos) << again.out;
    auto named = test::run_os1("pull " + source.string() + " --name tiny", home.path());
    EXPECT_EQ(named.status, 0) << named.out;
    EXPECT_TRUE(fs::exists(home / "models" / "tiny.gguf"));
    for (const auto& e : fs::directory_iterator(home / "models"))
        EXPECT_FALSE(e.path().filename().string().starts_with(".")) << "no temporary file left: " << e.path();

    // models default: a GGUF yes, anything else no (and the default stays).
    auto def_bad = test::run_os1("models default " + (home / "elsewhere" / "notes.gguf").string(), home.path());
    EXPECT_NE(def_bad.status, 0);
    EXPECT_NE(def_bad.out.find("not a usable GGUF model"), std::string::npos) << def_bad.out;
    EXPECT_EQ(read_file(home / "config.toml").value_or("").find("notes.gguf"), std::string::npos);
    auto def_ok = test::run_os1("models default tiny", home.path());
    EXPECT_EQ(def_ok.status, 0) << def_ok.out;
    EXPECT_NE(read_file(home / "config.toml").value_or("").find("tiny.gguf"), std::string::npos);
}

// A model without a chat template is named for what it is.
TEST(PullLocalCli, AModelWithoutAChatTemplateIsNotAChatModel) {
    OS1_REQUIRE_SHARED(shared);
    test::TempDir home;
    auto r = test::run_os1("chat --brain local --max-tokens 3 --seed 1 --model " +
                               (shared / "models" / "stories260K.gguf").string() + " --once hello",
                           home.path());
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("is not a chat model"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("os1 pull"), std::string::npos) << r.out;
    // Three tokens are not a whole reply: it says it was cut.
    EXPECT_NE(r.out.find("cut short"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace os1
