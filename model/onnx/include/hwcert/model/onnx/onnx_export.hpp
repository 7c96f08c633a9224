// hwcert's graph as an ONNX model (`hwcert model export`, docs/peers.md): the bound graph's
// nodes as ONNX operators of the default domain, opset 17 (an op ONNX has no equivalent of
// is written as the ONNX nodes of its definition: rms_norm, silu, gelu, attention), the
// weights drawn for a seed as initializers, the inputs with the symbolic batch kept. The
// inverse of the importer (onnx_import.hpp) up to its folding: an exported graph imported
// again computes the same values.
#pragma once

#include <filesystem>
#include <vector>

#include "hwcert/model/bound_graph.hpp"
#include "hwcert/model/onnx/onnx_graph.hpp"
#include "hwcert/model/onnx/onnx_import.hpp"

namespace hwcert::model::onnx {

// The opset of the default domain an exported model imports.
inline constexpr int64_t kExportOpset = 17;

struct ExportResult {
  OnnxGraph onnx;
  std::vector<Refusal> refusals;  // nodes with no ONNX form; empty when all were written
  bool ok() const { return refusals.empty(); }
};

// `graph` as ONNX; `sources` are its input and weight images (make_source_images): the
// weights become initializers (float weights in the graph's compute dtype, as the device
// computes with them), the inputs stay graph inputs. Tensor names are kept.
ExportResult export_onnx(const BoundGraph& graph,
                         const std::vector<std::vector<std::byte>>& sources);

// Writes `graph` as a serialized ModelProto. When its initializers hold more than
// `external_above` bytes in all, their data goes to "<file name>.data" beside it (ONNX
// external data; a ModelProto is limited to 2 GiB). INVALID_ARGUMENT when the file cannot be
// written; UNIMPLEMENTED when hwcert was built without the ONNX packages.
Status write_onnx_model(const OnnxGraph& graph, const std::filesystem::path& file,
                        uint64_t external_above = uint64_t{1} << 30);

}  // namespace hwcert::model::onnx
