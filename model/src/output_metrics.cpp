#include "hwcert/model/output_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace hwcert::model {
namespace {

// log-softmax of one row.
std::vector<double> log_softmax(std::span<const double> row) {
  const double top = *std::max_element(row.begin(), row.end());
  double sum = 0;
  for (double x : row) sum += std::exp(x - top);
  std::vector<double> out(row.size());
  for (std::size_t i = 0; i < row.size(); ++i) out[i] = row[i] - top - std::log(sum);
  return out;
}

std::size_t argmax(std::span<const double> row) {
  return static_cast<std::size_t>(std::max_element(row.begin(), row.end()) - row.begin());
}

bool in_top(std::span<const double> row, std::size_t index, std::size_t k) {
  std::size_t larger = 0;
  for (double x : row) larger += x > row[index] ? 1 : 0;
  return larger < k;
}

}  // namespace

double max_relative_error(std::span<const double> device, std::span<const double> reference) {
  double error = 0, scale = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    error = std::isnan(device[i]) ? INFINITY : std::max(error, std::abs(device[i] - reference[i]));
    scale = std::max(scale, std::abs(reference[i]));
    if (std::isinf(error)) return error;
  }
  if (scale == 0) return error == 0 ? 0 : INFINITY;
  return error / scale;
}

namespace {

// e where 2^e is about the largest finite magnitude of `v` (0 when there is none): scaling
// by 2^-e is exact, and keeps the squares of cosine_similarity from overflowing (values
// beyond 1e154) or underflowing (subnormals).
int binary_exponent(std::span<const double> v) {
  double top = 0;
  for (double x : v) {
    if (std::isfinite(x)) top = std::max(top, std::abs(x));
  }
  return top == 0 ? 0 : std::ilogb(top);
}

}  // namespace

double cosine_similarity(std::span<const double> device, std::span<const double> reference) {
  const int ed = binary_exponent(device), er = binary_exponent(reference);
  double dot = 0, dd = 0, rr = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const double d = std::ldexp(device[i], -ed), r = std::ldexp(reference[i], -er);
    dot += d * r;
    dd += d * d;
    rr += r * r;
  }
  if (dd == 0 && rr == 0) return 1;
  if (dd == 0 || rr == 0) return 0;
  return dot / std::sqrt(dd * rr);
}

LogitMetrics logit_metrics(std::span<const double> device, std::span<const double> reference,
                           int64_t classes) {
  LogitMetrics m;
  const auto c = static_cast<std::size_t>(std::max<int64_t>(classes, 1));
  const std::size_t rows = reference.size() / c;
  if (rows == 0) return m;
  for (std::size_t r = 0; r < rows; ++r) {
    const auto d = device.subspan(r * c, c);
    const auto ref = reference.subspan(r * c, c);
    const std::size_t ref_top = argmax(ref);
    m.top1 += argmax(d) == ref_top ? 1 : 0;
    m.top5 += in_top(d, ref_top, 5) ? 1 : 0;
    const std::vector<double> lp = log_softmax(ref), lq = log_softmax(d);
    for (std::size_t i = 0; i < c; ++i) m.kl += std::exp(lp[i]) * (lp[i] - lq[i]);
  }
  m.top1 /= static_cast<double>(rows);
  m.top5 /= static_cast<double>(rows);
  m.kl /= static_cast<double>(rows);
  return m;
}

}  // namespace hwcert::model
