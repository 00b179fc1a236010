#include "models/download.h"

#include <random>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "local_http_server.h"
#include "models/sha256.h"
#include "scratch_dir.h"

namespace r1tune::models {
namespace {

namespace fs = std::filesystem;
using test_support::closed_local_port;
using test_support::LocalHttpServer;
using test_support::read_file;
using test_support::ScratchDir;
using test_support::ServerBehaviour;
using test_support::write_file;

constexpr std::size_t kModelBytes = 300'000;
constexpr std::uint64_t kDropAfter = 100'000;

// Serves a generated 300 KB file, "model.bin", and downloads it into another folder.
class DownloadTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::mt19937 random(42);
        content_.resize(kModelBytes);
        for (char & byte : content_) byte = static_cast<char>(random() & 0xff);
        write_file(served_dir() / "model.bin", content_);
        ASSERT_TRUE(sha256_file(served_dir() / "model.bin", content_sha256_).is_ok());
    }

    fs::path served_dir() const { return scratch_.path() / "served"; }
    fs::path request_log() const { return scratch_.path() / "requests.log"; }
    fs::path destination() const { return scratch_.path() / "models" / "model.bin"; }
    fs::path part() const { return partial_download_path(destination()); }

    void start_server(const ServerBehaviour & behaviour = {}) {
        server_.emplace(served_dir(), request_log(), behaviour);
        ASSERT_EQ(server_->start_error(), "");
    }

    DownloadRequest request_for(std::string_view path) {
        DownloadRequest request;
        request.url = server_->url(path);
        request.destination = destination();
        request.expected_sha256 = content_sha256_;
        request.on_progress = [this](std::uint64_t done, std::uint64_t total) {
            progress_.emplace_back(done, total);
        };
        return request;
    }

    std::vector<std::string> logged_requests() const {
        std::istringstream log(read_file(request_log()));
        std::vector<std::string> lines;
        for (std::string line; std::getline(log, line);) lines.push_back(line);
        return lines;
    }

    ScratchDir scratch_;
    std::string content_;
    std::string content_sha256_;
    std::optional<LocalHttpServer> server_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> progress_;
};

TEST_F(DownloadTest, FullDownloadWithTheRightHashIsKept) {
    start_server();
    DownloadResult result;
    const Status status = download_file(request_for("model.bin"), result);
    ASSERT_TRUE(status.is_ok()) << status.message();

    EXPECT_EQ(read_file(destination()), content_);
    EXPECT_FALSE(fs::exists(part()));
    EXPECT_EQ(result.sha256, content_sha256_);
    EXPECT_EQ(result.bytes, kModelBytes);
    EXPECT_EQ(result.resumed_from, 0u);
    ASSERT_FALSE(progress_.empty());
    EXPECT_EQ(progress_.back(), std::make_pair(std::uint64_t{kModelBytes}, std::uint64_t{kModelBytes}));
    EXPECT_EQ(logged_requests(), std::vector<std::string>{"GET /model.bin range=-"});
}

TEST_F(DownloadTest, InterruptedDownloadKeepsThePartAndTheNextCallResumesIt) {
    start_server({.drop_after = kDropAfter});
    DownloadResult result;
    const Status interrupted = download_file(request_for("model.bin"), result);
    ASSERT_FALSE(interrupted.is_ok());
    EXPECT_EQ(interrupted.kind(), ErrorKind::kIo);
    EXPECT_NE(interrupted.message().find("run the same command again"), std::string::npos)
        << interrupted.message();
    EXPECT_FALSE(fs::exists(destination()));
    ASSERT_TRUE(fs::exists(part()));
    EXPECT_EQ(fs::file_size(part()), kDropAfter);

    progress_.clear();
    const Status resumed = download_file(request_for("model.bin"), result);
    ASSERT_TRUE(resumed.is_ok()) << resumed.message();
    EXPECT_EQ(read_file(destination()), content_);
    EXPECT_FALSE(fs::exists(part()));
    EXPECT_EQ(result.resumed_from, kDropAfter);
    // Progress continues from the bytes already there rather than from zero.
    ASSERT_FALSE(progress_.empty());
    EXPECT_EQ(progress_.front(), std::make_pair(kDropAfter, std::uint64_t{kModelBytes}));
    const std::vector<std::string> expected = {"GET /model.bin range=-",
                                               "GET /model.bin range=bytes=100000-"};
    EXPECT_EQ(logged_requests(), expected);
}

