# Warning and sanitizer settings for project code (never applied to third-party code).
option(HWCERT_WERROR "Treat warnings as errors in project code" ON)
# The mutants build of the reference plugin (the mutation harness, plugins/reference/mutants):
# test-only. The ASan preset turns it off: the harness is too slow instrumented and is left out
# of that run (scripts/ci-sanitizers.sh says why), so compiling it there is wasted.
option(HWCERT_MUTANTS "Build the reference plugin's planted-bug variants for the mutation harness" ON)
# Unity builds: each target's sources compiled in batches of 8 per translation unit. On a
# 2-core machine this takes a C++ target's compile time to 35-40 % of one file per unit (the
# same headers, nlohmann-json, CLI11, fmt, GoogleTest, are parsed and their templates
# instantiated once per batch; docs/building.md has the measurement). Source files therefore
# keep their file-local names distinct within a target (a second `kF32` in one target fails
# the build). Turn it off for quick edit-compile cycles on one file.
option(HWCERT_UNITY_BUILD "Compile each target's sources in batches (CMake unity build)" ON)
set(CMAKE_UNITY_BUILD ${HWCERT_UNITY_BUILD})
set(HWCERT_SANITIZE "" CACHE STRING "Sanitizers for the whole build: '', 'address,undefined' or 'thread'")

function(hwcert_project_target target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:C,CXX>:-Wall -Wextra -Wpedantic>
    $<$<AND:$<BOOL:${HWCERT_WERROR}>,$<COMPILE_LANGUAGE:C,CXX>>:-Werror>
    # GCC 12 at -O3 reports -Wrestrict on std::string concatenation inside libstdc++ (GCC bug
    # 105651, fixed in 13); it stays a warning there instead of failing the build.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>,$<COMPILE_LANGUAGE:CXX>>:-Wno-error=restrict>)
endfunction()

if(HWCERT_SANITIZE)
  add_compile_options($<$<COMPILE_LANGUAGE:C,CXX>:-fsanitize=${HWCERT_SANITIZE}>
                      $<$<COMPILE_LANGUAGE:C,CXX>:-fno-omit-frame-pointer>
                      $<$<COMPILE_LANGUAGE:C,CXX>:-fno-sanitize-recover=undefined>
                      # GCC's instrumentation makes -Wmaybe-uninitialized report std::variant
                      # and std::optional members spuriously (the GCC manual warns of it);
                      # normal builds keep it an error.
                      $<$<C_COMPILER_ID:GNU>:-Wno-error=maybe-uninitialized>)
  add_link_options(-fsanitize=${HWCERT_SANITIZE})
endif()

# A plugin: hidden visibility, one exported symbol, placed beside its manifest in the
# plugin directory of the build tree (mirrors the install tree).
function(hwcert_add_plugin target)
  cmake_parse_arguments(ARG "TEST_ONLY" "NAME;MANIFEST" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE hwcert::plugin_abi)
  set_target_properties(${target} PROPERTIES
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    PREFIX "lib")
  hwcert_project_target(${target})
  if(NOT ARG_TEST_ONLY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${HWCERT_PLUGIN_OUTPUT_DIR})
    if(ARG_MANIFEST)
      configure_file(${ARG_MANIFEST} ${HWCERT_PLUGIN_OUTPUT_DIR}/${ARG_NAME}.toml @ONLY)
      install(FILES ${HWCERT_PLUGIN_OUTPUT_DIR}/${ARG_NAME}.toml DESTINATION ${HWCERT_PLUGIN_SUBDIR})
    endif()
    install(TARGETS ${target} LIBRARY DESTINATION ${HWCERT_PLUGIN_SUBDIR})
    set_property(GLOBAL APPEND PROPERTY HWCERT_SHIPPED_PLUGINS ${target})
  else()
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test-plugins)
  endif()
endfunction()

# C test plugins built from one source, one per variant:
#   hwcert_add_variant_plugins(<out_var> SOURCE <file.c> TARGET_PREFIX <p> MACRO <M>
#                              VARIANTS good <VARIANT>... [LIBS libs...])
# makes the TEST_ONLY plugin <p>_<variant in lower case> for each variant, compiled with
# <M>_NAME="<name prefix>_<variant in lower case>" (NAME_PREFIX) and, for every variant but
# good, <M>_<VARIANT>; the targets are listed in <out_var>.
function(hwcert_add_variant_plugins out_var)
  cmake_parse_arguments(ARG "" "SOURCE;TARGET_PREFIX;NAME_PREFIX;MACRO" "VARIANTS;LIBS" ${ARGN})
  set(targets)
  foreach(variant ${ARG_VARIANTS})
    string(TOLOWER ${variant} lower)
    set(target ${ARG_TARGET_PREFIX}_${lower})
    hwcert_add_plugin(${target} TEST_ONLY SOURCES ${ARG_SOURCE})
    target_compile_definitions(${target} PRIVATE ${ARG_MACRO}_NAME="${ARG_NAME_PREFIX}_${lower}")
    if(ARG_LIBS)
      target_link_libraries(${target} PRIVATE ${ARG_LIBS})
    endif()
    if(NOT variant STREQUAL "good")
      target_compile_definitions(${target} PRIVATE ${ARG_MACRO}_${variant})
    endif()
    list(APPEND targets ${target})
  endforeach()
  set(${out_var} ${targets} PARENT_SCOPE)
endfunction()

# A host library hwcert_<name> (alias hwcert::<name>, export name <name>) with its public
# headers in the calling folder's include/ and the project's warning settings.
#   hwcert_add_library(<name> SOURCES ... [PUBLIC deps...] [PRIVATE deps...])
function(hwcert_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  set(target hwcert_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(hwcert::${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  hwcert_project_target(${target})
endfunction()

# A GoogleTest binary registered with CTest.
function(hwcert_add_gtest target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main Threads::Threads)
  hwcert_project_target(${target})
  include(GoogleTest)
  gtest_discover_tests(${target} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
