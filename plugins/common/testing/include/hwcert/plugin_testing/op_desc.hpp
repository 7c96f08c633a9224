// Op descriptors for code that calls a plugin directly (the plugins' tests and benches):
// tensors, attributes and the HWC_OpDesc over them, built by hand from the ABI header alone,
// so that a test can also make a malformed one. Hosts build theirs with the loader's OpCall.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hwcert::plugin_testing {

// The dtype most op tests use.
inline constexpr int32_t kF32 = HWC_DTYPE_F32;

/// A tensor descriptor by value: dense row-major unless `strides` (in elements) are given.
/// Shapes whose element count overflows are test inputs a plugin must refuse; their dense
/// strides wrap (unsigned arithmetic) instead of being undefined.
HWC_TensorDesc tensor(int32_t dtype, const std::vector<int64_t>& shape,
                      const std::vector<int64_t>& strides = {}, uint64_t byte_offset = 0);

/// One attribute value with its storage.
struct Attr {
  std::string name;
  int32_t type = HWC_ATTR_INT;
  int64_t integer = 0;
  double real = 0.0;
  std::string text;
  std::vector<int64_t> integers;

  /// The ABI record; its pointers stay valid while this Attr lives unchanged.
  HWC_Attribute record() const;
};
Attr int_attr(std::string name, int64_t value);
Attr float_attr(std::string name, double value);
Attr string_attr(std::string name, std::string value);
Attr ints_attr(std::string name, std::vector<int64_t> value);

/// An op descriptor (opset: the op's own, as the host fills it in) that owns its tensors and
/// attributes; desc() stays valid while the OpCall lives. mutable_desc() lets a test break the
/// descriptor on purpose.
class OpCall {
 public:
  OpCall(std::string name, std::vector<HWC_TensorDesc> inputs, std::vector<HWC_TensorDesc> outputs,
         std::vector<Attr> attributes = {});
  OpCall(const OpCall&) = delete;
  OpCall& operator=(const OpCall&) = delete;
  const HWC_OpDesc* desc() const { return &op_; }
  HWC_OpDesc& mutable_desc() { return op_; }

 private:
  std::string name_;
  std::vector<HWC_TensorDesc> inputs_, outputs_;
  std::vector<Attr> attributes_;
  std::vector<HWC_Attribute> records_;
  std::vector<const HWC_TensorDesc*> input_ptrs_, output_ptrs_;
  std::vector<const HWC_Attribute*> attribute_ptrs_;
  HWC_OpDesc op_{};
};

}  // namespace hwcert::plugin_testing
