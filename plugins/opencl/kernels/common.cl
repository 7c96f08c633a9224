/* Shared definitions for every hwcert OpenCL program: tensor descriptors, storage
 * conversions of each dtype (bit-exact, round to nearest even), NaN-propagating min/max.
 * The host prepends #define lines that pick the dtypes of one program. */
#ifdef HWC_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

/* A strided tensor view: element (i0..i{rank-1}) at offset + sum(ik * stride[k]), in
 * elements. Mirrors TensorInfo in src/tensor_view.hpp field for field. */
typedef struct {
  long shape[8];
  long stride[8];
  long offset;
  long rank;
} TInfo;

/* Offset of linear (row-major) index `i` of `t`'s shape. */
inline long tinfo_offset(const TInfo* t, long i) {
  long off = t->offset;
  if (t->rank == 1) return off + i * t->stride[0];
  for (int d = (int)t->rank - 1; d >= 0; --d) {
    long extent = t->shape[d];
    long q = i % extent;
    i /= extent;
    off += q * t->stride[d];
  }
  return off;
}

/* ---- f16 (IEEE binary16) stored as ushort ---- */
inline float f16_bits_to_f32(ushort h) {
  uint sign = ((uint)h & 0x8000u) << 16;
  uint e = ((uint)h >> 10) & 0x1Fu;
  uint m = (uint)h & 0x3FFu;
  if (e == 0u) return as_float(as_uint((float)m * 5.9604644775390625e-8f) | sign);
  if (e == 31u) return as_float(sign | 0x7F800000u | (m << 13));
  return as_float(sign | ((e + 112u) << 23) | (m << 13));
}

inline ushort f32_to_f16_bits(float f) {
  uint x = as_uint(f);
  uint sign = (x >> 16) & 0x8000u;
  uint a = x & 0x7FFFFFFFu;
  if (a > 0x7F800000u) return (ushort)(sign | 0x7E00u | ((a >> 13) & 0x3FFu));
  if (a >= 0x477FF000u) return (ushort)(sign | 0x7C00u); /* >= 65520 rounds to Inf */
  if (a >= 0x38800000u) {                                /* normal binary16 */
    uint r = a - (112u << 23) + 0x0FFFu + ((a >> 13) & 1u);
    return (ushort)(sign | (r >> 13));
  }
  /* subnormal or zero: quantum 2^-24; the scaling is exact and rint rounds to even */
  return (ushort)(sign | (uint)rint(as_float(a) * 16777216.0f));
}

/* ---- bf16 stored as ushort ---- */
inline float bf16_bits_to_f32(ushort b) { return as_float((uint)b << 16); }

inline ushort f32_to_bf16_bits(float f) {
  uint x = as_uint(f);
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return (ushort)((x >> 16) | 0x40u);
  return (ushort)((x + 0x7FFFu + ((x >> 16) & 1u)) >> 16);
}

/* ---- OCP fp8 stored as uchar: E4M3 (bias 7, no Inf, max 448), E5M2 (bias 15) ---- */
inline float fp8_bits_to_f32(uchar v, int mbits, int bias, int has_inf) {
  uint sign = ((uint)v & 0x80u) << 24;
  int e = ((int)v & 0x7F) >> mbits;
  int m = (int)v & ((1 << mbits) - 1);
  int emax = (1 << (7 - mbits)) - 1;
  if (has_inf && e == emax) {
    return as_float(sign | (m == 0 ? 0x7F800000u : 0x7FC00000u));
  }
  if (!has_inf && e == emax && m == (1 << mbits) - 1) return as_float(sign | 0x7FC00000u);
  float mag = (e == 0) ? ldexp((float)m, 1 - bias - mbits)
                       : ldexp((float)(m + (1 << mbits)), e - bias - mbits);
  return as_float(as_uint(mag) | sign);
}

