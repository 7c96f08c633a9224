/* The opset-2 activations and inference batch_norm for one float dtype (T_T storage, T_C
 * compute type): f16/bf16 compute in f32 and round once when stored. Attribute values come
 * in the compute type (clip's bounds already rounded to the dtype by the host). */

/* max(0, min(1, t)); NaN stays NaN. */
inline T_C unit_clamp(T_C t) { return t < (T_C)0 ? (T_C)0 : (t > (T_C)1 ? (T_C)1 : t); }

/* Activation `op` (the host's order: clip, leaky_relu, hard_sigmoid, hard_swish, erf) with
 * its attributes a and b. clip compares twice: a NaN x compares false and stays (fmin/fmax
 * would return a bound). */
inline T_C activate(int op, T_C v, T_C a, T_C b) {
  switch (op) {
    case 0: {
      T_C low = v < a ? a : v;
      return low > b ? b : low;
    }
    case 1:
      return v >= (T_C)0 ? v : a * v;
    case 2:
      return unit_clamp(a * v + b);
    case 3:
      return v * unit_clamp(v / (T_C)6 + (T_C)0.5);
    default:
      return erf(v);
  }
}

__kernel void activation(__global T_T* y, TInfo ty, __global const T_T* x, TInfo tx, long n,
                         int op, T_C a, T_C b) {
  long oy, ox;
  if (get_global_id(0) >= n) return;
  offsets2(&ty, &tx, get_global_id(0), &oy, &ox);
  ST_T(y, oy, activate(op, LD_T(x, ox), a, b));
}

/* Y[i] = (X[i] - mean[c]) / sqrt(var[c] + eps) * scale[c] + bias[c], c = (i / inner) % C for
 * the row-major index i of X [N, C, inner...]. The [C] parameters come as element offsets
 * (p.s0..s3: scale, bias, mean, var) and strides (p.s4..s7). */
__kernel void batch_norm(__global T_T* y, TInfo ty, __global const T_T* x, TInfo tx, long n,
                         __global const T_T* scale, __global const T_T* bias,
                         __global const T_T* mean, __global const T_T* var, long8 p,
                         long inner, long channels, T_C eps) {
  long i = get_global_id(0), oy, ox;
  if (i >= n) return;
  offsets2(&ty, &tx, i, &oy, &ox);
  long c = (i / inner) % channels;
  T_C inv = (T_C)1 / sqrt(LD_T(var, p.s3 + c * p.s7) + eps);
  T_C centred = LD_T(x, ox) - LD_T(mean, p.s2 + c * p.s6);
  ST_T(y, oy, centred * inv * LD_T(scale, p.s0 + c * p.s4) + LD_T(bias, p.s1 + c * p.s5));
}
