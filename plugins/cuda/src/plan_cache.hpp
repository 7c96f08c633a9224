// Plans kept by descriptor, so that op_support, op_workspace_size and every op_launch of
// one descriptor check and plan it once: the key is everything a plan depends on (op name,
// opset, each tensor's dtype, shape, strides and byte offset, each attribute's name, type
// and value). Per-device answers of a plan (support, workspace size) are kept in a
// DeviceMemo inside the plan (plan_library.cpp).
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "op_plan.hpp"

namespace hwcert::cuda {

/// The descriptor as a byte string that equals another's exactly when the two plan alike;
/// nullopt when it is malformed (a NULL pointer, a too small struct): plan_op reports that.
std::optional<std::string> descriptor_key(const HWC_OpDesc* op);

class PlanCache {
 public:
  using Planner = std::function<Plan(const HWC_OpDesc*)>;
  /// `planner` checks and plans a descriptor (plan_op; tests count calls).
  explicit PlanCache(Planner planner = plan_op) : planner_(std::move(planner)) {}

  /// The plan of `op`, planned on the first call for its key. A descriptor that fails to
  /// plan throws its Failure every time and is not kept.
  std::shared_ptr<const Plan> plan(const HWC_OpDesc* op);

 private:
  static constexpr std::size_t kMaxPlans = 4096;  // then the cache starts over

  Planner planner_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Plan>> plans_;
};

/// One value per CUDA device, made on first use (thread-safe).
template <typename T>
class DeviceMemo {
 public:
  template <typename Make>
  T get(int device, Make&& make) {
    std::lock_guard lock(mutex_);
    const auto found = values_.find(device);
    if (found != values_.end()) return found->second;
    return values_.emplace(device, make()).first->second;
  }

 private:
  std::mutex mutex_;
  std::map<int, T> values_;
};

}  // namespace hwcert::cuda
