// The table behind op_schemas() (op_table.cpp).
#pragma once

#include <vector>

#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::catalogue {

const std::vector<OpSchema>& op_table();

}  // namespace hwcert::catalogue
