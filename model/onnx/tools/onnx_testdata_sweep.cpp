// hwcert_onnx_sweep: every model of an ONNX test-data tree (Debian's libonnx-testdata:
// <data>/<set>/<model>/model.onnx with test_data_set_*/input_N.pb, output_N.pb) imported,
// written and read back as hwcert's graph, run on a plugin through the executor and compared
// with the published outputs (docs/models.md, "Importing ONNX": the rule and the counts).
//
//   hwcert_onnx_sweep --plugin P [--data DIR] [--sets node,simple,...] [--every N]
//                     [--min-accepted N] [--min-agreeing N] [--verbose]
// Exit 0; 1 when a count is under its floor; 2 on usage.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "sweep_model.hpp"

namespace {

namespace fs = std::filesystem;
using hwcert::model::onnx::SweepOutcome;

struct Options {
  std::string plugin;
  fs::path data = "/usr/share/libonnx-testdata/data";
  std::vector<std::string> sets{"node", "pytorch-converted", "pytorch-operator", "simple"};
  int every = 1;  // every N-th model of each set (a subset for CTest)
  int min_accepted = 0, min_agreeing = 0;
  bool verbose = false;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t comma = std::min(s.find(',', start), s.size());
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--verbose") {
      o.verbose = true;
    } else if (has_value && arg == "--plugin") {
      o.plugin = argv[++i];
    } else if (has_value && arg == "--data") {
      o.data = argv[++i];
    } else if (has_value && arg == "--sets") {
      o.sets = split_list(argv[++i]);
    } else if (has_value && arg == "--every") {
      o.every = std::max(1, std::stoi(argv[++i]));
    } else if (has_value && arg == "--min-accepted") {
      o.min_accepted = std::stoi(argv[++i]);
    } else if (has_value && arg == "--min-agreeing") {
      o.min_agreeing = std::stoi(argv[++i]);
    } else {
      std::cerr << "hwcert_onnx_sweep: unknown or incomplete argument '" << arg << "'\n";
      return false;
    }
  }
  return !o.plugin.empty();
}

std::vector<fs::path> model_dirs(const Options& o) {
  std::vector<fs::path> dirs;
  for (const std::string& set : o.sets) {
    std::vector<fs::path> in_set;
    for (const auto& entry : fs::directory_iterator(o.data / set)) {
      if (fs::exists(entry.path() / "model.onnx")) in_set.push_back(entry.path());
    }
    std::sort(in_set.begin(), in_set.end());
    for (std::size_t i = 0; i < in_set.size(); i += static_cast<std::size_t>(o.every)) {
      dirs.push_back(in_set[i]);
    }
  }
  return dirs;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::cerr << "usage: hwcert_onnx_sweep --plugin P [--data DIR] [--sets a,b] [--every N] "
                 "[--min-accepted N] [--min-agreeing N] [--verbose]\n";
    return 2;
  }
  auto device = hwcert::model::onnx::open_sweep_device(o.plugin);
  if (!device.ok()) {
    std::cerr << device.status().to_string() << "\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const fs::path scratch = fs::temp_directory_path() / fmt::format("hwcert_onnx_sweep.{}", getpid());
  int models = 0, accepted = 0, agreeing = 0;
  std::map<std::string, std::vector<std::string>> refused;  // reason -> models
  std::vector<std::string> disagreeing;
  for (const fs::path& dir : model_dirs(o)) {
    ++models;
    const std::string label = dir.parent_path().filename().string() + "/" + dir.filename().string();
    const SweepOutcome r = hwcert::model::onnx::sweep_model(*device, dir, scratch);
    if (!r.accepted) {
      for (const std::string& reason : r.reasons) refused[reason].push_back(label);
    } else {
      ++accepted;
      if (r.agrees) ++agreeing; else disagreeing.push_back(label + ": " + r.detail);
    }
    if (o.verbose) {
      std::cout << fmt::format("{:<60} {}\n", label,
                               !r.accepted ? "refused: " + r.reasons.front()
                               : r.agrees  ? "agrees " + r.detail
                                           : "DISAGREES " + r.detail);
    }
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format("models {}, accepted {}, agreeing {}, refused {} ({:.1f} s)\n", models,
                           accepted, agreeing, models - accepted, seconds);
  std::vector<std::pair<std::size_t, std::string>> reasons;
  for (const auto& [reason, list] : refused) reasons.emplace_back(list.size(), reason);
  std::sort(reasons.rbegin(), reasons.rend());
  std::cout << "refusal reasons (models; a model may have several):\n";
  for (const auto& [count, reason] : reasons) std::cout << fmt::format("  {:>4}  {}\n", count, reason);
  for (const std::string& d : disagreeing) std::cout << "DISAGREES " << d << "\n";
  bool ok = true;
  if (accepted < o.min_accepted || agreeing < o.min_agreeing) {
    std::cout << fmt::format("FAIL: accepted {} (floor {}), agreeing {} (floor {})\n", accepted,
                             o.min_accepted, agreeing, o.min_agreeing);
    ok = false;
  }
  return ok ? 0 : 1;
}
