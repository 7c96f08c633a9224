/* cast: SRC_LD loads the source element as float, double or an integer; CVT converts that
 * value to the destination's storage bits following docs/op-catalogue.md. */

/* Float to integer: truncate toward zero, saturate, NaN gives 0. LO/HI are -2^(b-1) and
 * 2^(b-1) (0 and 256 for u8), both exact in float. */
#define TRUNC_SAT(v, LO, HI, MINV, MAXV, T) \
  (isnan(v) ? (T)0 : ((v) <= (LO) ? (T)(MINV) : ((v) >= (HI) ? (T)(MAXV) : (T)(v))))

inline float cvt_f32_f(float v) { return v; }
inline float cvt_f32_l(long v) { return convert_float_rte(v); }
inline ushort cvt_f16_f(float v) { return f32_to_f16_bits(v); }
inline ushort cvt_f16_l(long v) { return f32_to_f16_bits(i64_to_f32_odd(v)); }
inline ushort cvt_bf16_f(float v) { return f32_to_bf16_bits(v); }
inline ushort cvt_bf16_l(long v) { return f32_to_bf16_bits(i64_to_f32_odd(v)); }
inline uchar cvt_e4m3_f(float v) { return f32_to_e4m3_bits(v); }
inline uchar cvt_e4m3_l(long v) { return f32_to_e4m3_bits(i64_to_f32_odd(v)); }
inline uchar cvt_e5m2_f(float v) { return f32_to_e5m2_bits(v); }
inline uchar cvt_e5m2_l(long v) { return f32_to_e5m2_bits(i64_to_f32_odd(v)); }
inline char cvt_i8_f(float v) { return TRUNC_SAT(v, -128.0f, 128.0f, -128, 127, char); }
inline char cvt_i8_l(long v) { return as_char((uchar)((ulong)v & 0xFFUL)); }
inline uchar cvt_u8_f(float v) { return TRUNC_SAT(v, 0.0f, 256.0f, 0, 255, uchar); }
inline uchar cvt_u8_l(long v) { return (uchar)((ulong)v & 0xFFUL); }
inline int cvt_i32_f(float v) {
  return TRUNC_SAT(v, -2147483648.0f, 2147483648.0f, INT_MIN, INT_MAX, int);
}
inline int cvt_i32_l(long v) { return as_int((uint)((ulong)v & 0xFFFFFFFFUL)); }
inline long cvt_i64_f(float v) {
  return TRUNC_SAT(v, -9223372036854775808.0f, 9223372036854775808.0f, LONG_MIN, LONG_MAX, long);
}
inline long cvt_i64_l(long v) { return v; }
inline uchar cvt_bool_f(float v) { return v != 0.0f ? (uchar)1 : (uchar)0; }
inline uchar cvt_bool_l(long v) { return v != 0 ? (uchar)1 : (uchar)0; }

#ifdef HWC_FP64
inline float cvt_f32_d(double v) { return convert_float_rte(v); }
inline double cvt_f64_f(float v) { return (double)v; }
inline double cvt_f64_d(double v) { return v; }
inline double cvt_f64_l(long v) { return convert_double_rte(v); }
inline ushort cvt_f16_d(double v) { return f32_to_f16_bits(f64_to_f32_odd(v)); }
inline ushort cvt_bf16_d(double v) { return f32_to_bf16_bits(f64_to_f32_odd(v)); }
inline uchar cvt_e4m3_d(double v) { return f32_to_e4m3_bits(f64_to_f32_odd(v)); }
inline uchar cvt_e5m2_d(double v) { return f32_to_e5m2_bits(f64_to_f32_odd(v)); }
inline char cvt_i8_d(double v) { return TRUNC_SAT(v, -128.0, 128.0, -128, 127, char); }
inline uchar cvt_u8_d(double v) { return TRUNC_SAT(v, 0.0, 256.0, 0, 255, uchar); }
inline int cvt_i32_d(double v) {
  return TRUNC_SAT(v, -2147483648.0, 2147483648.0, INT_MIN, INT_MAX, int);
}
inline long cvt_i64_d(double v) {
  return TRUNC_SAT(v, -9223372036854775808.0, 9223372036854775808.0, LONG_MIN, LONG_MAX, long);
}
inline uchar cvt_bool_d(double v) { return v != 0.0 ? (uchar)1 : (uchar)0; }
#endif

__kernel void cast_strided(__global DST_T* y, TInfo ty, __global const SRC_T* x, TInfo tx,
                           long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long oy, ox;
  offsets2(&ty, &tx, i, &oy, &ox);
  y[oy] = CVT(SRC_LD(x, ox));
}
