/* Ops: copy, add, mul and relu on dense row-major f32 tensors; add and mul broadcast
 * numpy-style (B of shape [3] with A of shape [4, 3], [4, 1, 3] with [5, 3], ...).
 *
 * op_support is the contract with the harness. It answers, for the exact descriptor:
 *   - an error (INVALID_ARGUMENT) when the descriptor itself is malformed;
 *   - HWC_OP_UNSUPPORTED plus a reason for a valid request this plugin cannot run
 *     (another op, another dtype, a strided layout): the harness reports "unsupported";
 *   - HWC_OP_SUPPORTED when op_launch will compute it exactly as docs/op-catalogue.md says.
 * op_launch runs the same checks, so it never computes something op_support refused. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "minimal.h"

typedef struct OpInfo {
  const char* name;
  uint32_t num_inputs;
} OpInfo;

static const OpInfo kOps[] = {{"copy", 1}, {"relu", 1}, {"add", 2}, {"mul", 2}};
#define NUM_OPS (sizeof(kOps) / sizeof(kOps[0]))

static const OpInfo* find_op(const char* name) {
  size_t i;
  for (i = 0; i < NUM_OPS; ++i) {
    if (strcmp(kOps[i].name, name) == 0) return &kOps[i];
  }
  return NULL;
}

/* Verdict of checking a descriptor: malformed (error), unsupported (reason) or supported. */
typedef struct Verdict {
  HWC_Error* error;
  int32_t support;
  char reason[200];
} Verdict;

static void unsupported(Verdict* verdict, const char* format, ...) {
  va_list args;
  verdict->support = HWC_OP_UNSUPPORTED;
  va_start(args, format);
  vsnprintf(verdict->reason, sizeof(verdict->reason), format, args);
  va_end(args);
}

static int64_t element_count(const HWC_TensorDesc* tensor) {
  int64_t count = 1;
  uint32_t k;
  for (k = 0; k < tensor->rank; ++k) count *= tensor->shape[k];
  return count;
}

static int same_shape(const HWC_TensorDesc* a, const HWC_TensorDesc* b) {
  uint32_t k;
  if (a->rank != b->rank) return 0;
  for (k = 0; k < a->rank; ++k) {
    if (a->shape[k] != b->shape[k]) return 0;
  }
  return 1;
}

/* numpy broadcast of a and b into out (rank = the larger rank; dims aligned at the right,
 * equal or 1). Returns 0 when the shapes are incompatible. */
static int broadcast_shape(const HWC_TensorDesc* a, const HWC_TensorDesc* b, uint32_t* rank,
                           int64_t* shape) {
  uint32_t k;
  *rank = a->rank > b->rank ? a->rank : b->rank;
  for (k = 0; k < *rank; ++k) {
    const uint32_t from_end = *rank - 1 - k;
    const int64_t ea = from_end < a->rank ? a->shape[a->rank - 1 - from_end] : 1;
    const int64_t eb = from_end < b->rank ? b->shape[b->rank - 1 - from_end] : 1;
    if (ea != eb && ea != 1 && eb != 1) return 0;
    shape[k] = ea == 1 ? eb : ea;
  }
  return 1;
}

static int has_shape(const HWC_TensorDesc* tensor, uint32_t rank, const int64_t* shape) {
  uint32_t k;
  if (tensor->rank != rank) return 0;
  for (k = 0; k < rank; ++k) {
    if (tensor->shape[k] != shape[k]) return 0;
  }
  return 1;
}

/* Dense row-major: stride[k] = product of shape[k+1..]. The stride of an extent-1
 * dimension is never used, and an empty tensor has no elements to place. */
static int is_dense(const HWC_TensorDesc* tensor) {
  int64_t expected = 1;
  uint32_t k;
  if (element_count(tensor) == 0) return 1;
  for (k = tensor->rank; k-- > 0;) {
    if (tensor->shape[k] != 1 && tensor->strides[k] != expected) return 0;
    expected *= tensor->shape[k];
  }
  return 1;
}

/* Structural checks every descriptor must pass; failures are malformed descriptors. */
static HWC_Error* check_tensor(const HWC_TensorDesc* tensor, const char* role, uint32_t index) {
  uint32_t k;
  if (tensor == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "%s %u: descriptor is NULL", role,
                         (unsigned)index);
  }
  if (!HWC_HAS_FIELD(tensor, HWC_TensorDesc, byte_offset)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "%s %u: struct_size %u is too small", role,
                         (unsigned)index, (unsigned)tensor->struct_size);
  }
  if (tensor->rank > HWC_MAX_RANK) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "%s %u: rank %u exceeds %d", role,
                         (unsigned)index, (unsigned)tensor->rank, HWC_MAX_RANK);
  }
  if (tensor->dtype <= HWC_DTYPE_INVALID || tensor->dtype >= HWC_DTYPE_COUNT) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "%s %u: dtype %d is not defined", role,
                         (unsigned)index, (int)tensor->dtype);
  }
  for (k = 0; k < tensor->rank; ++k) {
    if (tensor->shape[k] < 0 || tensor->strides[k] < 0) {
      return minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                           "%s %u: negative extent or stride in dim %u", role, (unsigned)index,
                           (unsigned)k);
    }
  }
  return NULL;
}

