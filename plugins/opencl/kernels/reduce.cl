/* Reductions and row normalisations, one work-group (power-of-two size) per output row.
 * A row is addressed by an outer view (the kept dims) plus an inner view (the reduced dims,
 * offset 0). T_T/T_C/LD_T/ST_T as in elementwise.cl; ACC is the accumulation type (float
 * for f32/f16/bf16, double for f64, the unsigned type for wrapping integer sums). */

inline long row_offset(const TInfo* inner, long r) {
  if (inner->rank == 1) return inner->offset + r * inner->stride[0];
  return tinfo_offset(inner, r);
}

#ifdef IS_FLOAT
#define ACC_LOWEST (-INFINITY)
#define RMAX(a, b) NAN_MAX(a, b)
#define ACC_TO_T(a) ((T_C)(a))
#else
#define ACC_LOWEST T_MIN
#define RMAX(a, b) ((a) > (b) ? (a) : (b))
#define ACC_TO_T(a) AS_T((T_U)(a))
#endif

/* The sum and the maximum of elements [begin, end) of the row at `base`, for the work-group
 * (its result is read by work-item 0). */
inline ACC row_sum(__global const T_T* x, long base, const TInfo* tinner, long begin, long end,
                   __local ACC* scratch) {
  ACC acc = (ACC)0;
  for (long r = begin + get_local_id(0); r < end; r += get_local_size(0))
    acc += (ACC)LD_T(x, base + row_offset(tinner, r));
  WG_REDUCE(scratch, acc, COMBINE_ADD);
  return acc;
}

inline T_C row_max(__global const T_T* x, long base, const TInfo* tinner, long begin, long end,
                   __local T_C* scratch) {
  T_C acc = ACC_LOWEST;
  for (long r = begin + get_local_id(0); r < end; r += get_local_size(0)) {
    T_C v = LD_T(x, base + row_offset(tinner, r));
    acc = RMAX(acc, v);
  }
  WG_REDUCE(scratch, acc, RMAX);
  return acc;
}

__kernel void reduce_sum(__global T_T* y, TInfo ty, __global const T_T* x, TInfo touter,
                         TInfo tinner, long R, __local ACC* scratch) {
  long o = get_group_id(0);
  ACC acc = row_sum(x, tinfo_offset(&touter, o), &tinner, 0, R, scratch);
  if (get_local_id(0) == 0) ST_T(y, tinfo_offset(&ty, o), ACC_TO_T(acc));
}

__kernel void reduce_max(__global T_T* y, TInfo ty, __global const T_T* x, TInfo touter,
                         TInfo tinner, long R, __local T_C* scratch) {
  long o = get_group_id(0);
  T_C acc = row_max(x, tinfo_offset(&touter, o), &tinner, 0, R, scratch);
  if (get_local_id(0) == 0) ST_T(y, tinfo_offset(&ty, o), acc);
}

/* Split form for few long rows: work-group g reduces part g % parts of row g / parts into
 * partial[g]; the *_finish kernels then combine each row's parts (one group per row). */
__kernel void reduce_sum_partial(__global ACC* partial, __global const T_T* x, TInfo touter,
                                 TInfo tinner, long R, long chunk, long parts,
                                 __local ACC* scratch) {
  long g = get_group_id(0);
  long base = tinfo_offset(&touter, g / parts);
  long begin = (g % parts) * chunk, end = min(R, begin + chunk);
  ACC acc = row_sum(x, base, &tinner, begin, end, scratch);
  if (get_local_id(0) == 0) partial[g] = acc;
}

__kernel void reduce_sum_finish(__global T_T* y, TInfo ty, __global const ACC* partial,
                                long parts, long R, int mean, __local ACC* scratch) {
  long o = get_group_id(0);
  ACC acc = (ACC)0;
  for (long i = get_local_id(0); i < parts; i += get_local_size(0)) acc += partial[o * parts + i];
  WG_REDUCE(scratch, acc, COMBINE_ADD);
  if (get_local_id(0) == 0)
    ST_T(y, tinfo_offset(&ty, o), mean ? (T_C)(acc / (ACC)R) : ACC_TO_T(acc));
}

__kernel void reduce_max_partial(__global T_C* partial, __global const T_T* x, TInfo touter,
                                 TInfo tinner, long R, long chunk, long parts,
                                 __local T_C* scratch) {
  long g = get_group_id(0);
  long base = tinfo_offset(&touter, g / parts);
  long begin = (g % parts) * chunk, end = min(R, begin + chunk);
  T_C acc = row_max(x, base, &tinner, begin, end, scratch);
  if (get_local_id(0) == 0) partial[g] = acc;
}

