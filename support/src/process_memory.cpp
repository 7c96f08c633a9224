#include "hwcert/support/process_memory.hpp"

#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdio>

// Provided by the ASan, LSan and HWASan runtimes; a null address elsewhere.
extern "C" void __sanitizer_purge_allocator() __attribute__((weak));

namespace hwcert::support {

std::optional<int64_t> resident_bytes() {
  std::FILE* file = std::fopen("/proc/self/statm", "r");
  if (file == nullptr) return std::nullopt;
  unsigned long long size_pages = 0;
  unsigned long long resident_pages = 0;
  const int fields = std::fscanf(file, "%llu %llu", &size_pages, &resident_pages);
  std::fclose(file);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (fields != 2 || page <= 0) return std::nullopt;
  return static_cast<int64_t>(resident_pages) * page;
}

void release_cached_memory() {
  if (__sanitizer_purge_allocator != nullptr) {
    __sanitizer_purge_allocator();
    return;
  }
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

}  // namespace hwcert::support
