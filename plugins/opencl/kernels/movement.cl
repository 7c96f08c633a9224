/* Data movement on raw elements: E_T is an unsigned integer type of the element's size,
 * so these kernels serve every dtype bit for bit. */

__kernel void copy_strided(__global E_T* y, TInfo ty, __global const E_T* x, TInfo tx, long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long oy, ox;
  offsets2(&ty, &tx, i, &oy, &ox);
  y[oy] = x[ox];
}

/* Output index -> data index: ty spans the output shape; td holds data's strides for the
 * output dims that come from data (0 for the dims of indices); ti holds the index tensor's
 * strides for its dims (0 elsewhere). An out-of-range index writes zero bytes and raises the
 * stream's error flag (reported by stream_synchronize). */
__kernel void gather_strided(__global E_T* y, TInfo ty, __global const E_T* data, TInfo td,
                             __global const IDX_T* indices, TInfo ti, long axis_stride,
                             long axis_extent, long n, __global int* error_flag) {
  long i = get_global_id(0);
  if (i >= n) return;
  long oy, od, oi;
  offsets3(&ty, &td, &ti, i, &oy, &od, &oi);
  long k = (long)indices[oi];
  if (k >= 0 && k < axis_extent) {
    y[oy] = data[od + k * axis_stride];
  } else {
    y[oy] = (E_T)0;
    atomic_or(error_flag, 1);
  }
}

/* y and x hold the same elements in row-major order under different shapes (reshape of a
 * view that no strided view of y's shape can express). */
__kernel void copy_reshaped(__global E_T* y, TInfo ty, __global const E_T* x, TInfo tx, long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  y[tinfo_offset(&ty, i)] = x[tinfo_offset(&tx, i)];
}

/* where: every view spans y's shape (cond, a and b broadcast by stride 0). */
__kernel void where_strided(__global E_T* y, TInfo ty, __global const uchar* cond, TInfo tc,
                            __global const E_T* a, TInfo ta, __global const E_T* b, TInfo tb,
                            long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long oy, oc, oa, ob;
  offsets2(&ty, &tc, i, &oy, &oc);
  offsets2(&ta, &tb, i, &oa, &ob);
  y[oy] = cond[oc] != 0 ? a[oa] : b[ob];
}

/* pad: ty spans y, tx x (same rank); begin holds the leading pads. PAD_MODE: 0 constant
 * (value outside x), 1 reflect (mirror without repeating the edge), 2 edge (clamp). */
typedef struct {
  long begin[8];
} PadBegin;

__kernel void pad_strided(__global E_T* y, TInfo ty, __global const E_T* x, TInfo tx,
                          PadBegin pads, E_T value, long n) {
  long i = get_global_id(0);
  if (i >= n) return;
  long oy = ty.offset, ox = tx.offset, rest = i;
  int inside = 1;
  for (int d = (int)ty.rank - 1; d >= 0; --d) {
    long q = rest % ty.shape[d];
    rest /= ty.shape[d];
    oy += q * ty.stride[d];
    long s = q - pads.begin[d], e = tx.shape[d];
#if PAD_MODE == 1
    s = s < 0 ? -s : (s >= e ? 2 * (e - 1) - s : s);
#elif PAD_MODE == 2
    s = s < 0 ? 0 : (s >= e ? e - 1 : s);
#else
    inside = inside && s >= 0 && s < e;
#endif
    ox += s * tx.stride[d];
  }
  if (inside) {
    y[oy] = x[ox];
  } else {
    y[oy] = value;
  }
}
