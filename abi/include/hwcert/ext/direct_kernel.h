/* Optional plugin extension used to measure the cost of the ABI itself.
 *
 * A plugin may chain this record into HWC_PluginApi.extension. It exposes the kernel behind
 * the op "vendor.hwcert.noop" (one f32 element copied from src to dst) as a plain function on
 * host memory, so that perfsuite can time the same work called directly and through
 * op_launch + stream_synchronize. Test plugins use it; shipped plugins need not. C99. */
#ifndef HWCERT_EXT_DIRECT_KERNEL_H_
#define HWCERT_EXT_DIRECT_KERNEL_H_

#include "hwcert/hwcert_plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Extension type id (vendor range: >= 0x10000). */
#define HWCERT_PERF_EXT_DIRECT_KERNEL 0x48570001

/** Name of the op whose kernel the extension exposes. */
#define HWCERT_PERF_NOOP_OP "vendor.hwcert.noop"

typedef struct HWCertPerfDirectKernel {
  HWC_Extension base; /**< base.type = HWCERT_PERF_EXT_DIRECT_KERNEL. */
  /** Copies `count` f32 elements from src to dst on the host, exactly as the op does. */
  void (*run)(const float* src, float* dst, uint64_t count);
} HWCertPerfDirectKernel;

#ifdef __cplusplus
}
#endif

#endif /* HWCERT_EXT_DIRECT_KERNEL_H_ */
