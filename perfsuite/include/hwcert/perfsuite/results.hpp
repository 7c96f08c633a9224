// The result model of a perf run (perf.json) is the result model's (hwcert/results/): records,
// header and document writer live there; perfsuite names them in its own namespace.
#pragma once

#include "hwcert/results/json_io.hpp"
#include "hwcert/results/perf_record.hpp"

namespace hwcert::perf {

using results::AbiOverhead;
using results::PerfHeader;
using results::PerfRecord;
using results::PerfResult;
using results::Roofline;

}  // namespace hwcert::perf