static Verdict check_op(const HWC_OpDesc* op) {
  Verdict verdict;
  const OpInfo* info;
  const HWC_TensorDesc* x;
  const HWC_TensorDesc* y;
  uint32_t i;
  verdict.error = NULL;
  verdict.support = HWC_OP_SUPPORTED;
  verdict.reason[0] = '\0';

  if (!HWC_HAS_FIELD(op, HWC_OpDesc, attributes) || op->op_name == NULL) {
    verdict.error = minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                                  "op descriptor is NULL, too small "
                                  "or has no op_name");
    return verdict;
  }
  info = find_op(op->op_name);
  if (info == NULL) {
    unsupported(&verdict,
                "op '%s' is not implemented (this plugin implements copy, add, mul, relu)",
                op->op_name);
    return verdict;
  }
  if (op->opset != 1) {
    unsupported(&verdict, "opset %u is not implemented (opset 1 only)", (unsigned)op->opset);
    return verdict;
  }
  if (op->num_inputs != info->num_inputs || op->num_outputs != 1 ||
      (op->num_inputs > 0 && op->inputs == NULL) || op->outputs == NULL) {
    verdict.error = minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                                  "%s takes %u input(s) and 1 output; descriptor has %u and %u",
                                  info->name, (unsigned)info->num_inputs, (unsigned)op->num_inputs,
                                  (unsigned)op->num_outputs);
    return verdict;
  }
  /* None of these ops has attributes: any attribute is unknown, hence invalid. */
  if (op->num_attributes > 0) {
    const HWC_Attribute* first = op->attributes != NULL ? op->attributes[0] : NULL;
    verdict.error =
        minimal_error(HWC_STATUS_INVALID_ARGUMENT, "%s has no attributes, got '%s'", info->name,
                      first != NULL && first->name != NULL ? first->name : "(null)");
    return verdict;
  }
  for (i = 0; i < op->num_inputs; ++i) {
    if ((verdict.error = check_tensor(op->inputs[i], "input", i)) != NULL) return verdict;
  }
  if ((verdict.error = check_tensor(op->outputs[0], "output", 0)) != NULL) return verdict;

  x = op->inputs[0];
  y = op->outputs[0];
  for (i = 0; i < op->num_inputs; ++i) {
    if (op->inputs[i]->dtype != y->dtype) {
      verdict.error = minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                                    "%s: input %u has dtype %d, output has dtype %d", info->name,
                                    (unsigned)i, (int)op->inputs[i]->dtype, (int)y->dtype);
      return verdict;
    }
  }
  if (y->dtype != HWC_DTYPE_F32) {
    unsupported(&verdict, "dtype %d: this plugin computes f32 (dtype %d) only", (int)y->dtype,
                HWC_DTYPE_F32);
    return verdict;
  }
  if (info->num_inputs == 2) {
    uint32_t rank;
    int64_t shape[HWC_MAX_RANK];
    if (!broadcast_shape(op->inputs[0], op->inputs[1], &rank, shape) ||
        !has_shape(y, rank, shape)) {
      verdict.error = minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                                    "%s: the output shape is not the broadcast of the input "
                                    "shapes",
                                    info->name);
      return verdict;
    }
  } else if (!same_shape(x, y)) {
    verdict.error = minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                                  "%s: output shape differs from the input shape", info->name);
    return verdict;
  }
  for (i = 0; i < op->num_inputs; ++i) {
    if (!is_dense(op->inputs[i])) {
      unsupported(&verdict,
                  "input %u is not dense row-major (strided views are not "
                  "implemented)",
                  (unsigned)i);
      return verdict;
    }
  }
  if (!is_dense(y)) {
    unsupported(&verdict, "output is not dense row-major (strided views are not implemented)");
  }
  return verdict;
}

HWC_Error* minimal_op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support,
                              char* reason, size_t reason_capacity) {
  Verdict verdict;
  if (!MINIMAL_LIVE(device, MINIMAL_DEVICE) || support == NULL ||
      (reason == NULL && reason_capacity > 0)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "op_support: NULL argument");
  }
  verdict = check_op(op);
  if (verdict.error != NULL) return verdict.error;
  *support = verdict.support;
  if (reason_capacity > 0) {
    strncpy(reason, verdict.reason, reason_capacity - 1);
    reason[reason_capacity - 1] = '\0';
  }
  return NULL;
}

HWC_Error* minimal_op_workspace_size(HWC_Device* device, const HWC_OpDesc* op,
                                     uint64_t* workspace_bytes) {
  if (!MINIMAL_LIVE(device, MINIMAL_DEVICE) || op == NULL || workspace_bytes == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "op_workspace_size: NULL argument");
  }
  *workspace_bytes = 0; /* None of these ops needs scratch memory. */
  return NULL;
}

/* Element access through memcpy: correct for any byte_offset, and compiled to plain loads. */
static float load(const unsigned char* base, int64_t index) {
  float value;
  memcpy(&value, base + (size_t)index * sizeof(float), sizeof(float));
  return value;
}

