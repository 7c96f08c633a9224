/* The live handles of this plugin. A pointer is a valid handle exactly while it is listed
 * here, so a NULL, bogus or already destroyed handle is refused without reading the memory it
 * points to (a destroyed handle's memory may be freed, or reused by another allocation).
 * Every function of the table may be called from any thread, so the list is guarded.
 *
 * A plain array searched from the end: a conformance run holds a few handles at a time. A
 * plugin that keeps thousands alive would use a hash set instead. */
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <stdlib.h>

#include "minimal.h"

typedef struct {
  const void* handle;
  MinimalHandleKind kind;
} LiveHandle;

static pthread_mutex_t handles_lock = PTHREAD_MUTEX_INITIALIZER;
static LiveHandle* handles = NULL;
static size_t handle_count = 0;
static size_t handle_capacity = 0;

/* Index of (handle, kind) in the list, or handle_count when absent. Call with the lock held. */
static size_t find(const void* handle, MinimalHandleKind kind) {
  size_t i = handle_count;
  while (i > 0) {
    --i;
    if (handles[i].handle == handle && handles[i].kind == kind) return i;
  }
  return handle_count;
}

int minimal_handle_add(const void* handle, MinimalHandleKind kind) {
  int added = 1;
  pthread_mutex_lock(&handles_lock);
  if (handle_count == handle_capacity) {
    size_t capacity = handle_capacity == 0 ? 16 : handle_capacity * 2;
    LiveHandle* grown = (LiveHandle*)realloc(handles, capacity * sizeof(LiveHandle));
    if (grown == NULL) {
      added = 0;
    } else {
      handles = grown;
      handle_capacity = capacity;
    }
  }
  if (added) {
    handles[handle_count].handle = handle;
    handles[handle_count].kind = kind;
    ++handle_count;
  }
  pthread_mutex_unlock(&handles_lock);
  return added;
}

void* minimal_handle_new(size_t size, MinimalHandleKind kind) {
  void* handle = calloc(1, size);
  if (handle != NULL && !minimal_handle_add(handle, kind)) {
    free(handle);
    handle = NULL;
  }
  return handle;
}

int minimal_handle_is_live(const void* handle, MinimalHandleKind kind) {
  int live;
  if (handle == NULL) return 0;
  pthread_mutex_lock(&handles_lock);
  live = find(handle, kind) < handle_count;
  pthread_mutex_unlock(&handles_lock);
  return live;
}

int minimal_handle_remove(const void* handle, MinimalHandleKind kind) {
  size_t at;
  int removed;
  if (handle == NULL) return 0;
  pthread_mutex_lock(&handles_lock);
  at = find(handle, kind);
  removed = at < handle_count;
  if (removed) handles[at] = handles[--handle_count];
  /* The list goes with the last handle, so that nothing is left behind when the host unloads
   * the plugin after destroying every handle. */
  if (handle_count == 0) {
    free(handles);
    handles = NULL;
    handle_capacity = 0;
  }
  pthread_mutex_unlock(&handles_lock);
  return removed;
}
