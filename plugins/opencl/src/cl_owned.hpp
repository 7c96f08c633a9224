// Ownership of an OpenCL object held only while the plugin uses it: released (clRelease*)
// when its owner goes, also when a check throws before the end of the scope.
#pragma once

#include <CL/cl.h>

#include <memory>
#include <type_traits>

namespace hwcert::opencl {

template <auto Release>
struct ClRelease {
  template <class Object>
  void operator()(Object* object) const {
    Release(object);
  }
};

/// An owned cl_kernel, cl_mem, ... (empty when creation failed).
template <class Handle, auto Release>
using ClOwned = std::unique_ptr<std::remove_pointer_t<Handle>, ClRelease<Release>>;

using OwnedKernel = ClOwned<cl_kernel, clReleaseKernel>;
using OwnedMem = ClOwned<cl_mem, clReleaseMemObject>;

}  // namespace hwcert::opencl
