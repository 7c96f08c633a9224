#include "hwcert/runner/shard.hpp"

#include <gtest/gtest.h>

namespace hwcert::runner {
namespace {

TEST(Shard, FlagsWinOverEnvironment) {
  auto shard = resolve_shard(3u, 1u, "5", "4");
  ASSERT_TRUE(shard.ok()) << shard.status().to_string();
  EXPECT_EQ(shard->total, 3u);
  EXPECT_EQ(shard->index, 1u);
  EXPECT_TRUE(shard->owns(4));
  EXPECT_FALSE(shard->owns(5));
}

TEST(Shard, EnvironmentLikeGtest) {
  auto shard = resolve_shard(std::nullopt, std::nullopt, "4", "3");
  ASSERT_TRUE(shard.ok());
  EXPECT_EQ(shard->total, 4u);
  EXPECT_EQ(shard->index, 3u);
  auto none = resolve_shard(std::nullopt, std::nullopt, nullptr, nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->total, 1u);
}

TEST(Shard, RejectsBadValues) {
  EXPECT_FALSE(resolve_shard(2u, 2u, nullptr, nullptr).ok());
  EXPECT_FALSE(resolve_shard(0u, 0u, nullptr, nullptr).ok());
  EXPECT_FALSE(resolve_shard(2u, std::nullopt, nullptr, nullptr).ok());
  EXPECT_FALSE(resolve_shard(std::nullopt, std::nullopt, "x", "0").ok());
  EXPECT_FALSE(resolve_shard(std::nullopt, std::nullopt, "2", nullptr).ok());
}

TEST(Shard, EveryPositionInExactlyOneShard) {
  for (std::size_t position = 0; position < 50; ++position) {
    int owners = 0;
    for (uint32_t index = 0; index < 7; ++index) owners += Shard{index, 7}.owns(position) ? 1 : 0;
    EXPECT_EQ(owners, 1);
  }
}

}  // namespace
}  // namespace hwcert::runner
