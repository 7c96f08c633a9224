/* Batched matmul Y = alpha * op(A) op(B) + beta * bias over strided views.
 * A (M x K) element (m, k) at abase + m * a_rs + k * a_ks; B (K x N) at bbase + k * b_ks +
 * n * b_cs; transposes are only strides. ta/tb/tc/ty span the broadcast batch shape.
 * LD_A/LD_B/LD_Y/ST_Y convert storage to and from ACC, the accumulation type. */

#define TS 64 /* output tile edge per work-group */
#define TK 16 /* depth of one K step */
#define WPT 4 /* outputs per work-item along each edge: 16 x 16 work-items */

__kernel __attribute__((reqd_work_group_size(16, 16, 1))) void matmul_tiled(
    __global Y_T* y, TInfo ty, long y_rs, long y_cs, __global const A_T* a, TInfo ta, long a_rs,
    long a_ks, __global const B_T* b, TInfo tb, long b_ks, long b_cs, __global const Y_T* bias,
    TInfo tc, long c_rs, long c_cs, int has_bias, long M, long N, long K, ACC alpha, ACC beta) {
  __local ACC As[TK][TS + 1];
  __local ACC Bs[TK][TS + 1];
  const int tx = (int)get_local_id(0);
  const int tyi = (int)get_local_id(1);
  const int lid = tyi * 16 + tx;
  const long batch = get_global_id(2);
  const long m0 = (long)get_group_id(1) * TS;
  const long n0 = (long)get_group_id(0) * TS;
  const long abase = tinfo_offset(&ta, batch);
  const long bbase = tinfo_offset(&tb, batch);
  const int a_k_fast = a_ks <= a_rs;
  const int b_n_fast = b_cs <= b_ks;

  ACC acc[WPT][WPT];
  for (int i = 0; i < WPT; ++i)
    for (int j = 0; j < WPT; ++j) acc[i][j] = (ACC)0;

  for (long k0 = 0; k0 < K; k0 += TK) {
    for (int e = 0; e < (TS * TK) / 256; ++e) {
      int idx = lid + 256 * e;
      int r = a_k_fast ? idx / TK : idx % TS;
      int kk = a_k_fast ? idx % TK : idx / TS;
      long m = m0 + r, k = k0 + kk;
      As[kk][r] = (m < M && k < K) ? (ACC)LD_A(a, abase + m * a_rs + k * a_ks) : (ACC)0;
      int c = b_n_fast ? idx % TS : idx / TK;
      int kb = b_n_fast ? idx / TS : idx % TK;
      long n = n0 + c, kq = k0 + kb;
      Bs[kb][c] = (n < N && kq < K) ? (ACC)LD_B(b, bbase + kq * b_ks + n * b_cs) : (ACC)0;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int kk = 0; kk < TK; ++kk) {
      ACC ar[WPT], br[WPT];
      for (int i = 0; i < WPT; ++i) ar[i] = As[kk][tyi + 16 * i];
      for (int j = 0; j < WPT; ++j) br[j] = Bs[kk][tx + 16 * j];
      for (int i = 0; i < WPT; ++i)
        for (int j = 0; j < WPT; ++j) acc[i][j] += ar[i] * br[j];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }

  const long ybase = tinfo_offset(&ty, batch);
  const long cbase = tinfo_offset(&tc, batch);
  for (int i = 0; i < WPT; ++i) {
    long m = m0 + tyi + 16 * i;
    if (m >= M) continue;
    for (int j = 0; j < WPT; ++j) {
      long n = n0 + tx + 16 * j;
      if (n >= N) continue;
      ACC v = alpha * acc[i][j];
      if (has_bias) v += beta * (ACC)LD_Y(bias, cbase + m * c_rs + n * c_cs);
      ST_Y(y, ybase + m * y_rs + n * y_cs, v);
    }
  }
}

/* One work-item per output: for devices whose work-groups cannot hold 16 x 16 items. */
__kernel void matmul_simple(__global Y_T* y, TInfo ty, long y_rs, long y_cs,
                            __global const A_T* a, TInfo ta, long a_rs, long a_ks,
                            __global const B_T* b, TInfo tb, long b_ks, long b_cs,
                            __global const Y_T* bias, TInfo tc, long c_rs, long c_cs,
                            int has_bias, long M, long N, long K, ACC alpha, ACC beta) {
  long n = get_global_id(0), m = get_global_id(1), batch = get_global_id(2);
  if (m >= M || n >= N) return;
  long abase = tinfo_offset(&ta, batch) + m * a_rs;
  long bbase = tinfo_offset(&tb, batch) + n * b_cs;
  ACC acc = (ACC)0;
  for (long k = 0; k < K; ++k) acc += (ACC)LD_A(a, abase + k * a_ks) * (ACC)LD_B(b, bbase + k * b_ks);
  ACC v = alpha * acc;
  if (has_bias) v += beta * (ACC)LD_Y(bias, tinfo_offset(&tc, batch) + m * c_rs + n * c_cs);
  ST_Y(y, tinfo_offset(&ty, batch) + m * y_rs + n * y_cs, v);
}

/* CPU variant (float accumulation only): no local memory or barriers; each work-item owns
 * RB rows x 16 columns held in float16 accumulators, so the arithmetic is explicit SIMD. With
 * B_VEC (B is f32 with unit column stride) B rows are read with vload16. */
#define RB 16
inline float16 load_b16(__global const B_T* b, long off, long n0, long N, long b_cs) {
#ifdef B_VEC
  if (n0 + 16 <= N) return vload16(0, b + off + n0);
#endif
  float v[16];
  for (int j = 0; j < 16; ++j) v[j] = (n0 + j < N) ? (float)LD_B(b, off + (n0 + j) * b_cs) : 0.0f;
  return vload16(0, v);
}

__kernel void matmul_vec(__global Y_T* y, TInfo ty, long y_rs, long y_cs, __global const A_T* a,
                         TInfo ta, long a_rs, long a_ks, __global const B_T* b, TInfo tb,
                         long b_ks, long b_cs, __global const Y_T* bias, TInfo tc, long c_rs,
                         long c_cs, int has_bias, long M, long N, long K, float alpha,
                         float beta) {
  const long n0 = get_global_id(0) * 16, m0 = get_global_id(1) * RB, batch = get_global_id(2);
  if (n0 >= N || m0 >= M) return;
  const long abase = tinfo_offset(&ta, batch) + m0 * a_rs;
  const long bbase = tinfo_offset(&tb, batch);
  const int rows = (int)min((long)RB, M - m0);
  float16 acc[RB];
  for (int i = 0; i < RB; ++i) acc[i] = (float16)(0.0f);
  if (rows == RB) {
    for (long k = 0; k < K; ++k) {
      const float16 bv = load_b16(b, bbase + k * b_ks, n0, N, b_cs);
      for (int i = 0; i < RB; ++i) acc[i] = mad((float16)((float)LD_A(a, abase + i * a_rs + k * a_ks)), bv, acc[i]);
    }
  } else {
    for (long k = 0; k < K; ++k) {
      const float16 bv = load_b16(b, bbase + k * b_ks, n0, N, b_cs);
      for (int i = 0; i < rows; ++i) acc[i] = mad((float16)((float)LD_A(a, abase + i * a_rs + k * a_ks)), bv, acc[i]);
    }
  }
  const long ybase = tinfo_offset(&ty, batch), cbase = tinfo_offset(&tc, batch);
  for (int i = 0; i < rows; ++i) {
    float out[16];
    vstore16(acc[i], 0, out);
    const long m = m0 + i;
    for (int j = 0; j < 16 && n0 + j < N; ++j) {
      const long n = n0 + j;
      float v = alpha * out[j];
      if (has_bias) v += beta * (float)LD_Y(bias, cbase + m * c_rs + n * c_cs);
      ST_Y(y, ybase + m * y_rs + n * y_cs, v);
    }
  }
}
