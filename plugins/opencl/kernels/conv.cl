/* conv2d and 2-D pooling, one work-item per output element. Every view is in logical NCHW
 * order (the host permutes NHWC strides), so one kernel serves both layouts. T_T/LD_T/ST_T
 * as in elementwise.cl; ACC is the accumulation type. */

#ifndef LD_IN
#define LD_IN(p, i) LD_T(p, i) /* X and W; a math_mode redefines it to round them */
#endif

inline long at4(const TInfo* t, long i0, long i1, long i2, long i3) {
  return t->offset + i0 * t->stride[0] + i1 * t->stride[1] + i2 * t->stride[2] + i3 * t->stride[3];
}

__kernel void conv2d_direct(__global T_T* y, TInfo ty, __global const T_T* x, TInfo tx,
                            __global const T_T* w, TInfo tw, __global const T_T* bias,
                            TInfo tbias, int has_bias, long groups, long sh, long sw, long pt,
                            long pl, long dh, long dw, long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long Wo = ty.shape[3], Ho = ty.shape[2], Co = ty.shape[1];
  long ow = i % Wo, oh = (i / Wo) % Ho, co = (i / (Wo * Ho)) % Co, nn = i / (Wo * Ho * Co);
  long H = tx.shape[2], W = tx.shape[3];
  long cpg = tw.shape[1], KH = tw.shape[2], KW = tw.shape[3];
  long g = co / (Co / groups);
  ACC acc = (ACC)0;
  for (long c = 0; c < cpg; ++c) {
    long ci = g * cpg + c;
    for (long kh = 0; kh < KH; ++kh) {
      long ih = oh * sh - pt + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (long kw = 0; kw < KW; ++kw) {
        long iw = ow * sw - pl + kw * dw;
        if (iw < 0 || iw >= W) continue;
        acc += (ACC)LD_IN(x, at4(&tx, nn, ci, ih, iw)) * (ACC)LD_IN(w, at4(&tw, co, c, kh, kw));
      }
    }
  }
  if (has_bias) acc += (ACC)LD_T(bias, tbias.offset + co * tbias.stride[0]);
  ST_T(y, at4(&ty, nn, co, oh, ow), (T_C)acc);
}

__kernel void pool2d(__global T_T* y, TInfo ty, __global const T_T* x, TInfo tx, long KH, long KW,
                     long sh, long sw, long pt, long pl, int is_max, int count_include_pad,
                     long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long Wo = ty.shape[3], Ho = ty.shape[2], C = ty.shape[1];
  long ow = i % Wo, oh = (i / Wo) % Ho, c = (i / (Wo * Ho)) % C, nn = i / (Wo * Ho * C);
  long H = tx.shape[2], W = tx.shape[3];
  ACC best = -INFINITY;
  ACC sum = (ACC)0;
  long count = 0;
  for (long kh = 0; kh < KH; ++kh) {
    long ih = oh * sh - pt + kh;
    if (ih < 0 || ih >= H) continue;
    for (long kw = 0; kw < KW; ++kw) {
      long iw = ow * sw - pl + kw;
      if (iw < 0 || iw >= W) continue;
      ACC v = (ACC)LD_T(x, at4(&tx, nn, c, ih, iw));
      best = NAN_MAX(best, v);
      sum += v;
      ++count;
    }
  }
  ACC out;
  if (is_max) out = best;
  else out = sum / (ACC)(count_include_pad ? KH * KW : count);
  ST_T(y, at4(&ty, nn, c, oh, ow), (T_C)out);
}
