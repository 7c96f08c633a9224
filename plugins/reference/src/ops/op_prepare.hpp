// prepare() functions of every catalogue op, one file of src/ops per family.
#pragma once

#include "ops/op.hpp"

namespace hwcert::reference {

OpRunner prepare_copy(const OpCall& call);        // copy_cast.cpp
OpRunner prepare_cast(const OpCall& call);        // copy_cast.cpp
OpRunner prepare_transpose(const OpCall& call);   // movement.cpp
OpRunner prepare_concat(const OpCall& call);      // movement.cpp
OpRunner prepare_gather(const OpCall& call);      // movement.cpp
OpRunner prepare_unary(const OpCall& call);       // elementwise.cpp
OpRunner prepare_binary(const OpCall& call);      // elementwise.cpp
OpRunner prepare_reduce(const OpCall& call);      // reduce.cpp
OpRunner prepare_softmax(const OpCall& call);     // normalization.cpp
OpRunner prepare_layer_norm(const OpCall& call);  // normalization.cpp
OpRunner prepare_rms_norm(const OpCall& call);    // normalization.cpp
OpRunner prepare_batch_norm(const OpCall& call);  // normalization.cpp
OpRunner prepare_matmul(const OpCall& call);      // matmul.cpp
OpRunner prepare_conv2d(const OpCall& call);      // conv.cpp
OpRunner prepare_pool2d(const OpCall& call);      // pool.cpp
OpRunner prepare_attention(const OpCall& call);   // attention.cpp
// opset 2
OpRunner prepare_reshape(const OpCall& call);    // reshape.cpp
OpRunner prepare_flatten(const OpCall& call);    // reshape.cpp
OpRunner prepare_squeeze(const OpCall& call);    // reshape.cpp
OpRunner prepare_unsqueeze(const OpCall& call);  // reshape.cpp
OpRunner prepare_expand(const OpCall& call);     // reshape.cpp
OpRunner prepare_slice(const OpCall& call);      // slice_pad.cpp
OpRunner prepare_split(const OpCall& call);      // slice_pad.cpp
OpRunner prepare_pad(const OpCall& call);        // slice_pad.cpp
OpRunner prepare_where(const OpCall& call);      // where_resize.cpp
OpRunner prepare_resize(const OpCall& call);     // where_resize.cpp

}  // namespace hwcert::reference
