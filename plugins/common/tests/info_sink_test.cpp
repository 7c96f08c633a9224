// The get_info protocol: size query, copy, BUFFER_TOO_SMALL with the size set, both NULL
// refused, unknown keys with size 0.
#include "hwcert/plugin_common/info_sink.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace hwcert::plugin_common {
namespace {

HWC_Error* answer(const InfoSink& sink, const std::string& text) {
  return guarded("get_info", [&] { sink.text(text); });
}

TEST(InfoSink, SizeQueryThenCopy) {
  size_t size = 0;
  EXPECT_EQ(answer({0, nullptr, &size}, "opencl"), nullptr);
  EXPECT_EQ(size, 7u);  // with the terminator
  char value[7];
  size = 0;
  EXPECT_EQ(answer({sizeof value, value, &size}, "opencl"), nullptr);
  EXPECT_EQ(size, 7u);
  EXPECT_STREQ(value, "opencl");
}

TEST(InfoSink, TooSmallSetsTheSizeAndWritesNothing) {
  char value[4] = {'x', 'x', 'x', 'x'};
  size_t size = 0;
  HWC_Error* e = answer({sizeof value, value, &size}, "opencl");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, HWC_STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(e->message, "get_info: the value needs 7 bytes, value_size is 4");
  EXPECT_EQ(size, 7u);
  EXPECT_EQ(std::memcmp(value, "xxxx", 4), 0);
  destroy_error(e);
}

TEST(InfoSink, ScalarsAndBothNull) {
  uint64_t value = 0;
  EXPECT_EQ(guarded("f", [&] { InfoSink{8, &value, nullptr}.scalar<uint64_t>(1234); }), nullptr);
  EXPECT_EQ(value, 1234u);
  HWC_Error* e = guarded("f", [] { InfoSink{0, nullptr, nullptr}.scalar<uint32_t>(1); });
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, HWC_STATUS_INVALID_ARGUMENT);
  destroy_error(e);
}

TEST(InfoSink, UnknownKeyReportsSizeZero) {
  size_t size = 99;
  HWC_Error* e = guarded("f", [&] { InfoSink{0, nullptr, &size}.unknown(77, "not reported"); });
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, HWC_STATUS_UNKNOWN_KEY);
  EXPECT_EQ(e->message, "f: key 77: not reported");
  EXPECT_EQ(size, 0u);
  destroy_error(e);
}

}  // namespace
}  // namespace hwcert::plugin_common
