#include "models/model_cache.h"

#include <cstdlib>
#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "scratch_dir.h"

namespace r1tune::models {
namespace {

namespace fs = std::filesystem;
using test_support::ScratchDir;
using test_support::write_file;

constexpr std::string_view kCatalogJson = R"({
  "default": "tiny",
  "models": [
    { "name": "tiny", "file": "tiny.gguf", "bytes": 4, "pypi": ["tiny-part1==1.0"] },
    { "name": "remote", "file": "remote.gguf", "bytes": 4, "url": "https://example.test/remote.gguf" }
  ]
})";

// Sets the cache variables for one test and puts back what the environment had.
class CacheEnvironment : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char * name : {"R1TUNE_CACHE", "XDG_CACHE_HOME", "HOME"}) {
            const char * value = std::getenv(name);
            saved_[name] = value ? std::optional<std::string>(value) : std::nullopt;
            unsetenv(name);
        }
        ASSERT_TRUE(Catalog::parse(kCatalogJson, catalog_).is_ok());
    }
    void TearDown() override {
        for (const auto & [name, value] : saved_) {
            if (value) {
                setenv(name.c_str(), value->c_str(), 1);
            } else {
                unsetenv(name.c_str());
            }
        }
    }

    fs::path cache_dir() {
        fs::path dir;
        const Status status = find_cache_dir(dir);
        EXPECT_TRUE(status.is_ok()) << status.message();
        return dir;
    }

    Status resolve(std::string_view model, fs::path & path) {
        return resolve_model(model, catalog_, path);
    }

    Catalog catalog_;
    ScratchDir scratch_;

private:
    std::map<std::string, std::optional<std::string>> saved_;
};

TEST_F(CacheEnvironment, CacheDirFollowsR1tuneCacheThenXdgThenHome) {
    setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(cache_dir(), fs::path("/home/someone/.cache/r1tune"));
    setenv("XDG_CACHE_HOME", "/xdg", 1);
    EXPECT_EQ(cache_dir(), fs::path("/xdg/r1tune"));
    setenv("R1TUNE_CACHE", "/explicit", 1);
    EXPECT_EQ(cache_dir(), fs::path("/explicit"));
    EXPECT_EQ(models_dir(cache_dir()), fs::path("/explicit/models"));
}

TEST_F(CacheEnvironment, EmptyVariablesCountAsUnset) {
    setenv("HOME", "/home/someone", 1);
    setenv("XDG_CACHE_HOME", "", 1);
    setenv("R1TUNE_CACHE", "", 1);
    EXPECT_EQ(cache_dir(), fs::path("/home/someone/.cache/r1tune"));
}

TEST_F(CacheEnvironment, NoVariableAtAllIsAnError) {
    fs::path dir;
    EXPECT_EQ(find_cache_dir(dir).kind(), ErrorKind::kIo);
}

TEST_F(CacheEnvironment, AnExistingPathIsUsedAsItIs) {
    const fs::path file = scratch_.path() / "my-model.gguf";
    write_file(file, "GGUF");
    fs::path resolved;
    ASSERT_TRUE(resolve(file.string(), resolved).is_ok());
    EXPECT_EQ(resolved, file);
}

TEST_F(CacheEnvironment, AFolderIsNotAModel) {
    fs::path resolved;
    const Status status = resolve(scratch_.path().string(), resolved);
    EXPECT_EQ(status.kind(), ErrorKind::kModel);
    EXPECT_NE(status.message().find("folder"), std::string::npos) << status.message();
}

TEST_F(CacheEnvironment, ACatalogNameBecomesItsFileInTheCache) {
    setenv("R1TUNE_CACHE", scratch_.path().c_str(), 1);
    const fs::path cached = scratch_.path() / "models" / "remote.gguf";
    write_file(cached, "GGUF");
    fs::path resolved;
    const Status status = resolve("remote", resolved);
    ASSERT_TRUE(status.is_ok()) << status.message();
    EXPECT_EQ(resolved, cached);
    EXPECT_EQ(cached_model_path(scratch_.path(), *catalog_.find("remote")), cached);
}

TEST_F(CacheEnvironment, ANameNotYetDownloadedSaysToPullIt) {
    setenv("R1TUNE_CACHE", scratch_.path().c_str(), 1);
    fs::path resolved;
    const Status status = resolve("remote", resolved);
    EXPECT_EQ(status.kind(), ErrorKind::kModel);
    EXPECT_NE(status.message().find("r1tune pull remote"), std::string::npos) << status.message();
}

TEST_F(CacheEnvironment, AModelFromPypiNotYetAssembledSaysToPullItToo) {
    setenv("R1TUNE_CACHE", scratch_.path().c_str(), 1);
    fs::path resolved;
    const Status status = resolve("tiny", resolved);
    EXPECT_EQ(status.kind(), ErrorKind::kModel);
    EXPECT_NE(status.message().find("r1tune pull tiny"), std::string::npos) << status.message();
}

TEST_F(CacheEnvironment, AnUnknownNameListsTheKnownOnes) {
    fs::path resolved;
    const Status status = resolve("huge", resolved);
    EXPECT_EQ(status.kind(), ErrorKind::kModel);
    EXPECT_NE(status.message().find("tiny, remote"), std::string::npos) << status.message();
}

TEST_F(CacheEnvironment, AMissingPathSaysTheFileIsMissing) {
    fs::path resolved;
    const Status status = resolve((scratch_.path() / "gone.gguf").string(), resolved);
    EXPECT_EQ(status.kind(), ErrorKind::kModel);
    EXPECT_NE(status.message().find("no model file at"), std::string::npos) << status.message();
}

} // namespace
} // namespace r1tune::models
