#include "output_files.hpp"

#include "context.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::cli {

bool write_output_files(const std::vector<OutputFile>& files) {
  try {
    for (const OutputFile& file : files) support::write_file_atomic(file.path, file.content);
    return true;
  } catch (const support::Error& failure) {
    print_error(failure.what());
    return false;
  }
}

}  // namespace hwcert::cli
