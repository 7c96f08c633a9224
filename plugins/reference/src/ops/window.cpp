#include "ops/window.hpp"

#include <string>

#include "error.hpp"
#include "ops/op.hpp"

namespace hwcert::reference {

void Window2d::nchw_strides(const TensorView& view, int64_t out[4]) const {
  if (nchw) {
    for (int d = 0; d < 4; ++d) out[d] = view.strides[d];
  } else {
    out[0] = view.strides[0];
    out[1] = view.strides[3];
    out[2] = view.strides[1];
    out[3] = view.strides[2];
  }
}

void parse_window(const OpCall& call, const OpAttributes& attrs, const TensorView& x,
                  Window2d& window, std::vector<int64_t> default_strides, bool with_dilations) {
  const std::string layout = attrs.get_string("layout", "NCHW");
  if (layout != "NCHW" && layout != "NHWC") {
    attrs.bad_value("layout", "must be \"NCHW\" or \"NHWC\", got \"" + layout + "\"");
  }
  window.nchw = layout == "NCHW";
  if (x.rank != 4) fail_invalid(call.name + ": input must have rank 4, got " + x.describe());
  window.n = x.shape[0];
  window.c = window.nchw ? x.shape[1] : x.shape[3];
  window.h = window.nchw ? x.shape[2] : x.shape[1];
  window.w = window.nchw ? x.shape[3] : x.shape[2];
  const std::vector<int64_t> strides = attrs.get_ints("strides", std::move(default_strides));
  if (strides.size() != 2 || strides[0] < 1 || strides[1] < 1) {
    attrs.bad_value("strides", "must be two values >= 1, got " + shape_text(strides));
  }
  window.stride_h = strides[0];
  window.stride_w = strides[1];
  const std::vector<int64_t> pads = attrs.get_ints("pads", {0, 0, 0, 0});
  if (pads.size() != 4 || pads[0] < 0 || pads[1] < 0 || pads[2] < 0 || pads[3] < 0) {
    attrs.bad_value("pads",
                    "must be four values >= 0 (top, left, bottom, right), got " + shape_text(pads));
  }
  window.pad_top = pads[0];
  window.pad_left = pads[1];
  window.pad_bottom = pads[2];
  window.pad_right = pads[3];
  if (with_dilations) {
    const std::vector<int64_t> dilations = attrs.get_ints("dilations", {1, 1});
    if (dilations.size() != 2 || dilations[0] < 1 || dilations[1] < 1) {
      attrs.bad_value("dilations", "must be two values >= 1, got " + shape_text(dilations));
    }
    window.dil_h = dilations[0];
    window.dil_w = dilations[1];
  }
  const int64_t span_h =
      window.h + window.pad_top + window.pad_bottom - window.dil_h * (window.kh - 1) - 1;
  const int64_t span_w =
      window.w + window.pad_left + window.pad_right - window.dil_w * (window.kw - 1) - 1;
  if (span_h < 0 || span_w < 0) {
    fail_invalid(call.name + ": the (dilated) kernel " + std::to_string(window.kh) + "x" +
                 std::to_string(window.kw) + " is larger than the padded input " +
                 std::to_string(window.h + window.pad_top + window.pad_bottom) + "x" +
                 std::to_string(window.w + window.pad_left + window.pad_right));
  }
  window.out_h = span_h / window.stride_h + 1;
  window.out_w = span_w / window.stride_w + 1;
}

}  // namespace hwcert::reference
