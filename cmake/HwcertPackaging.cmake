# Packaging: hwcert installed as an SDK.
#
#   <prefix>/bin/hwcert                              the command
#   <prefix>/lib/hwcert/plugins/*.so, *.toml         shipped plugins + manifests (HwcertOptions)
#   <prefix>/include/hwcert/hwcert_plugin.h          the plugin C ABI
#   <prefix>/include/hwcert/loader/*.hpp             host-side loader headers
#   <prefix>/<libdir>/libhwcert_loader.a             host-side loader
#   <prefix>/include/hwcert/support/*.hpp            host utilities the loader uses
#   <prefix>/<libdir>/libhwcert_support.a            (files, TOML/JSON reading, globs)
#   <prefix>/<libdir>/cmake/hwcert/                  find_package(hwcert CONFIG)
#   <prefix>/share/pkgconfig/hwcert-plugin.pc        pkg-config for plugin authors
#   <prefix>/share/hwcert/{suites,targets,examples}  data and the vendor template
#   <prefix>/share/doc/hwcert/                       plugin author documentation
#
# Included once, at the end of the top-level CMakeLists.txt, after every target exists.
include(CMakePackageConfigHelpers)

set(HWCERT_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/hwcert)

# Two export sets: plugin authors need only the header-only plugin_abi target (no C++
# dependencies); hosts that embed the loader also need its dependencies.
install(EXPORT hwcertPluginAbiTargets NAMESPACE hwcert:: DESTINATION ${HWCERT_CMAKE_INSTALL_DIR})
install(EXPORT hwcertLoaderTargets NAMESPACE hwcert:: DESTINATION ${HWCERT_CMAKE_INSTALL_DIR})

# ABI version, read from the header so that it has one source of truth.
file(STRINGS ${PROJECT_SOURCE_DIR}/abi/include/hwcert/hwcert_plugin.h HWCERT_ABI_LINES
     REGEX "^#define HWC_ABI_VERSION_(MAJOR|MINOR) [0-9]+")
string(REGEX REPLACE ".*MAJOR ([0-9]+).*" "\\1" HWCERT_ABI_MAJOR "${HWCERT_ABI_LINES}")
string(REGEX REPLACE ".*MINOR ([0-9]+).*" "\\1" HWCERT_ABI_MINOR "${HWCERT_ABI_LINES}")
set(HWCERT_ABI_VERSION ${HWCERT_ABI_MAJOR}.${HWCERT_ABI_MINOR})

# Paths the config hands to users, relative to the install prefix.
set(HWCERT_INSTALL_BINDIR ${CMAKE_INSTALL_BINDIR})
set(HWCERT_INSTALL_PLUGINDIR ${HWCERT_PLUGIN_SUBDIR})
set(HWCERT_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/hwcert)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/hwcertConfig.cmake.in
  ${PROJECT_BINARY_DIR}/packaging/hwcertConfig.cmake
  INSTALL_DESTINATION ${HWCERT_CMAKE_INSTALL_DIR}
  PATH_VARS HWCERT_INSTALL_BINDIR HWCERT_INSTALL_PLUGINDIR HWCERT_INSTALL_DATADIR)
# The package version is the hwcert release; the plugin ABI has its own version
# (HWCERT_ABI_VERSION in the config, see docs/abi-versioning.md).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/packaging/hwcertConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/packaging/hwcertConfig.cmake
              ${PROJECT_BINARY_DIR}/packaging/hwcertConfigVersion.cmake
        DESTINATION ${HWCERT_CMAKE_INSTALL_DIR})

# pkg-config: header only, so it lives in share/pkgconfig and locates its prefix from there.
configure_file(${PROJECT_SOURCE_DIR}/cmake/hwcert-plugin.pc.in
               ${PROJECT_BINARY_DIR}/packaging/hwcert-plugin.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/packaging/hwcert-plugin.pc
        DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)

# Data: target profiles (conformance/ installs its own suites and tolerances).
if(EXISTS ${PROJECT_SOURCE_DIR}/certify/targets)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/certify/targets/
          DESTINATION ${CMAKE_INSTALL_DATADIR}/hwcert/targets FILES_MATCHING PATTERN "*.toml")
endif()

# Documentation for plugin authors.
foreach(doc plugin-author-guide abi-versioning troubleshooting op-catalogue)
  if(EXISTS ${PROJECT_SOURCE_DIR}/docs/${doc}.md)
    install(FILES ${PROJECT_SOURCE_DIR}/docs/${doc}.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()

# CPack: `cpack -G DEB` (or TGZ) in the build directory.
set(CPACK_PACKAGE_NAME hwcert)
set(CPACK_PACKAGE_VENDOR "hwcert project")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "hwcert project <hwcert@localhost>")
set(CPACK_GENERATOR "TGZ")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What a host embedding hwcert::loader compiles against (plugin authors need none of it).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "pkg-config, nlohmann-json3-dev, libfmt-dev, libboost-dev, libtomlplusplus-dev")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Hardware-vendor plugin C ABI and compatibility test suite.\n\
The hwcert command loads accelerator plugins, runs op-level conformance tests and\n\
benchmarks, and writes certification reports. Includes the plugin ABI header, a CMake\n\
package and pkg-config file for plugin authors, and a template plugin.")
include(CPack)
