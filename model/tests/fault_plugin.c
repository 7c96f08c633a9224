/* A test plugin with one planted bug: it forwards every call to the reference plugin
 * (loaded from HWCERT_FAULT_WRAPPED, a path fixed at build time) except that every gelu is
 * launched with approximate = "tanh" while op_support was asked about the exact gelu. The
 * error is small (about 1e-3 at most), the kind of slip a port makes; `hwcert model check`
 * must name the first gelu node as the first failing node.
 * Built with HWCERT_FAULT_OPSET1 it plants no bug but reports HWC_PLUGIN_INFO_OPSET 1: a
 * plugin of opset 1, which `hwcert model check` must refuse for a model that needs opset 2. */
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

#include "hwcert/hwcert_plugin.h"

#define FAULT_MAX_ATTRIBUTES 32

static HWC_PluginApi wrapped_api; /* the reference plugin's table with one slot replaced */
#ifndef HWCERT_FAULT_OPSET1
static HWC_Error* (*reference_launch)(HWC_Stream*, const HWC_OpDesc*, HWC_Buffer* const*, uint32_t,
                                      HWC_Buffer* const*, uint32_t, HWC_Buffer*, uint64_t);

static HWC_Error* faulty_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                                uint32_t num_inputs, HWC_Buffer* const* outputs,
                                uint32_t num_outputs, HWC_Buffer* workspace,
                                uint64_t workspace_size) {
  if (strcmp(op->op_name, "gelu") != 0 || op->num_attributes >= FAULT_MAX_ATTRIBUTES) {
    return reference_launch(stream, op, inputs, num_inputs, outputs, num_outputs, workspace,
                            workspace_size);
  }
  HWC_Attribute tanh_attr;
  memset(&tanh_attr, 0, sizeof tanh_attr);
  tanh_attr.struct_size = sizeof tanh_attr;
  tanh_attr.name = "approximate";
  tanh_attr.type = HWC_ATTR_STRING;
  tanh_attr.value_string = "tanh";
  tanh_attr.count = 4;
  const HWC_Attribute* attrs[FAULT_MAX_ATTRIBUTES];
  uint32_t count = 0;
  for (uint32_t i = 0; i < op->num_attributes; ++i) {
    if (strcmp(op->attributes[i]->name, "approximate") != 0) attrs[count++] = op->attributes[i];
  }
  attrs[count++] = &tanh_attr;
  HWC_OpDesc changed = *op;
  changed.num_attributes = count;
  changed.attributes = attrs;
  return reference_launch(stream, &changed, inputs, num_inputs, outputs, num_outputs, workspace,
                          workspace_size);
}

#else
static HWC_Error* (*reference_get_info)(int32_t, size_t, void*, size_t*);

static HWC_Error* opset1_get_info(int32_t key, size_t value_size, void* value, size_t* size_ret) {
  HWC_Error* error = reference_get_info(key, value_size, value, size_ret);
  if (error == NULL && key == HWC_PLUGIN_INFO_OPSET && value != NULL) *(uint32_t*)value = 1;
  return error;
}
#endif

HWC_EXPORT HWC_Error* hwc_get_plugin_api(const HWC_HostApi* host, const HWC_PluginApi** api) {
  /* Without the reference plugin there is no table: the loader reports a NULL table. */
  *api = NULL;
  void* library = dlopen(HWCERT_FAULT_WRAPPED, RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) return NULL;
  HWC_GetPluginApiFn entry = (HWC_GetPluginApiFn)(uintptr_t)dlsym(library, "hwc_get_plugin_api");
  if (entry == NULL) return NULL;
  const HWC_PluginApi* reference = NULL;
  HWC_Error* error = entry(host, &reference);
  if (error != NULL) return error;
  memcpy(&wrapped_api, reference,
         reference->struct_size < sizeof wrapped_api ? reference->struct_size : sizeof wrapped_api);
#ifdef HWCERT_FAULT_OPSET1
  reference_get_info = reference->plugin_get_info;
  wrapped_api.plugin_get_info = opset1_get_info;
#else
  reference_launch = reference->op_launch;
  wrapped_api.op_launch = faulty_launch;
#endif
  *api = &wrapped_api;
  return NULL;
}
