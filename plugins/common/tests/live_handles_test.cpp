// Handles are valid exactly while registered: bogus, NULL and removed pointers are refused
// without being dereferenced.
#include "hwcert/plugin_common/live_handles.hpp"

#include <gtest/gtest.h>

namespace hwcert::plugin_common {
namespace {

struct Thing {
  int value = 0;
};

TEST(LiveHandles, InsertGetRemove) {
  LiveHandles<Thing> things;
  Thing* t = things.insert(std::make_unique<Thing>(Thing{7}));
  EXPECT_TRUE(things.contains(t));
  EXPECT_EQ(things.get(t, "Thing").value, 7);
  EXPECT_EQ(things.size(), 1u);
  std::unique_ptr<Thing> owned = things.remove(t);
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(owned->value, 7);
  EXPECT_FALSE(things.contains(t));
  EXPECT_EQ(things.remove(t), nullptr);  // a second destroy is refused, not a double free
}

TEST(LiveHandles, BogusAndNullHandlesAreRefused) {
  LiveHandles<Thing> things;
  things.insert(std::make_unique<Thing>());
  Thing stranger;
  EXPECT_FALSE(things.contains(&stranger));
  EXPECT_FALSE(things.contains(nullptr));
  try {
    things.get(&stranger, "HWC_Buffer");
    FAIL() << "a bogus handle was accepted";
  } catch (const Failure& f) {
    EXPECT_EQ(f.code(), HWC_STATUS_INVALID_ARGUMENT);
    EXPECT_EQ(f.message(), "not a live HWC_Buffer handle");
  }
  EXPECT_THROW(things.get(nullptr, "HWC_Buffer"), Failure);
  things.clear();
  EXPECT_EQ(things.size(), 0u);
}

}  // namespace
}  // namespace hwcert::plugin_common