/* Round to nearest even, saturating finite overflow to +-max (OCP satfinite). */
inline uchar f32_to_fp8_bits(float f, int mbits, int bias, int has_inf, float maxv) {
  uint sign = (as_uint(f) >> 24) & 0x80u;
  if (isnan(f)) return (uchar)(sign | (has_inf ? 0x7Eu : 0x7Fu));
  float a = fabs(f);
  if (isinf(a)) {
    if (has_inf) return (uchar)(sign | 0x7Cu);
    a = maxv;
  }
  int emin = 1 - bias;
  float r;
  if (a >= ldexp(1.0f, emin)) {
    int e = (int)((as_uint(a) >> 23) & 0xFFu) - 127;
    float q = ldexp(1.0f, e - mbits);
    r = rint(a / q) * q;
  } else {
    float q = ldexp(1.0f, emin - mbits);
    r = rint(a / q) * q;
  }
  if (r > maxv) r = maxv;
  uint bits;
  if (r < ldexp(1.0f, emin)) {
    bits = (uint)(r / ldexp(1.0f, emin - mbits));
  } else {
    int e = (int)((as_uint(r) >> 23) & 0xFFu) - 127;
    uint m = (uint)(r / ldexp(1.0f, e - mbits)) - (1u << mbits);
    bits = ((uint)(e + bias) << mbits) | m;
  }
  return (uchar)(sign | bits);
}

inline float e4m3_bits_to_f32(uchar v) { return fp8_bits_to_f32(v, 3, 7, 0); }
inline float e5m2_bits_to_f32(uchar v) { return fp8_bits_to_f32(v, 2, 15, 1); }
inline uchar f32_to_e4m3_bits(float f) { return f32_to_fp8_bits(f, 3, 7, 0, 448.0f); }
inline uchar f32_to_e5m2_bits(float f) { return f32_to_fp8_bits(f, 2, 15, 1, 57344.0f); }

/* ---- loads (to the compute type) and stores (from it), one pair per dtype ---- */
inline float ld_f32(const __global float* p, long i) { return p[i]; }
inline void st_f32(__global float* p, long i, float v) { p[i] = v; }
inline float ld_f16(const __global ushort* p, long i) { return f16_bits_to_f32(p[i]); }
inline void st_f16(__global ushort* p, long i, float v) { p[i] = f32_to_f16_bits(v); }
inline float ld_bf16(const __global ushort* p, long i) { return bf16_bits_to_f32(p[i]); }
inline void st_bf16(__global ushort* p, long i, float v) { p[i] = f32_to_bf16_bits(v); }
inline float ld_e4m3(const __global uchar* p, long i) { return e4m3_bits_to_f32(p[i]); }
inline void st_e4m3(__global uchar* p, long i, float v) { p[i] = f32_to_e4m3_bits(v); }
inline float ld_e5m2(const __global uchar* p, long i) { return e5m2_bits_to_f32(p[i]); }
inline void st_e5m2(__global uchar* p, long i, float v) { p[i] = f32_to_e5m2_bits(v); }
inline char ld_i8(const __global char* p, long i) { return p[i]; }
inline void st_i8(__global char* p, long i, char v) { p[i] = v; }
inline uchar ld_u8(const __global uchar* p, long i) { return p[i]; }
inline void st_u8(__global uchar* p, long i, uchar v) { p[i] = v; }
inline int ld_i32(const __global int* p, long i) { return p[i]; }
inline void st_i32(__global int* p, long i, int v) { p[i] = v; }
inline long ld_i64(const __global long* p, long i) { return p[i]; }
inline void st_i64(__global long* p, long i, long v) { p[i] = v; }
inline uchar ld_bool(const __global uchar* p, long i) { return p[i] != 0 ? (uchar)1 : (uchar)0; }
inline void st_bool(__global uchar* p, long i, uchar v) { p[i] = v != 0 ? (uchar)1 : (uchar)0; }
#ifdef HWC_FP64
inline double ld_f64(const __global double* p, long i) { return p[i]; }
inline void st_f64(__global double* p, long i, double v) { p[i] = v; }

