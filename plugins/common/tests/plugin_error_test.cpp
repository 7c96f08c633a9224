// The error boundary: every kind of exception becomes an HWC_Error with the function's name,
// and success is NULL.
#include "hwcert/plugin_common/plugin_error.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

namespace hwcert::plugin_common {
namespace {

struct ErrorDeleter {
  void operator()(HWC_Error* e) const { destroy_error(e); }
};
using ErrorPtr = std::unique_ptr<HWC_Error, ErrorDeleter>;

TEST(Guarded, SuccessIsNull) {
  bool ran = false;
  EXPECT_EQ(guarded("f", [&] { ran = true; }), nullptr);
  EXPECT_TRUE(ran);
}

TEST(Guarded, FailureKeepsItsCodeAndNamesTheFunction) {
  ErrorPtr e(guarded("buffer_alloc", [] { fail_invalid("size is 0"); }));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, HWC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(e->message, "buffer_alloc: size is 0");
  ErrorPtr u(guarded("op_support", [] { fail_unsupported("no f8"); }));
  EXPECT_EQ(u->code, HWC_STATUS_UNSUPPORTED);
  ErrorPtr r(guarded("device_open", [] { fail_out_of_range("no device 3"); }));
  EXPECT_EQ(r->code, HWC_STATUS_OUT_OF_RANGE);
  ErrorPtr c(guarded("f", [] { fail(HWC_STATUS_DEVICE_LOST, "gone"); }));
  EXPECT_EQ(c->code, HWC_STATUS_DEVICE_LOST);
}

TEST(Guarded, ForeignExceptionsBecomeInternalOrOutOfMemory) {
  ErrorPtr oom(guarded("f", [] { throw std::bad_alloc(); }));
  EXPECT_EQ(oom->code, HWC_STATUS_OUT_OF_MEMORY);
  EXPECT_EQ(oom->message, "f: host out of memory");
  ErrorPtr std_error(guarded("f", [] { throw std::runtime_error("boom"); }));
  EXPECT_EQ(std_error->code, HWC_STATUS_INTERNAL);
  EXPECT_EQ(std_error->message, "f: boom");
  ErrorPtr other(guarded("f", [] { throw 42; }));
  EXPECT_EQ(other->code, HWC_STATUS_INTERNAL);
  EXPECT_EQ(other->message, "f: unknown exception");
}

TEST(DestroyError, NullIsIgnored) {
  destroy_error(nullptr);
  ErrorPtr e(make_error(HWC_STATUS_INTERNAL, "x"));
  EXPECT_EQ(e->message, "x");
}

}  // namespace
}  // namespace hwcert::plugin_common