TEST_F(DownloadTest, ResumesThroughARedirect) {
    // Hugging Face answers downloads with a redirect to its storage; the range must follow it.
    start_server({.drop_after = kDropAfter});
    DownloadResult result;
    ASSERT_FALSE(download_file(request_for("redirect/model.bin"), result).is_ok());
    const Status resumed = download_file(request_for("redirect/model.bin"), result);
    ASSERT_TRUE(resumed.is_ok()) << resumed.message();
    EXPECT_EQ(read_file(destination()), content_);
    const std::vector<std::string> expected = {
        "GET /redirect/model.bin range=-", "GET /model.bin range=-",
        "GET /redirect/model.bin range=bytes=100000-", "GET /model.bin range=bytes=100000-"};
    EXPECT_EQ(logged_requests(), expected);
}

TEST_F(DownloadTest, AServerThatIgnoresRangeMakesItStartOver) {
    // A .part whose bytes are not the file's start: appending to it would corrupt the file.
    write_file(part(), std::string(50'000, '\xff'));
    start_server({.drop_after = std::nullopt, .ignore_range = true});
    DownloadResult result;
    const Status status = download_file(request_for("model.bin"), result);
    ASSERT_TRUE(status.is_ok()) << status.message();
    EXPECT_EQ(read_file(destination()), content_);
    EXPECT_EQ(result.resumed_from, 0u);
    EXPECT_EQ(logged_requests(), std::vector<std::string>{"GET /model.bin range=bytes=50000-"});
}

TEST_F(DownloadTest, ACompletePartIsCheckedWithoutFetchingItAgain) {
    write_file(part(), content_);
    start_server();
    DownloadResult result;
    const Status status = download_file(request_for("model.bin"), result);
    ASSERT_TRUE(status.is_ok()) << status.message();
    EXPECT_EQ(read_file(destination()), content_);
    EXPECT_EQ(result.resumed_from, kModelBytes);
}

TEST_F(DownloadTest, APartLongerThanTheFileIsFetchedAnew) {
    write_file(part(), content_ + "trailing bytes");
    start_server();
    DownloadResult result;
    const Status status = download_file(request_for("model.bin"), result);
    ASSERT_TRUE(status.is_ok()) << status.message();
    EXPECT_EQ(read_file(destination()), content_);
    EXPECT_EQ(result.resumed_from, 0u);
    const std::vector<std::string> expected = {"GET /model.bin range=bytes=300014-",
                                               "GET /model.bin range=-"};
    EXPECT_EQ(logged_requests(), expected);
}

TEST_F(DownloadTest, AWrongHashFailsAndLeavesNoFile) {
    start_server();
    DownloadRequest request = request_for("model.bin");
    const std::string wrong(64, '0');
    request.expected_sha256 = wrong;
    DownloadResult result;
    const Status status = download_file(request, result);
    ASSERT_FALSE(status.is_ok());
    EXPECT_EQ(status.kind(), ErrorKind::kIo);
    EXPECT_NE(status.message().find(wrong), std::string::npos) << status.message();
    EXPECT_NE(status.message().find(content_sha256_), std::string::npos) << status.message();
    EXPECT_FALSE(fs::exists(destination()));
    EXPECT_FALSE(fs::exists(part()));
}

TEST_F(DownloadTest, WithoutAnExpectedHashTheFileIsKeptAndItsHashReported) {
    start_server();
    DownloadRequest request = request_for("model.bin");
    request.expected_sha256.reset();
    DownloadResult result;
    ASSERT_TRUE(download_file(request, result).is_ok());
    EXPECT_EQ(result.sha256, content_sha256_);
    EXPECT_TRUE(fs::exists(destination()));
}

TEST_F(DownloadTest, AMissingFileIsA404WithAClearMessage) {
    start_server();
    const DownloadRequest request = request_for("absent.bin");
    DownloadResult result;
    const Status status = download_file(request, result);
    EXPECT_EQ(status.kind(), ErrorKind::kIo);
    EXPECT_EQ(status.message(), "the server has no file at " + request.url);
    EXPECT_FALSE(fs::exists(destination()));
    EXPECT_FALSE(fs::exists(part()));
}

TEST_F(DownloadTest, ARefusedConnectionFailsCleanly) {
    DownloadRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(closed_local_port()) + "/model.bin";
    request.destination = destination();
    DownloadResult result;
    const Status status = download_file(request, result);
    EXPECT_EQ(status.kind(), ErrorKind::kIo);
    EXPECT_EQ(status.message(),
              "cannot connect to the server of " + request.url + " (connection refused or unreachable)");
    EXPECT_FALSE(fs::exists(part()));
}

TEST_F(DownloadTest, OnlyHttpUrlsAreFetched) {
    DownloadRequest request;
    request.url = "file://" + (served_dir() / "model.bin").string();
    request.destination = destination();
    DownloadResult result;
    const Status status = download_file(request, result);
    EXPECT_EQ(status.kind(), ErrorKind::kIo);
    EXPECT_NE(status.message().find("only http:// and https://"), std::string::npos) << status.message();
    EXPECT_FALSE(fs::exists(destination()));
}

} // namespace
} // namespace r1tune::models