/* Double to float rounded to odd: a second rounding to a format with at most 22
 * significant bits then equals one correct rounding of the double. */
inline float f64_to_f32_odd(double d) {
  float f = convert_float_rtz(d);
  if (isnan(d)) return (float)d;
  if ((double)f != d && !isinf(f)) f = as_float(as_uint(f) | 1u);
  return f;
}
#endif

/* Integer to float rounded to odd (see f64_to_f32_odd). */
inline float i64_to_f32_odd(long v) {
  float f = convert_float_rtz(v);
  if (convert_long(f) != v) f = as_float(as_uint(f) | 1u);
  return f;
}

/* max/min that propagate NaN (fmax/fmin drop it). */
#define NAN_MAX(a, b) (isnan(a) ? (a) : (isnan(b) ? (b) : ((a) > (b) ? (a) : (b))))
#define NAN_MIN(a, b) (isnan(a) ? (a) : (isnan(b) ? (b) : ((a) < (b) ? (a) : (b))))

/* Offsets of linear index `i` in three views that share a's shape. */
inline void offsets3(const TInfo* a, const TInfo* b, const TInfo* c, long i, long* oa, long* ob,
                     long* oc) {
  if (a->rank == 1) {
    *oa = a->offset + i * a->stride[0];
    *ob = b->offset + i * b->stride[0];
    *oc = c->offset + i * c->stride[0];
    return;
  }
  long xa = a->offset, xb = b->offset, xc = c->offset;
  for (int d = (int)a->rank - 1; d >= 0; --d) {
    long extent = a->shape[d];
    long q = i % extent;
    i /= extent;
    xa += q * a->stride[d];
    xb += q * b->stride[d];
    xc += q * c->stride[d];
  }
  *oa = xa;
  *ob = xb;
  *oc = xc;
}

/* Offsets of linear index `i` in two views that share a's shape. */
inline void offsets2(const TInfo* a, const TInfo* b, long i, long* oa, long* ob) {
  long unused;
  offsets3(a, b, b, i, oa, ob, &unused);
}

/* Tree reduction over a power-of-two work-group; every work-item gets the result. */
#define WG_REDUCE(scratch, value, COMBINE)                                     \
  do {                                                                         \
    int lid_ = (int)get_local_id(0);                                           \
    scratch[lid_] = (value);                                                   \
    barrier(CLK_LOCAL_MEM_FENCE);                                              \
    for (int s_ = (int)get_local_size(0) / 2; s_ > 0; s_ >>= 1) {              \
      if (lid_ < s_) scratch[lid_] = COMBINE(scratch[lid_], scratch[lid_ + s_]); \
      barrier(CLK_LOCAL_MEM_FENCE);                                            \
    }                                                                          \
    (value) = scratch[0];                                                      \
    barrier(CLK_LOCAL_MEM_FENCE);                                              \
  } while (0)
#define COMBINE_ADD(a, b) ((a) + (b))
#define COMBINE_MAX(a, b) NAN_MAX(a, b)

/* math_mode input rounding of f32 values (round to nearest even, same exponent range). */
inline float round_mantissa(float x, uint drop) {
  uint b = as_uint(x);
  if ((b & 0x7F800000u) == 0x7F800000u) return x; /* Inf, NaN */
  uint below_half = (1u << (drop - 1)) - 1u;
  b += below_half + ((b >> drop) & 1u);
  return as_float(b & ~((1u << drop) - 1u));
}
inline float round_tf32(float x) { return round_mantissa(x, 13); }
inline float round_hf32(float x) { return round_mantissa(x, 12); }
inline float round_f16(float x) { return f16_bits_to_f32(f32_to_f16_bits(x)); }
inline float round_bf16(float x) { return bf16_bits_to_f32(f32_to_bf16_bits(x)); }
