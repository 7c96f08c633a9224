/* Elementwise unary and binary ops for one dtype: T_T storage, T_C compute type, LD_T/ST_T
 * load and store. Float programs define IS_FLOAT; integer programs define T_U (the unsigned
 * type of the same width) and AS_T (bits back to T_C) so that arithmetic wraps. */

#define UNARY_KERNEL(name, EXPR)                                                     \
  __kernel void unary_##name(__global T_T* y, TInfo ty, __global const T_T* x, TInfo tx, \
                             long n) {                                               \
    long i = get_global_id(0);                                                       \
    if (i >= n) return;                                                              \
    long oy, ox;                                                                     \
    offsets2(&ty, &tx, i, &oy, &ox);                                                 \
    T_C v = LD_T(x, ox);                                                             \
    ST_T(y, oy, (EXPR));                                                             \
  }

#define BINARY_KERNEL(name, EXPR)                                                    \
  __kernel void binary_##name(__global T_T* y, TInfo ty, __global const T_T* a, TInfo ta, \
                              __global const T_T* b, TInfo tb, long n) {             \
    long i = get_global_id(0);                                                       \
    if (i >= n) return;                                                              \
    long oy, oa, ob;                                                                 \
    offsets3(&ty, &ta, &tb, i, &oy, &oa, &ob);                                       \
    T_C u = LD_T(a, oa);                                                             \
    T_C v = LD_T(b, ob);                                                             \
    ST_T(y, oy, (EXPR));                                                             \
  }

#ifdef IS_FLOAT
inline T_C sigmoid_of(T_C v) {
  if (v >= (T_C)0) return (T_C)1 / ((T_C)1 + exp(-v));
  T_C e = exp(v);
  return e / ((T_C)1 + e);
}

UNARY_KERNEL(neg, -v)
UNARY_KERNEL(abs, fabs(v))
UNARY_KERNEL(exp, exp(v))
UNARY_KERNEL(log, log(v))
UNARY_KERNEL(sqrt, sqrt(v))
UNARY_KERNEL(rsqrt, (T_C)1 / sqrt(v))
UNARY_KERNEL(tanh, tanh(v))
UNARY_KERNEL(sigmoid, sigmoid_of(v))
UNARY_KERNEL(relu, isnan(v) ? v : (v > (T_C)0 ? v : (T_C)0))
/* x * Phi(x) = 0.5 x erfc(-x / sqrt 2): no cancellation for negative x. */
UNARY_KERNEL(gelu, (T_C)0.5 * v * erfc(-v * (T_C)0.70710678118654752440))
/* 0.5 x (1 + tanh(u)) = x * sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3). */
UNARY_KERNEL(gelu_tanh,
             v * sigmoid_of((T_C)2 * (T_C)0.79788456080286535588 *
                            (v + (T_C)0.044715 * v * v * v)))
UNARY_KERNEL(silu, v * sigmoid_of(v))

BINARY_KERNEL(add, u + v)
BINARY_KERNEL(sub, u - v)
BINARY_KERNEL(mul, u * v)
BINARY_KERNEL(div, u / v)
BINARY_KERNEL(max, NAN_MAX(u, v))
BINARY_KERNEL(min, NAN_MIN(u, v))
BINARY_KERNEL(pow, pow(u, v))
#else
#define WRAP(x) AS_T((T_U)(x))
UNARY_KERNEL(neg, WRAP((T_U)0 - (T_U)v))
UNARY_KERNEL(abs, v < (T_C)0 ? WRAP((T_U)0 - (T_U)v) : v)
UNARY_KERNEL(relu, v > (T_C)0 ? v : (T_C)0)

BINARY_KERNEL(add, WRAP((T_U)u + (T_U)v))
BINARY_KERNEL(sub, WRAP((T_U)u - (T_U)v))
BINARY_KERNEL(mul, WRAP((T_U)u * (T_U)v))
BINARY_KERNEL(max, u > v ? u : v)
BINARY_KERNEL(min, u < v ? u : v)
#endif
