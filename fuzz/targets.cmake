# The fuzz targets and the libraries each one links. Included by fuzz/CMakeLists.txt (libFuzzer
# builds) and tests/hostile/CMakeLists.txt (replay of corpora and regressions in normal builds).
set(HWCERT_FUZZ_TARGETS
  plugin_manifest target_profile waivers journal suite npy bundle_verify)
set(HWCERT_FUZZ_LIBS_plugin_manifest hwcert::loader)
set(HWCERT_FUZZ_LIBS_target_profile hwcert::profile)
set(HWCERT_FUZZ_LIBS_waivers hwcert::runner)
set(HWCERT_FUZZ_LIBS_journal hwcert::runner)
set(HWCERT_FUZZ_LIBS_suite hwcert::conformance)
set(HWCERT_FUZZ_LIBS_npy hwcert::runner)
set(HWCERT_FUZZ_LIBS_bundle_verify hwcert::bundle)
set(HWCERT_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
