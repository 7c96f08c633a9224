/* Errors: NULL is success; anything else is a heap object the host releases with
 * error_destroy. The message is what the user reads in hwcert's output, so say what was
 * wrong and with which values. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "minimal.h"

/* Returned when there is no memory left even for an error; never freed. */
static HWC_Error out_of_memory_error = {HWC_STATUS_OUT_OF_MEMORY,
                                        "minimal plugin: out of host memory"};

HWC_Error* minimal_error(int32_t code, const char* format, ...) {
  HWC_Error* error = (HWC_Error*)malloc(sizeof(HWC_Error));
  va_list args;
  if (error == NULL) return &out_of_memory_error;
  error->code = code;
  va_start(args, format);
  vsnprintf(error->message, sizeof(error->message), format, args);
  va_end(args);
  return error;
}

int32_t minimal_error_code(const HWC_Error* error) {
  return error != NULL ? error->code : HWC_STATUS_OK;
}

const char* minimal_error_message(const HWC_Error* error) {
  return error != NULL ? error->message : "";
}

void minimal_error_destroy(HWC_Error* error) {
  if (error != &out_of_memory_error) free(error);
}
