// Run journal reader (conformance/runner) on arbitrary file contents.
#include <cstdint>

#include "hwcert/runner/journal.hpp"
#include "scratch_dir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hwcert::fuzz::scratch_dir() / "journal.jsonl";
  hwcert::fuzz::write_file(file, hwcert::fuzz::as_text(data, size));
  auto journal = hwcert::runner::read_journal(file);
  if (journal.ok() && journal->valid_bytes > size) __builtin_trap();  // prefix of the file
  if (!journal.ok() && journal.status().message().empty()) __builtin_trap();
  return 0;
}
