# Runs the layout dump and fails with a diff when it differs from the checked-in layout.
execute_process(COMMAND ${DUMP} OUTPUT_VARIABLE actual RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "layout dump failed: ${rc}")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/actual.layout "${actual}")
  execute_process(COMMAND diff -u ${EXPECTED} ${CMAKE_CURRENT_BINARY_DIR}/actual.layout
                  OUTPUT_VARIABLE diff)
  message(FATAL_ERROR "ABI layout changed (frozen for release 1.0):\n${diff}")
endif()
message(STATUS "ABI layout matches ${EXPECTED}")
