#include "plan_cache.hpp"

#include <cstring>

namespace hwcert::cuda {
namespace {

template <typename T>
void append(std::string& key, const T& value) {
  key.append(reinterpret_cast<const char*>(&value), sizeof(value));
}

void append_text(std::string& key, const char* text, std::size_t length) {
  append(key, length);
  key.append(text, length);
}

bool append_tensor(std::string& key, const HWC_TensorDesc* t) {
  if (t == nullptr || !HWC_HAS_FIELD(t, HWC_TensorDesc, byte_offset) || t->rank > HWC_MAX_RANK)
    return false;
  append(key, t->dtype);
  append(key, t->rank);
  for (uint32_t d = 0; d < t->rank; ++d) {
    append(key, t->shape[d]);
    append(key, t->strides[d]);
  }
  append(key, t->byte_offset);
  return true;
}

bool append_attribute(std::string& key, const HWC_Attribute* a) {
  if (a == nullptr || !HWC_HAS_FIELD(a, HWC_Attribute, value_floats) || a->name == nullptr)
    return false;
  append_text(key, a->name, std::strlen(a->name));
  append(key, a->type);
  append(key, a->count);
  switch (a->type) {
    case HWC_ATTR_INT:
      append(key, a->value_int);
      return true;
    case HWC_ATTR_FLOAT:
      append(key, a->value_float);
      return true;
    case HWC_ATTR_STRING:
      if (a->value_string == nullptr) return false;
      append_text(key, a->value_string, std::strlen(a->value_string));
      return true;
    case HWC_ATTR_INT_LIST:
      if (a->count > 0 && a->value_ints == nullptr) return false;
      for (uint32_t i = 0; i < a->count; ++i) append(key, a->value_ints[i]);
      return true;
    case HWC_ATTR_FLOAT_LIST:
      if (a->count > 0 && a->value_floats == nullptr) return false;
      for (uint32_t i = 0; i < a->count; ++i) append(key, a->value_floats[i]);
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<std::string> descriptor_key(const HWC_OpDesc* op) {
  if (op == nullptr || !HWC_HAS_FIELD(op, HWC_OpDesc, attributes) || op->op_name == nullptr)
    return std::nullopt;
  if ((op->num_inputs > 0 && op->inputs == nullptr) ||
      (op->num_outputs > 0 && op->outputs == nullptr) ||
      (op->num_attributes > 0 && op->attributes == nullptr))
    return std::nullopt;
  std::string key;
  append_text(key, op->op_name, std::strlen(op->op_name));
  append(key, op->opset);
  append(key, op->num_inputs);
  append(key, op->num_outputs);
  append(key, op->num_attributes);
  for (uint32_t i = 0; i < op->num_inputs; ++i)
    if (!append_tensor(key, op->inputs[i])) return std::nullopt;
  for (uint32_t i = 0; i < op->num_outputs; ++i)
    if (!append_tensor(key, op->outputs[i])) return std::nullopt;
  for (uint32_t i = 0; i < op->num_attributes; ++i)
    if (!append_attribute(key, op->attributes[i])) return std::nullopt;
  return key;
}

std::shared_ptr<const Plan> PlanCache::plan(const HWC_OpDesc* op) {
  const std::optional<std::string> key = descriptor_key(op);
  if (!key) return std::make_shared<const Plan>(planner_(op));
  {
    std::lock_guard lock(mutex_);
    const auto found = plans_.find(*key);
    if (found != plans_.end()) return found->second;
  }
  auto planned = std::make_shared<const Plan>(planner_(op));  // throws for a bad descriptor
  std::lock_guard lock(mutex_);
  if (plans_.size() >= kMaxPlans) plans_.clear();
  return plans_.emplace(*key, std::move(planned)).first->second;
}

}  // namespace hwcert::cuda
