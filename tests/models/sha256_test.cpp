#include "models/sha256.h"

#include <gtest/gtest.h>

#include "scratch_dir.h"

namespace r1tune::models {
namespace {

using test_support::ScratchDir;
using test_support::write_file;

std::string hash_of(const std::filesystem::path & path) {
    std::string hex;
    const Status status = sha256_file(path, hex);
    EXPECT_TRUE(status.is_ok()) << status.message();
    return hex;
}

TEST(Sha256File, MatchesKnownVectors) {
    ScratchDir dir;
    write_file(dir.path() / "abc", "abc");
    write_file(dir.path() / "empty", "");
    EXPECT_EQ(hash_of(dir.path() / "abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hash_of(dir.path() / "empty"),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256File, HashesAFileLargerThanOneReadBlock) {
    // 2.5 MB spans several 1 MiB reads; the expected value is Python's hashlib.sha256.
    ScratchDir dir;
    write_file(dir.path() / "big", std::string(2'500'000, 'a'));
    EXPECT_EQ(hash_of(dir.path() / "big"),
              "38a637965059125eeb67f54c30e7f48a61859a467a800ba09740ba48a924f2b9");
}

TEST(Sha256File, MissingFileIsAnIoError) {
    ScratchDir dir;
    std::string hex;
    const Status status = sha256_file(dir.path() / "absent", hex);
    EXPECT_EQ(status.kind(), ErrorKind::kIo);
    EXPECT_NE(status.message().find("absent"), std::string::npos) << status.message();
}

TEST(NormalizeSha256Hex, LowercasesAndRejectsWhatIsNotAHash) {
    const std::string upper = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    EXPECT_EQ(normalize_sha256_hex(upper),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(normalize_sha256_hex(upper.substr(1)), std::nullopt);
    EXPECT_EQ(normalize_sha256_hex(upper + "0"), std::nullopt);
    EXPECT_EQ(normalize_sha256_hex("g" + upper.substr(1)), std::nullopt);
}

} // namespace
} // namespace r1tune::models
