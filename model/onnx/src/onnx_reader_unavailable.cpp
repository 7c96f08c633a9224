// The ONNX reader and writer of a build without the ONNX packages (HWCERT_WITH_ONNX=OFF): every
// read and write fails with UNIMPLEMENTED saying what to install; the lowering itself is still
// built.
#include <fmt/format.h>

#include "hwcert/model/onnx/onnx_export.hpp"
#include "hwcert/model/onnx/onnx_graph.hpp"

namespace hwcert::model::onnx {
namespace {

Status unavailable(const std::filesystem::path& file) {
  return Status(StatusCode::kUnimplemented,
                fmt::format("{}: this hwcert was built without ONNX support (install "
                            "libonnx-dev and libprotobuf-dev, scripts/install-deps.sh, and "
                            "configure again)",
                            file.string()));
}

}  // namespace

Expected<OnnxGraph> read_onnx_model(const std::filesystem::path& file) {
  return unavailable(file);
}

Expected<OnnxTensor> read_onnx_tensor(const std::filesystem::path& file) {
  return unavailable(file);
}

Status write_onnx_model(const OnnxGraph&, const std::filesystem::path& file, uint64_t) {
  return unavailable(file);
}

bool onnx_support_built() {
  return false;
}

}  // namespace hwcert::model::onnx
