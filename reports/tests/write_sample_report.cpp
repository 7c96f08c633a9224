// Writes the sample bundles and the report made from them into a directory, for the schema
// and well-formedness checks in check_report_outputs.py.
#include <iostream>

#include "hwcert/reports/bundle_io.hpp"
#include "hwcert/reports/comparison.hpp"
#include "hwcert/reports/writers.hpp"
#include "hwcert/support/timestamp.hpp"
#include "sample_bundles.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_sample_report OUT_DIR\n";
    return 2;
  }
  using namespace hwcert::reports;
  namespace results = hwcert::results;
  const std::filesystem::path out = argv[1];
  const auto samples = testing::sample_bundles();
  std::vector<results::BundleResults> bundles;
  for (size_t i = 0; i < samples.size(); ++i) {
    const auto dir = out / ("bundle-" + std::to_string(i));
    write_bundle_results(samples[i], dir);
    bundles.push_back(read_bundle(dir));  // what `hwcert report` does
  }
  // h100 has no bundle: a placeholder column that shows its class's requirements.
  Comparison comparison = build_comparison(bundles, hwcert::support::utc_timestamp_now(),
                                           "hwcert 0.1.0 (test)", {"a100", "h100"});
  comparison.target_classes = testing::sample_classes();
  write_reports(comparison, out / "report");
  return 0;
}