static void store(unsigned char* base, int64_t index, float value) {
  memcpy(base + (size_t)index * sizeof(float), &value, sizeof(float));
}

/* Element strides of a dense input seen through the output's shape: aligned at the right,
 * 0 where the input has extent 1 (or no such dimension) and so broadcasts. */
static void broadcast_strides(const HWC_TensorDesc* input, uint32_t out_rank, int64_t* strides) {
  int64_t stride = 1;
  uint32_t k;
  for (k = 0; k < out_rank; ++k) strides[k] = 0;
  for (k = input->rank; k-- > 0;) {
    strides[out_rank - input->rank + k] = input->shape[k] == 1 ? 0 : stride;
    stride *= input->shape[k];
  }
}

/* y = a + b or a * b over the output's shape, inputs broadcast. */
static void binary(const HWC_OpDesc* op, const unsigned char* a, const unsigned char* b,
                   unsigned char* y) {
  const HWC_TensorDesc* out = op->outputs[0];
  const int is_add = strcmp(op->op_name, "add") == 0;
  const int64_t count = element_count(out);
  int64_t stride_a[HWC_MAX_RANK];
  int64_t stride_b[HWC_MAX_RANK];
  int64_t index[HWC_MAX_RANK] = {0};
  int64_t at_a = 0;
  int64_t at_b = 0;
  int64_t i;
  uint32_t k;
  broadcast_strides(op->inputs[0], out->rank, stride_a);
  broadcast_strides(op->inputs[1], out->rank, stride_b);
  for (i = 0; i < count; ++i) {
    const float x0 = load(a, at_a);
    const float x1 = load(b, at_b);
    store(y, i, is_add ? x0 + x1 : x0 * x1);
    /* Next output element in row-major order: advance the last dimension, carry leftwards. */
    for (k = out->rank; k-- > 0;) {
      ++index[k];
      at_a += stride_a[k];
      at_b += stride_b[k];
      if (index[k] < out->shape[k]) break;
      at_a -= stride_a[k] * out->shape[k];
      at_b -= stride_b[k] * out->shape[k];
      index[k] = 0;
    }
  }
}

static float relu(float x) {
  return (x > 0.0f || x != x) ? x : 0.0f; /* NaN stays NaN; -0 and negatives give +0. */
}

HWC_Error* minimal_op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                             uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                             HWC_Buffer* workspace, uint64_t workspace_size) {
  Verdict verdict;
  const unsigned char* a;
  const unsigned char* b = NULL;
  unsigned char* y;
  int64_t count;
  int64_t i;
  uint32_t k;
  (void)workspace;
  (void)workspace_size;
  if (!MINIMAL_LIVE(stream, MINIMAL_STREAM))
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "op_launch: stream is NULL");
  verdict = check_op(op);
  if (verdict.error != NULL) return verdict.error;
  if (verdict.support != HWC_OP_SUPPORTED) {
    return minimal_error(HWC_STATUS_UNSUPPORTED, "op_launch: %s", verdict.reason);
  }
  if (num_inputs != op->num_inputs || num_outputs != 1 || inputs == NULL || outputs == NULL) {
    return minimal_error(
        HWC_STATUS_INVALID_ARGUMENT,
        "op_launch: %u input and %u output buffers for a descriptor with %u and %u",
        (unsigned)num_inputs, (unsigned)num_outputs, (unsigned)op->num_inputs,
        (unsigned)op->num_outputs);
  }
  if (!MINIMAL_LIVE(outputs[0], MINIMAL_BUFFER))
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "op_launch: the output is not a live buffer");
  count = element_count(op->outputs[0]);
  for (k = 0; k < num_inputs; ++k) {
    HWC_Error* error;
    if (!MINIMAL_LIVE(inputs[k], MINIMAL_BUFFER)) {
      return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "op_launch: input %u is not a live buffer",
                           (unsigned)k);
    }
    if (element_count(op->inputs[k]) == 0) continue; /* Addresses nothing. */
    error = minimal_check_range(inputs[k], op->inputs[k]->byte_offset,
                                (uint64_t)element_count(op->inputs[k]) * sizeof(float),
                                "op_launch input");
    if (error != NULL) return error;
  }
  if (count == 0) return NULL; /* An empty output: nothing to read or write. */
  {
    HWC_Error* error = minimal_check_range(outputs[0], op->outputs[0]->byte_offset,
                                           (uint64_t)count * sizeof(float), "op_launch output");
    if (error != NULL) return error;
  }

  a = inputs[0]->data + op->inputs[0]->byte_offset;
  if (num_inputs == 2) b = inputs[1]->data + op->inputs[1]->byte_offset;
  y = outputs[0]->data + op->outputs[0]->byte_offset;
  if (strcmp(op->op_name, "copy") == 0) {
    memcpy(y, a, (size_t)count * sizeof(float));
  } else if (strcmp(op->op_name, "relu") == 0) {
    for (i = 0; i < count; ++i) store(y, i, relu(load(a, i)));
  } else { /* add or mul: check_op admits nothing else */
    binary(op, a, b, y);
  }
  return NULL;
}
