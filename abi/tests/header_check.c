/* Compiled as C99 -pedantic and as C++17 by the abi_header_* tests: the header must be
 * self-contained and warning-free in both. */
#include <string.h>

#include "hwcert/hwcert_plugin.h"

int main(void) {
  HWC_TensorDesc tensor;
  memset(&tensor, 0, sizeof(tensor));
  tensor.struct_size = (uint32_t)sizeof(tensor);
  return HWC_HAS_FIELD(&tensor, HWC_TensorDesc, byte_offset) ? 0 : 1;
}
