// Test helpers: the plugin's table obtained directly from hwc_get_plugin_api (no dlopen),
// one device and stream, and small builders for tensors, attributes and op launches.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "hwcert/hwcert_plugin.h"

namespace hwcert::reference::test {

// Status code of `error` (OK for NULL), releasing it.
int32_t take_status(const HWC_PluginApi* api, HWC_Error* error, std::string* message = nullptr);

struct Tensor {
  HWC_TensorDesc desc{};
  Tensor(int32_t dtype, std::vector<int64_t> shape);  // dense row-major, offset 0
  Tensor& strides(std::vector<int64_t> s);
  Tensor& offset(uint64_t bytes);
};

struct Attr {
  HWC_Attribute attr{};
  std::string name_storage;
  std::string string_storage;
  std::vector<int64_t> ints_storage;
  static Attr i(const std::string& name, int64_t v);
  static Attr f(const std::string& name, double v);
  static Attr s(const std::string& name, const std::string& v);
  static Attr ints(const std::string& name, std::vector<int64_t> v);
  Attr() = default;
  Attr(const Attr& other);
  Attr& operator=(const Attr&) = delete;
  void fix();  // points attr at the storage
};

struct Op {
  Op(std::string op_name, std::vector<Tensor> ins, std::vector<Tensor> outs,
     std::vector<Attr> attributes = {})
      : name(std::move(op_name)),
        inputs(std::move(ins)),
        outputs(std::move(outs)),
        attrs(std::move(attributes)) {}
  std::string name;
  std::vector<Tensor> inputs;
  std::vector<Tensor> outputs;
  std::vector<Attr> attrs;
  // Pointer arrays rebuilt by desc().
  std::vector<const HWC_TensorDesc*> in_ptrs, out_ptrs;
  std::vector<const HWC_Attribute*> attr_ptrs;
  HWC_OpDesc op_desc{};
  const HWC_OpDesc* desc();
};

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  int32_t status(HWC_Error* error, std::string* message = nullptr) {
    return take_status(api_, error, message);
  }

  HWC_Buffer* alloc(uint64_t bytes);
  template <class T>
  HWC_Buffer* upload(const std::vector<T>& values) {
    HWC_Buffer* buffer = alloc(std::max<uint64_t>(1, values.size() * sizeof(T)));
    if (!values.empty()) {
      EXPECT_EQ(
          status(api_->copy_h2d(stream_, buffer, 0, values.data(), values.size() * sizeof(T))), 0);
      // The source must stay valid until the stream is synchronized.
      EXPECT_EQ(status(api_->stream_synchronize(stream_)), 0);
    }
    return buffer;
  }
  template <class T>
  std::vector<T> download(HWC_Buffer* buffer, std::size_t count) {
    std::vector<T> values(count);
    if (count > 0) {
      EXPECT_EQ(status(api_->copy_d2h(stream_, values.data(), buffer, 0, count * sizeof(T))), 0);
    }
    EXPECT_EQ(status(api_->stream_synchronize(stream_)), 0);
    return values;
  }
  // Launches and synchronizes; returns the first status (launch or synchronize).
  int32_t run(Op& op, const std::vector<HWC_Buffer*>& inputs,
              const std::vector<HWC_Buffer*>& outputs, std::string* message = nullptr);
  // op_support: HWC_OP_SUPPORTED / HWC_OP_UNSUPPORTED, or -status when the query failed.
  int32_t support(Op& op, std::string* reason = nullptr);

  const HWC_PluginApi* api_ = nullptr;
  HWC_Device* device_ = nullptr;
  HWC_Stream* stream_ = nullptr;
  std::vector<HWC_Buffer*> buffers_;
};

}  // namespace hwcert::reference::test
