/* resize of NCHW views. Nearest moves raw elements (E_T, the element's unsigned type):
 * src = floor(dst * in / out) on H and W. Bilinear (half-pixel centres, PyTorch
 * align_corners=False) computes in one float dtype's compute type (T_T storage, T_C, LD_T,
 * ST_T): src = max(0, (dst + 0.5) * in / out - 0.5), interpolated between floor(src) and
 * min(floor(src) + 1, in - 1). A program defines one of E_T and T_T. */

/* Position (n, c, h, w) of linear index i of an NCHW view's shape. */
inline void nchw_of(const TInfo* t, long i, long* n, long* c, long* h, long* w) {
  *w = i % t->shape[3];
  i /= t->shape[3];
  *h = i % t->shape[2];
  i /= t->shape[2];
  *c = i % t->shape[1];
  *n = i / t->shape[1];
}

#ifdef E_T
__kernel void resize_nearest(__global E_T* y, TInfo ty, __global const E_T* x, TInfo tx, long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long b, c, h, w;
  nchw_of(&ty, i, &b, &c, &h, &w);
  long sh = h * tx.shape[2] / ty.shape[2], sw = w * tx.shape[3] / ty.shape[3];
  y[ty.offset + b * ty.stride[0] + c * ty.stride[1] + h * ty.stride[2] + w * ty.stride[3]] =
      x[tx.offset + b * tx.stride[0] + c * tx.stride[1] + sh * tx.stride[2] + sw * tx.stride[3]];
}
#endif

#ifdef T_T
inline void sample_position(long dst, long in, long out, long* lo, long* hi, T_C* weight) {
  T_C s = ((T_C)dst + (T_C)0.5) * (T_C)in / (T_C)out - (T_C)0.5;
  if (s < (T_C)0) s = (T_C)0;
  long f = (long)floor(s);
  if (f > in - 1) f = in - 1;
  *lo = f;
  *hi = f + 1 < in ? f + 1 : in - 1;
  *weight = s - (T_C)f;
}

/* (1 - w) a + w b, where a tap of weight 0 takes no part (an Inf there gives no NaN). */
inline T_C mix_taps(T_C a, T_C b, T_C w) {
  return w == (T_C)0 ? a : ((T_C)1 - w) * a + w * b;
}

__kernel void resize_bilinear(__global T_T* y, TInfo ty, __global const T_T* x, TInfo tx,
                              long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long b, c, h, w;
  nchw_of(&ty, i, &b, &c, &h, &w);
  long h0, h1, w0, w1;
  T_C lh, lw;
  sample_position(h, tx.shape[2], ty.shape[2], &h0, &h1, &lh);
  sample_position(w, tx.shape[3], ty.shape[3], &w0, &w1, &lw);
  long base = tx.offset + b * tx.stride[0] + c * tx.stride[1];
  long r0 = base + h0 * tx.stride[2], r1 = base + h1 * tx.stride[2];
  T_C top = mix_taps(LD_T(x, r0 + w0 * tx.stride[3]), LD_T(x, r0 + w1 * tx.stride[3]), lw);
  T_C bottom = mix_taps(LD_T(x, r1 + w0 * tx.stride[3]), LD_T(x, r1 + w1 * tx.stride[3]), lw);
  ST_T(y, ty.offset + b * ty.stride[0] + c * ty.stride[1] + h * ty.stride[2] + w * ty.stride[3],
       mix_taps(top, bottom, lh));
}
#endif
