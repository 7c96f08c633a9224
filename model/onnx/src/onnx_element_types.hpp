// The ONNX element types hwcert has a dtype for, in one table for the reader
// (onnx_reader.cpp) and the writer (onnx_writer.cpp), the two files that include protobuf.
#pragma once

#include <onnx/onnx_pb.h>

#include "hwcert/loader/dtype.hpp"

namespace hwcert::model::onnx {

struct OnnxElementType {
  int32_t onnx;
  DType dtype;
};

inline constexpr OnnxElementType kOnnxElementTypes[] = {
    {::onnx::TensorProto::FLOAT, DType::kF32},   {::onnx::TensorProto::DOUBLE, DType::kF64},
    {::onnx::TensorProto::FLOAT16, DType::kF16}, {::onnx::TensorProto::BFLOAT16, DType::kBF16},
    {::onnx::TensorProto::INT8, DType::kI8},     {::onnx::TensorProto::UINT8, DType::kU8},
    {::onnx::TensorProto::INT32, DType::kI32},   {::onnx::TensorProto::INT64, DType::kI64},
    {::onnx::TensorProto::BOOL, DType::kBool},
};

// kInvalid for an ONNX type hwcert has no dtype for.
inline DType dtype_of_onnx_type(int32_t type) {
  for (const OnnxElementType& t : kOnnxElementTypes) {
    if (t.onnx == type) return t.dtype;
  }
  return DType::kInvalid;
}

// UNDEFINED for a dtype ONNX has no element type for.
inline int32_t onnx_type_of_dtype(DType dtype) {
  for (const OnnxElementType& t : kOnnxElementTypes) {
    if (t.dtype == dtype) return t.onnx;
  }
  return ::onnx::TensorProto::UNDEFINED;
}

}  // namespace hwcert::model::onnx
