// Element moves along per-axis index tables: pad (every mode) and nearest resize.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ops/op.hpp"

namespace hwcert::reference {

// Per output axis, the input index each output index reads (-1: the fill value).
using AxisTables = std::vector<std::vector<int64_t>>;

// out[i_0, ..., i_r] = in[t_0[i_0], ..., t_r[i_r]] (same rank), or the element at `fill`
// where a table gives -1 (fill may be nullptr when no table does). slice_pad.cpp.
void gather_by_axis(const Operand& in, const Operand& out, const AxisTables& tables,
                    const std::byte* fill, ThreadPool& pool);

}  // namespace hwcert::reference
