#include "serve/api_key.h"

#include <gtest/gtest.h>

namespace r1tune::serve {
namespace {

TEST(ApiKey, OnlyTheExactBearerKeyIsLetIn) {
    EXPECT_TRUE(authorized("Bearer s3cret-key", "s3cret-key"));
    EXPECT_FALSE(authorized("Bearer s3cret-ke", "s3cret-key"));   // a prefix
    EXPECT_FALSE(authorized("Bearer s3cret-key2", "s3cret-key")); // longer
    EXPECT_FALSE(authorized("Bearer S3cret-key", "s3cret-key"));
    EXPECT_FALSE(authorized("s3cret-key", "s3cret-key"));         // no scheme
    EXPECT_FALSE(authorized("Basic s3cret-key", "s3cret-key"));
    EXPECT_TRUE(authorized("bearer s3cret-key", "s3cret-key")); // the scheme's case does not matter
    EXPECT_FALSE(authorized("", "s3cret-key"));
    EXPECT_FALSE(authorized("Bearer ", "s3cret-key"));
}

TEST(ApiKey, WithoutAKeyEveryRequestIsLetIn) {
    EXPECT_TRUE(authorized("", ""));
    EXPECT_TRUE(authorized("Bearer anything", ""));
}

} // namespace
} // namespace r1tune::serve
