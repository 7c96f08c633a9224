// Geometry shared by conv2d and the 2-d pools: layout, strides, pads, dilations and the
// output extent H_out = floor((H + top + bottom - dil * (KH - 1) - 1) / stride) + 1.
#pragma once

#include <cstdint>
#include <vector>

#include "ops/op_call.hpp"

namespace hwcert::reference {

struct Window2d {
  bool nchw = true;
  int64_t n = 0, c = 0, h = 0, w = 0;  // input extents
  int64_t kh = 0, kw = 0;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t dil_h = 1, dil_w = 1;
  int64_t out_h = 0, out_w = 0;

  // Element strides of a view in this layout, in (n, c, h, w) order.
  void nchw_strides(const TensorView& view, int64_t out[4]) const;
  // Dense offset of (n, c, h, w) in a tensor of this layout with extents (c, h, w).
  int64_t dense_index(int64_t in, int64_t ic, int64_t ih, int64_t iw, int64_t cs, int64_t hs,
                      int64_t ws) const {
    return nchw ? ((in * cs + ic) * hs + ih) * ws + iw : ((in * hs + ih) * ws + iw) * cs + ic;
  }
  // Shape of a tensor in this layout.
  std::vector<int64_t> shape(int64_t n_, int64_t c_, int64_t h_, int64_t w_) const {
    return nchw ? std::vector<int64_t>{n_, c_, h_, w_} : std::vector<int64_t>{n_, h_, w_, c_};
  }
};

// Reads layout (X must be rank 4), strides (default `default_strides`), pads and, when
// `with_dilations`, dilations; computes out_h/out_w from kh/kw (already set).
void parse_window(const OpCall& call, const OpAttributes& attrs, const TensorView& x,
                  Window2d& window, std::vector<int64_t> default_strides, bool with_dilations);

}  // namespace hwcert::reference
