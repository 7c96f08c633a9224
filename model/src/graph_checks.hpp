// Structural checks of a parsed graph: names declared once, every tensor read is defined,
// written once, no cycles; reorders the nodes so that each follows its producers.
#pragma once

#include <vector>

#include "hwcert/model/graph.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::model::detail {

std::vector<support::Diagnostic> check_and_order(Graph& graph);

}  // namespace hwcert::model::detail
