#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/model.h"
#include "tiny_model.h"

using r1tune::ErrorKind;
using r1tune::Status;
using r1tune::engine::Model;

namespace {

std::filesystem::path temp_path(const std::string & name) {
    std::filesystem::create_directories(R1TUNE_TEST_TMP);
    return std::filesystem::path(R1TUNE_TEST_TMP) / name;
}

Status load(const std::string & path) {
    std::unique_ptr<Model> model;
    return Model::load({path}, model);
}

} // namespace

TEST(ModelLoad, LoadsTheFixtureAsAQwen2Model) {
    Model & model = r1tune::fixture::tiny_model();
    EXPECT_NE(model.description().find("qwen2"), std::string::npos) << model.description();
    EXPECT_EQ(model.vocab_size(), 151936);
    EXPECT_EQ(model.metadata("general.architecture"), "qwen2");
    EXPECT_TRUE(model.adds_bos());
    EXPECT_EQ(model.bos_text(), "<｜begin▁of▁sentence｜>");
}

TEST(ModelLoad, R1SpecialTokensHaveTheirRealIds) {
    auto tokens = r1tune::fixture::tokens_of("<｜begin▁of▁sentence｜><｜User｜><｜Assistant｜><think></think><｜end▁of▁sentence｜>");
    EXPECT_EQ(tokens, (std::vector<r1tune::engine::Token>{151646, 151644, 151645, 151648, 151649, 151643}));
    EXPECT_TRUE(r1tune::fixture::tiny_model().is_end_of_generation(151643));
    EXPECT_FALSE(r1tune::fixture::tiny_model().is_end_of_generation(151649));
}

TEST(ModelLoad, MissingFileIsAModelError) {
    Status s = load("/nonexistent/model.gguf");
    EXPECT_EQ(s.kind(), ErrorKind::kModel);
    EXPECT_NE(s.message().find("does not exist"), std::string::npos) << s.message();
}

TEST(ModelLoad, FolderIsAModelError) {
    std::filesystem::create_directories(R1TUNE_TEST_TMP);
    Status s = load(R1TUNE_TEST_TMP);
    EXPECT_EQ(s.kind(), ErrorKind::kModel);
    EXPECT_NE(s.message().find("folder"), std::string::npos) << s.message();
}

TEST(ModelLoad, FileThatIsNotGgufIsAModelError) {
    auto path = temp_path("not-a-model.gguf");
    std::ofstream(path) << "this is a text file, not weights\n";
    Status s = load(path.string());
    EXPECT_EQ(s.kind(), ErrorKind::kModel);
    EXPECT_NE(s.message().find("not a GGUF"), std::string::npos) << s.message();
}

TEST(ModelLoad, TruncatedGgufIsAModelErrorWithLlamaCppsReason) {
    auto path = temp_path("truncated.gguf");
    const auto full = std::filesystem::file_size(R1TUNE_TINY_FIXTURE);
    std::filesystem::copy_file(R1TUNE_TINY_FIXTURE, path, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(path, full / 2);
    Status s = load(path.string());
    EXPECT_EQ(s.kind(), ErrorKind::kModel);
    EXPECT_NE(s.message().find("could not load"), std::string::npos) << s.message();
    EXPECT_GT(s.message().size(), std::string("could not load ").size() + path.string().size() + 2) << s.message();
}