__kernel void reduce_max_finish(__global T_T* y, TInfo ty, __global const T_C* partial,
                                long parts, long R, int mean, __local T_C* scratch) {
  long o = get_group_id(0);
  T_C acc = ACC_LOWEST;
  for (long i = get_local_id(0); i < parts; i += get_local_size(0)) {
    T_C v = partial[o * parts + i];
    acc = RMAX(acc, v);
  }
  WG_REDUCE(scratch, acc, RMAX);
  if (get_local_id(0) == 0) ST_T(y, tinfo_offset(&ty, o), acc);
}

#ifdef IS_FLOAT
__kernel void reduce_mean(__global T_T* y, TInfo ty, __global const T_T* x, TInfo touter,
                          TInfo tinner, long R, __local ACC* scratch) {
  long o = get_group_id(0);
  ACC acc = row_sum(x, tinfo_offset(&touter, o), &tinner, 0, R, scratch);
  if (get_local_id(0) == 0) ST_T(y, tinfo_offset(&ty, o), (T_C)(acc / (ACC)R));
}

/* softmax / log_softmax over the inner view of each row. */
inline void softmax_row(__global T_T* y, long ybase, const TInfo* yinner, __global const T_T* x,
                        long xbase, const TInfo* xinner, long R, __local ACC* scratch,
                        int log_form) {
  ACC m = -INFINITY;
  for (long r = get_local_id(0); r < R; r += get_local_size(0))
    m = NAN_MAX(m, (ACC)LD_T(x, xbase + row_offset(xinner, r)));
  WG_REDUCE(scratch, m, COMBINE_MAX);
  ACC s = (ACC)0;
  for (long r = get_local_id(0); r < R; r += get_local_size(0))
    s += exp((ACC)LD_T(x, xbase + row_offset(xinner, r)) - m);
  WG_REDUCE(scratch, s, COMBINE_ADD);
  ACC log_s = log(s);
  for (long r = get_local_id(0); r < R; r += get_local_size(0)) {
    ACC d = (ACC)LD_T(x, xbase + row_offset(xinner, r)) - m;
    ACC out = log_form ? d - log_s : exp(d) / s;
    ST_T(y, ybase + row_offset(yinner, r), (T_C)out);
  }
}

__kernel void softmax(__global T_T* y, TInfo youter, TInfo yinner, __global const T_T* x,
                      TInfo xouter, TInfo xinner, long R, __local ACC* scratch) {
  long o = get_group_id(0);
  softmax_row(y, tinfo_offset(&youter, o), &yinner, x, tinfo_offset(&xouter, o), &xinner, R,
              scratch, 0);
}

__kernel void log_softmax(__global T_T* y, TInfo youter, TInfo yinner, __global const T_T* x,
                          TInfo xouter, TInfo xinner, long R, __local ACC* scratch) {
  long o = get_group_id(0);
  softmax_row(y, tinfo_offset(&youter, o), &yinner, x, tinfo_offset(&xouter, o), &xinner, R,
              scratch, 1);
}

/* layer_norm (with_mean = 1, beta used) and rms_norm (with_mean = 0, beta ignored). */
__kernel void norm_rows(__global T_T* y, TInfo youter, TInfo yinner, __global const T_T* x,
                        TInfo xouter, TInfo xinner, __global const T_T* gamma, TInfo tg,
                        __global const T_T* beta, TInfo tb, long R, ACC epsilon, int with_mean,
                        __local ACC* scratch) {
  long o = get_group_id(0);
  long xbase = tinfo_offset(&xouter, o);
  long ybase = tinfo_offset(&youter, o);
  ACC mean = (ACC)0;
  if (with_mean) {
    ACC s = (ACC)0;
    for (long r = get_local_id(0); r < R; r += get_local_size(0))
      s += (ACC)LD_T(x, xbase + row_offset(&xinner, r));
    WG_REDUCE(scratch, s, COMBINE_ADD);
    mean = s / (ACC)R;
  }
  ACC sq = (ACC)0;
  for (long r = get_local_id(0); r < R; r += get_local_size(0)) {
    ACC d = (ACC)LD_T(x, xbase + row_offset(&xinner, r)) - mean;
    sq += d * d;
  }
  WG_REDUCE(scratch, sq, COMBINE_ADD);
  ACC inv = (ACC)1 / sqrt(sq / (ACC)R + epsilon);
  for (long r = get_local_id(0); r < R; r += get_local_size(0)) {
    ACC d = (ACC)LD_T(x, xbase + row_offset(&xinner, r)) - mean;
    ACC out = d * inv * (ACC)LD_T(gamma, row_offset(&tg, r));
    if (with_mean) out += (ACC)LD_T(beta, row_offset(&tb, r));
    ST_T(y, ybase + row_offset(&yinner, r), (T_C)out);
  }
}
#endif
