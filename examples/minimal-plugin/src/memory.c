/* Buffers live in host memory (malloc). Copies and fill run at once on the calling thread;
 * the stream argument only has to be valid. A real plugin enqueues them on its queue. */
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "minimal.h"

/* Bytes handed out by buffer_alloc, against MINIMAL_DEVICE_MEMORY_BYTES. Every function of
 * the table may be called from any thread, so the counter is guarded. */
static pthread_mutex_t memory_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t memory_used = 0;

uint64_t minimal_memory_in_use(void) {
  uint64_t used;
  pthread_mutex_lock(&memory_lock);
  used = memory_used;
  pthread_mutex_unlock(&memory_lock);
  return used;
}

static int reserve(uint64_t size) {
  int ok;
  pthread_mutex_lock(&memory_lock);
  ok = size <= MINIMAL_DEVICE_MEMORY_BYTES - memory_used;
  if (ok) memory_used += size;
  pthread_mutex_unlock(&memory_lock);
  return ok;
}

static void release(uint64_t size) {
  pthread_mutex_lock(&memory_lock);
  memory_used -= size;
  pthread_mutex_unlock(&memory_lock);
}

static void free_buffer(HWC_Buffer* buffer) {
  release(buffer->size);
  free(buffer->allocation);
  free(buffer);
}

HWC_Error* minimal_buffer_alloc(HWC_Device* device, uint64_t size_bytes, HWC_Buffer** buffer) {
  HWC_Buffer* created;
  if (!MINIMAL_LIVE(device, MINIMAL_DEVICE) || buffer == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "buffer_alloc: NULL device or buffer");
  }
  if (size_bytes == 0) return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "buffer_alloc: size 0");
  if (!reserve(size_bytes)) {
    return minimal_error(
        HWC_STATUS_OUT_OF_MEMORY, "buffer_alloc: %llu bytes do not fit (%llu of %llu bytes in use)",
        (unsigned long long)size_bytes, (unsigned long long)minimal_memory_in_use(),
        (unsigned long long)MINIMAL_DEVICE_MEMORY_BYTES);
  }
  created = (HWC_Buffer*)malloc(sizeof(HWC_Buffer));
  if (created != NULL)
    created->allocation = malloc((size_t)size_bytes + MINIMAL_BUFFER_ALIGNMENT - 1);
  if (created == NULL || created->allocation == NULL) {
    free(created);
    release(size_bytes);
    return minimal_error(HWC_STATUS_OUT_OF_MEMORY, "buffer_alloc: malloc of %llu bytes failed",
                         (unsigned long long)size_bytes);
  }
  created->device = device;
  created->size = size_bytes;
  created->data = (unsigned char*)(((uintptr_t)created->allocation + MINIMAL_BUFFER_ALIGNMENT - 1) &
                                   ~(uintptr_t)(MINIMAL_BUFFER_ALIGNMENT - 1));
  if (!minimal_handle_add(created, MINIMAL_BUFFER)) {
    free_buffer(created);
    return minimal_error(HWC_STATUS_OUT_OF_MEMORY, "buffer_alloc: out of host memory");
  }
  *buffer = created;
  return NULL;
}

HWC_Error* minimal_buffer_free(HWC_Buffer* buffer) {
  /* Unregistered first: a second buffer_free of the same pointer (or one racing this call)
   * finds it absent and never reads the memory freed below. */
  if (!minimal_handle_remove(buffer, MINIMAL_BUFFER))
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "buffer_free: not a live buffer");
  free_buffer(buffer);
  return NULL;
}

HWC_Error* minimal_check_range(const HWC_Buffer* buffer, uint64_t offset, uint64_t size,
                               const char* what) {
  /* Written so that offset + size cannot overflow. */
  if (offset > buffer->size || size > buffer->size - offset) {
    return minimal_error(HWC_STATUS_OUT_OF_RANGE,
                         "%s: bytes [%llu, %llu + %llu) leave a buffer of %llu bytes", what,
                         (unsigned long long)offset, (unsigned long long)offset,
                         (unsigned long long)size, (unsigned long long)buffer->size);
  }
  return NULL;
}

HWC_Error* minimal_copy_h2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset,
                            const void* src, uint64_t size) {
  HWC_Error* error;
  if (!MINIMAL_LIVE(stream, MINIMAL_STREAM) || !MINIMAL_LIVE(dst, MINIMAL_BUFFER) ||
      (src == NULL && size > 0)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "copy_h2d: NULL argument");
  }
  if ((error = minimal_check_range(dst, dst_offset, size, "copy_h2d destination")) != NULL)
    return error;
  if (size > 0) memcpy(dst->data + dst_offset, src, (size_t)size);
  return NULL;
}

HWC_Error* minimal_copy_d2h(HWC_Stream* stream, void* dst, HWC_Buffer* src, uint64_t src_offset,
                            uint64_t size) {
  HWC_Error* error;
  if (!MINIMAL_LIVE(stream, MINIMAL_STREAM) || !MINIMAL_LIVE(src, MINIMAL_BUFFER) ||
      (dst == NULL && size > 0)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "copy_d2h: NULL argument");
  }
  if ((error = minimal_check_range(src, src_offset, size, "copy_d2h source")) != NULL) return error;
  if (size > 0) memcpy(dst, src->data + src_offset, (size_t)size);
  return NULL;
}

HWC_Error* minimal_copy_d2d(HWC_Stream* stream, HWC_Buffer* dst, uint64_t dst_offset,
                            HWC_Buffer* src, uint64_t src_offset, uint64_t size) {
  HWC_Error* error;
  if (!MINIMAL_LIVE(stream, MINIMAL_STREAM) || !MINIMAL_LIVE(dst, MINIMAL_BUFFER) ||
      !MINIMAL_LIVE(src, MINIMAL_BUFFER)) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "copy_d2d: NULL argument");
  }
  if ((error = minimal_check_range(dst, dst_offset, size, "copy_d2d destination")) != NULL)
    return error;
  if ((error = minimal_check_range(src, src_offset, size, "copy_d2d source")) != NULL) return error;
  /* memmove: source and destination may be ranges of one buffer. */
  if (size > 0) memmove(dst->data + dst_offset, src->data + src_offset, (size_t)size);
  return NULL;
}

HWC_Error* minimal_fill(HWC_Stream* stream, HWC_Buffer* dst, uint64_t offset, uint64_t size,
                        const void* pattern, uint32_t pattern_size) {
  HWC_Error* error;
  uint64_t at;
  if (!MINIMAL_LIVE(stream, MINIMAL_STREAM) || !MINIMAL_LIVE(dst, MINIMAL_BUFFER) ||
      pattern == NULL) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "fill: NULL argument");
  }
  if (pattern_size != 1 && pattern_size != 2 && pattern_size != 4 && pattern_size != 8) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT, "fill: pattern_size %u is not 1, 2, 4 or 8",
                         (unsigned)pattern_size);
  }
  if (size % pattern_size != 0) {
    return minimal_error(HWC_STATUS_INVALID_ARGUMENT,
                         "fill: size %llu is not a multiple of pattern_size %u",
                         (unsigned long long)size, (unsigned)pattern_size);
  }
  if ((error = minimal_check_range(dst, offset, size, "fill")) != NULL) return error;
  for (at = 0; at < size; at += pattern_size) {
    memcpy(dst->data + offset + at, pattern, pattern_size);
  }
  return NULL;
}
