/* Prints sizeof/offsetof of every boundary struct and field of the ABI, one per line. The
 * abi_layout test compares this with abi/layout/hwcert_abi_v1.layout: a change to a frozen
 * layout fails until the layout file is deliberately updated (which is an ABI break unless
 * the change only appends fields). */
#include <stdio.h>

#include "hwcert/hwcert_plugin.h"

#define SIZE(type) printf("%s size %zu\n", #type, sizeof(type))
#define FIELD(type, field)                                                    \
  printf("%s.%s offset %zu size %zu\n", #type, #field, offsetof(type, field), \
         sizeof(((type*)0)->field))

int main(void) {
  SIZE(HWC_Extension);
  FIELD(HWC_Extension, struct_size);
  FIELD(HWC_Extension, type);
  FIELD(HWC_Extension, next);

  SIZE(HWC_HostApi);
  FIELD(HWC_HostApi, struct_size);
  FIELD(HWC_HostApi, reserved0);
  FIELD(HWC_HostApi, extension);
  FIELD(HWC_HostApi, abi_version_major);
  FIELD(HWC_HostApi, abi_version_minor);
  FIELD(HWC_HostApi, host_name);
  FIELD(HWC_HostApi, log);
  FIELD(HWC_HostApi, log_user_data);

  SIZE(HWC_TensorDesc);
  FIELD(HWC_TensorDesc, struct_size);
  FIELD(HWC_TensorDesc, reserved0);
  FIELD(HWC_TensorDesc, extension);
  FIELD(HWC_TensorDesc, dtype);
  FIELD(HWC_TensorDesc, rank);
  FIELD(HWC_TensorDesc, shape);
  FIELD(HWC_TensorDesc, strides);
  FIELD(HWC_TensorDesc, byte_offset);

  SIZE(HWC_Attribute);
  FIELD(HWC_Attribute, struct_size);
  FIELD(HWC_Attribute, reserved0);
  FIELD(HWC_Attribute, extension);
  FIELD(HWC_Attribute, name);
  FIELD(HWC_Attribute, type);
  FIELD(HWC_Attribute, count);
  FIELD(HWC_Attribute, value_int);
  FIELD(HWC_Attribute, value_float);
  FIELD(HWC_Attribute, value_string);
  FIELD(HWC_Attribute, value_ints);
  FIELD(HWC_Attribute, value_floats);

  SIZE(HWC_OpDesc);
  FIELD(HWC_OpDesc, struct_size);
  FIELD(HWC_OpDesc, reserved0);
  FIELD(HWC_OpDesc, extension);
  FIELD(HWC_OpDesc, op_name);
  FIELD(HWC_OpDesc, opset);
  FIELD(HWC_OpDesc, num_inputs);
  FIELD(HWC_OpDesc, inputs);
  FIELD(HWC_OpDesc, num_outputs);
  FIELD(HWC_OpDesc, num_attributes);
  FIELD(HWC_OpDesc, outputs);
  FIELD(HWC_OpDesc, attributes);

  SIZE(HWC_PluginApi);
  FIELD(HWC_PluginApi, struct_size);
  FIELD(HWC_PluginApi, reserved0);
  FIELD(HWC_PluginApi, extension);
  FIELD(HWC_PluginApi, abi_version_major);
  FIELD(HWC_PluginApi, abi_version_minor);
  FIELD(HWC_PluginApi, error_code);
  FIELD(HWC_PluginApi, error_message);
  FIELD(HWC_PluginApi, error_destroy);
  FIELD(HWC_PluginApi, plugin_shutdown);
  FIELD(HWC_PluginApi, plugin_get_info);
  FIELD(HWC_PluginApi, device_count);
  FIELD(HWC_PluginApi, device_open);
  FIELD(HWC_PluginApi, device_close);
  FIELD(HWC_PluginApi, device_get_info);
  FIELD(HWC_PluginApi, device_can_access_peer);
  FIELD(HWC_PluginApi, buffer_alloc);
  FIELD(HWC_PluginApi, buffer_free);
  FIELD(HWC_PluginApi, stream_create);
  FIELD(HWC_PluginApi, stream_destroy);
  FIELD(HWC_PluginApi, stream_synchronize);
  FIELD(HWC_PluginApi, copy_h2d);
  FIELD(HWC_PluginApi, copy_d2h);
  FIELD(HWC_PluginApi, copy_d2d);
  FIELD(HWC_PluginApi, fill);
  FIELD(HWC_PluginApi, event_create);
  FIELD(HWC_PluginApi, event_destroy);
  FIELD(HWC_PluginApi, event_record);
  FIELD(HWC_PluginApi, event_synchronize);
  FIELD(HWC_PluginApi, event_elapsed_ns);
  FIELD(HWC_PluginApi, op_support);
  FIELD(HWC_PluginApi, op_workspace_size);
  FIELD(HWC_PluginApi, op_launch);
  return 0;
}
