// OpAttributes against descriptors built by hand: values and defaults, the schema's names and
// types, malformed attributes, and the messages that name the op and the attribute.
#include "hwcert/plugin_common/op_attributes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hwcert/plugin_common/plugin_error.hpp"
#include "hwcert/plugin_testing/op_desc.hpp"

namespace hwcert::plugin_common {
namespace {

using plugin_testing::Attr;
using plugin_testing::float_attr;
using plugin_testing::int_attr;
using plugin_testing::ints_attr;
using plugin_testing::string_attr;

/// An op "probe" with one f32 input and output and `attributes`.
struct Probe {
  explicit Probe(std::vector<Attr> attributes)
      : call("probe", {plugin_testing::tensor(HWC_DTYPE_F32, {2})},
             {plugin_testing::tensor(HWC_DTYPE_F32, {2})}, std::move(attributes)) {}
  const HWC_OpDesc& op() const { return *call.desc(); }
  plugin_testing::OpCall call;
};

/// The message of the INVALID_ARGUMENT failure `body` must end with.
template <typename Body>
std::string invalid_argument(Body&& body) {
  try {
    body();
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.code(), HWC_STATUS_INVALID_ARGUMENT) << failure.message();
    return failure.message();
  }
  ADD_FAILURE() << "no failure";
  return {};
}

TEST(OpAttributes, ReadsGivenValuesAndDefaults) {
  const Probe probe({int_attr("axis", -1), float_attr("epsilon", 1e-3), string_attr("mode", "tanh"),
                     ints_attr("perm", {1, 0}), int_attr("keep", 1)});
  const OpAttributes attrs(probe.op(), {"axis", "epsilon", "mode", "perm", "keep", "absent"});
  EXPECT_TRUE(attrs.has("axis"));
  EXPECT_FALSE(attrs.has("absent"));
  EXPECT_EQ(attrs.get_int("axis", 0), -1);
  EXPECT_EQ(attrs.get_int("absent", 7), 7);
  EXPECT_DOUBLE_EQ(attrs.get_float("epsilon", 0.0), 1e-3);
  EXPECT_EQ(attrs.get_string("mode", "none"), "tanh");
  EXPECT_EQ(attrs.get_string("absent", "none"), "none");
  EXPECT_EQ(attrs.get_ints("perm", {}), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(attrs.require_ints("perm"), (std::vector<int64_t>{1, 0}));
  EXPECT_TRUE(attrs.get_flag("keep", false));
  EXPECT_TRUE(attrs.get_flag("absent", true));
}

TEST(OpAttributes, SchemaNamesEveryAttribute) {
  const Probe probe({int_attr("axes", 0)});
  EXPECT_EQ(invalid_argument([&] { OpAttributes(probe.op(), {"axis"}); }),
            "probe: unknown attribute 'axes' (known: axis)");
  EXPECT_EQ(invalid_argument([&] { OpAttributes(probe.op(), {}); }),
            "probe: unknown attribute 'axes' (known: none)");
  // A schema checked later (the reference plugin copies first, then checks per op).
  const OpAttributes copied(probe.op());
  EXPECT_EQ(copied.get_int("axes", 5), 0);
  EXPECT_EQ(invalid_argument([&] {
              copied.check_schema({"axis", "keepdims"});
            }),
            "probe: unknown attribute 'axes' (known: axis, keepdims)");
}

TEST(OpAttributes, TypesAreCheckedWhenReadOrByTheSchema) {
  const Probe probe({float_attr("axis", 1.0)});
  const OpAttributes untyped(probe.op(), {"axis"});  // accepted until read
  EXPECT_EQ(invalid_argument([&] { untyped.get_int("axis", 0); }),
            "probe: attribute 'axis' must be int, got float");
  EXPECT_EQ(invalid_argument([&] {
              OpAttributes(probe.op(), {{"axis", HWC_ATTR_INT}});
            }),
            "probe: attribute 'axis' must be int, got float");
  EXPECT_DOUBLE_EQ(OpAttributes(probe.op(), {{"axis", HWC_ATTR_FLOAT}}).get_float("axis", 0), 1.0);
}

TEST(OpAttributes, RefusesBadValuesAndMissingRequiredOnes) {
  const Probe probe({int_attr("keep", 2)});
  const OpAttributes attrs(probe.op(), {"keep", "shape"});
  EXPECT_EQ(invalid_argument([&] { attrs.get_flag("keep", false); }),
            "probe: attribute 'keep' must be 0 or 1, got 2");
  EXPECT_EQ(invalid_argument([&] { attrs.require_ints("shape"); }),
            "probe: attribute 'shape' is required");
  EXPECT_EQ(invalid_argument([&] { attrs.bad_value("keep", "is too large"); }),
            "probe: attribute 'keep' is too large");
}

TEST(OpAttributes, RefusesMalformedAttributes) {
  Probe twice({int_attr("axis", 0), int_attr("axis", 1)});
  EXPECT_EQ(invalid_argument([&] { OpAttributes{twice.op()}; }),
            "probe: attribute 'axis' given twice");

  Probe broken({string_attr("mode", "x"), ints_attr("perm", {0})});
  HWC_Attribute mode = *broken.op().attributes[0];
  HWC_Attribute perm = *broken.op().attributes[1];
  const HWC_Attribute* records[] = {&mode, &perm};
  HWC_OpDesc& op = broken.call.mutable_desc();
  op.attributes = records;
  mode.value_string = nullptr;
  EXPECT_EQ(invalid_argument([&] { OpAttributes{op}; }),
            "probe: attribute 'mode' has a NULL string");
  mode = *twice.op().attributes[0];
  perm.value_ints = nullptr;
  EXPECT_EQ(invalid_argument([&] { OpAttributes{op}; }), "probe: attribute 'perm' has a NULL list");
  perm.type = 99;
  EXPECT_EQ(invalid_argument([&] { OpAttributes{op}; }),
            "probe: attribute 'perm' has unknown type 99");
  perm.name = nullptr;
  EXPECT_EQ(invalid_argument([&] { OpAttributes{op}; }), "probe: attribute 1 has a NULL name");
  perm.struct_size = 8;
  EXPECT_NE(invalid_argument([&] { OpAttributes{op}; }).find("attribute 1 has a struct_size of 8"),
            std::string::npos);
  records[1] = nullptr;
  EXPECT_EQ(invalid_argument([&] { OpAttributes{op}; }), "probe: attribute 1 is NULL");
  op.attributes = nullptr;
  EXPECT_EQ(invalid_argument([&] { OpAttributes{op}; }), "probe: attributes array is NULL");
}

}  // namespace
}  // namespace hwcert::plugin_common
