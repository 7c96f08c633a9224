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
