#include "models/progress_bar.h"

#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

namespace r1tune::models {
namespace {

TEST(FormatProgress, ShowsPercentMegabytesAndSpeed) {
    EXPECT_EQ(format_progress(470'100'000, 1'117'300'000, 12'500'000),
              " 42%  470.1/1117.3 MB  12.5 MB/s");
    EXPECT_EQ(format_progress(1'117'300'000, 1'117'300'000, 0), "100%  1117.3/1117.3 MB  0.0 MB/s");
}

TEST(FormatProgress, LeavesOutWhatAnUnknownTotalCannotGive) {
    EXPECT_EQ(format_progress(470'100'000, 0, 12'500'000), "470.1 MB  12.5 MB/s");
}

TEST(ProgressBar, WritesWholeLinesWhenNotOnATerminal) {
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> out(std::tmpfile(), std::fclose);
    ASSERT_TRUE(out);
    ProgressBar bar("model.gguf", out.get());
    bar.update(0, 2'000'000);
    bar.update(1'000'000, 2'000'000); // too soon after the first line to print another
    bar.update(2'000'000, 2'000'000);
    bar.finish();

    std::rewind(out.get());
    std::string written(4096, '\0');
    written.resize(std::fread(written.data(), 1, written.size(), out.get()));
    EXPECT_EQ(written.find('\r'), std::string::npos) << written;
    EXPECT_EQ(written.find("model.gguf    0%  0.0/2.0 MB"), 0u) << written;
    EXPECT_NE(written.find("\nmodel.gguf  100%  2.0/2.0 MB"), std::string::npos) << written;
    EXPECT_EQ(written.find(" 50%"), std::string::npos) << written;
}

} // namespace
} // namespace r1tune::models
