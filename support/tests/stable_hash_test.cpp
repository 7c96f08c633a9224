// stable_hash is 64-bit FNV-1a: the published test vectors, checked at compile time too.
#include "hwcert/support/stable_hash.hpp"

#include <gtest/gtest.h>

namespace hwcert::support {
namespace {

static_assert(stable_hash("") == 0xcbf29ce484222325ULL, "the FNV-1a offset basis");

TEST(StableHash, PublishedFnv1aVectors) {
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ULL);
}

TEST(StableHash, BytesAboveAsciiHashAsUnsigned) {
  // A char above 0x7f enters as its unsigned byte value on every platform.
  const char high[] = {static_cast<char>(0xff), 0};
  EXPECT_EQ(stable_hash(high), (0xcbf29ce484222325ULL ^ 0xffULL) * 0x100000001b3ULL);
}

}  // namespace
}  // namespace hwcert::support
