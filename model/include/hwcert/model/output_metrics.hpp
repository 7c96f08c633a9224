// Whole-tensor accuracy measures of a device result against the float64 chain.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace hwcert::model {

// max |d - r| over max |r| (the error relative to the tensor's own scale, so that values
// near zero do not blow it up); 0 when both are zero.
double max_relative_error(std::span<const double> device, std::span<const double> reference);
// d·r / (|d| |r|); 1 when both are zero, 0 when one is.
double cosine_similarity(std::span<const double> device, std::span<const double> reference);

// Logits in rows of `classes` (the last axis).
struct LogitMetrics {
  double top1 = 0;  // rows whose device argmax is the reference argmax
  double top5 = 0;  // rows whose reference argmax is among the device's five largest
  double kl = 0;    // mean over rows of KL(softmax(reference) || softmax(device)), in nats
};
LogitMetrics logit_metrics(std::span<const double> device, std::span<const double> reference,
                           int64_t classes);

}  // namespace hwcert::model
