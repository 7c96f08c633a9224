// The stream error flag is read and cleared on the stream whose kernels set it
// (error_flag.hpp), seen through a recording ErrorFlagCalls. Host code: no GPU needed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_flag.hpp"

namespace hwcert::cuda {
namespace {

struct Call {
  std::string what;
  cudaStream_t stream;
  bool operator==(const Call&) const = default;
};

/// Records each call and its stream; the device flag is `device_value`.
class RecordingCalls final : public ErrorFlagCalls {
 public:
  explicit RecordingCalls(int device_value) : device_value_(device_value) {}
  void read(int& host, const int*, cudaStream_t stream) override {
    host = device_value_;
    calls.push_back({"read", stream});
  }
  void wait(cudaStream_t stream) override { calls.push_back({"wait", stream}); }
  void clear(int*, cudaStream_t stream) override {
    device_value_ = 0;
    calls.push_back({"clear", stream});
  }
  std::vector<Call> calls;

 private:
  int device_value_;
};

// Stand-in for the op's stream (only compared, never used).
cudaStream_t const kOpStream = reinterpret_cast<cudaStream_t>(0x1000);

TEST(ErrorFlag, ASetFlagIsReadThenClearedOnTheOpsStream) {
  RecordingCalls calls(1);
  int flag_storage = 0;
  EXPECT_TRUE(take_error_flag(calls, &flag_storage, kOpStream));
  const std::vector<Call> expected = {
      {"read", kOpStream}, {"wait", kOpStream}, {"clear", kOpStream}};
  EXPECT_EQ(calls.calls, expected);
  // Reported once: the clear left it at 0.
  calls.calls.clear();
  EXPECT_FALSE(take_error_flag(calls, &flag_storage, kOpStream));
}

TEST(ErrorFlag, AClearFlagIsReadOnTheOpsStreamAndLeftAlone) {
  RecordingCalls calls(0);
  int flag_storage = 0;
  EXPECT_FALSE(take_error_flag(calls, &flag_storage, kOpStream));
  const std::vector<Call> expected = {{"read", kOpStream}, {"wait", kOpStream}};
  EXPECT_EQ(calls.calls, expected);
}

}  // namespace
}  // namespace hwcert::cuda
