/* scaled_dot_product_attention in three steps through a workspace S of ACC
 * [B*H, Sq, Sk]: scores, row softmax, S.V. Views are [B, H, S, D]. */

#ifndef LD_IN
#define LD_IN(p, i) LD_T(p, i) /* Q, K and V; a math_mode redefines it to round them */
#endif

inline long at_bhsd(const TInfo* t, long bh, long H, long s, long d) {
  return t->offset + (bh / H) * t->stride[0] + (bh % H) * t->stride[1] + s * t->stride[2] +
         d * t->stride[3];
}

__kernel void attn_scores(__global ACC* s, __global const T_T* q, TInfo tq, __global const T_T* k,
                          TInfo tk, long H, long Sq, long Sk, long D, ACC scale, int causal) {
  long j = get_global_id(0), i = get_global_id(1), bh = get_global_id(2);
  if (j >= Sk || i >= Sq) return;
  ACC acc = (ACC)0;
  for (long d = 0; d < D; ++d)
    acc += (ACC)LD_IN(q, at_bhsd(&tq, bh, H, i, d)) * (ACC)LD_IN(k, at_bhsd(&tk, bh, H, j, d));
  s[(bh * Sq + i) * Sk + j] = (causal && j > i) ? (ACC)(-INFINITY) : acc * scale;
}

__kernel void attn_softmax(__global ACC* s, long Sk, __local ACC* scratch) {
  __global ACC* row = s + (long)get_group_id(0) * Sk;
  ACC m = -INFINITY;
  for (long j = get_local_id(0); j < Sk; j += get_local_size(0)) m = NAN_MAX(m, row[j]);
  WG_REDUCE(scratch, m, COMBINE_MAX);
  ACC sum = (ACC)0;
  for (long j = get_local_id(0); j < Sk; j += get_local_size(0)) {
    ACC e = exp(row[j] - m);
    row[j] = e;
    sum += e;
  }
  WG_REDUCE(scratch, sum, COMBINE_ADD);
  for (long j = get_local_id(0); j < Sk; j += get_local_size(0)) row[j] = row[j] / sum;
}

__kernel void attn_pv(__global T_T* y, TInfo ty, __global const ACC* s, __global const T_T* v,
                      TInfo tv, long H, long Sq, long Sk, long Dv) {
  long dv = get_global_id(0), i = get_global_id(1), bh = get_global_id(2);
  if (dv >= Dv || i >= Sq) return;
  __global const ACC* row = s + (bh * Sq + i) * Sk;
  ACC acc = (ACC)0;
  for (long j = 0; j < Sk; ++j) acc += row[j] * (ACC)LD_IN(v, at_bhsd(&tv, bh, H, j, dv));
  ST_T(y, at_bhsd(&ty, bh, H, i, dv), (T_C)acc);
}
