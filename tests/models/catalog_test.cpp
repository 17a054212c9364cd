// The `os1 pull` catalog: every entry is well formed and found by its alias,
// its file name and its stem (GGUF chat models, Whisper .bin speech models); the newer families have their popular sizes.
#include "models/catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace os1::models;

TEST(Catalog, EveryEntryIsWellFormedAndFound) {
    std::set<std::string> aliases, files;
    for (const auto& e : catalog()) {
        SCOPED_TRACE(std::string(e.alias));
        EXPECT_TRUE(aliases.insert(std::string(e.alias)).second) << "duplicate alias";
        EXPECT_TRUE(files.insert(std::string(e.file_name)).second) << "duplicate file";
        EXPECT_EQ(e.url.rfind("https://huggingface.co/", 0), 0u);
        EXPECT_NE(e.url.find("/resolve/main/"), std::string_view::npos);
        ASSERT_GE(e.url.size(), e.file_name.size());
        EXPECT_EQ(e.url.substr(e.url.size() - e.file_name.size()), e.file_name);  // installed under its own name
        // Chat models are GGUF files; Whisper's speech models ggml .bin files.
        const bool gguf = e.file_name.ends_with(".gguf");
        EXPECT_TRUE(gguf || e.file_name.ends_with(".bin")) << e.file_name;
        const size_t ext = gguf ? 5 : 4;
        EXPECT_TRUE(e.sha256.empty() || e.sha256.size() == 64);
        EXPECT_EQ(find_catalog(e.alias), &e);
        EXPECT_EQ(find_catalog(e.file_name), &e);
        EXPECT_EQ(find_catalog(e.file_name.substr(0, e.file_name.size() - ext)), &e);
    }
    EXPECT_EQ(find_catalog("no-such-model"), nullptr);
}

TEST(Catalog, NewerFamiliesHaveAliases) {
    for (const char* alias : {"qwen3-0.6b", "qwen3-1.7b", "qwen3-4b", "gemma3-1b", "gemma3-4b", "gemma2-2b",
                              "phi3.5-mini", "phi4-mini", "smollm3-3b"}) {
        const CatalogEntry* e = find_catalog(alias);
        ASSERT_NE(e, nullptr) << alias;
        EXPECT_NE(std::string(e->summary).find("Q4_K_M"), std::string::npos) << alias;
    }
    EXPECT_EQ(find_catalog("QWEN3-1.7B"), find_catalog("qwen3-1.7b"));  // case-insensitive
}
