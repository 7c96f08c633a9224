#include "plugin_probe.hpp"

#include <memory>
#include <string_view>

#include "hwcert/support/worker_pool.hpp"

namespace hwcert::cli {

PluginProbe probe_plugin(const std::filesystem::path& library,
                         std::function<nlohmann::json(Plugin&)> describe,
                         std::chrono::milliseconds timeout) {
  support::WorkerOptions options;
  options.setup_timeout = timeout;
  const support::WorkerProbe answer = support::probe_in_worker(
      [&library, &describe] {
        auto log = std::make_shared<std::vector<std::string>>();
        LoadOptions load_options;
        load_options.log = [log](int32_t level, std::string_view message) {
          if (level >= HWC_LOG_WARNING) log->emplace_back(message);
        };
        auto loaded = load_plugin(library, std::move(load_options));
        if (auto* error = std::get_if<LoadError>(&loaded)) {
          return nlohmann::json{{"load_error", error->message},
                                {"load_error_kind", std::string(to_string(error->kind))},
                                {"log", *log}};
        }
        nlohmann::json description = describe(*std::get<PluginPtr>(loaded));
        return nlohmann::json{{"description", std::move(description)}, {"log", *log}};
      },
      options);
  PluginProbe probe;
  if (!answer.description) {
    probe.error = answer.error;
    probe.error_kind = "worker-died";
    return probe;
  }
  const nlohmann::json& found = *answer.description;
  probe.log = found.value("log", std::vector<std::string>{});
  if (found.contains("load_error")) {
    probe.error = found["load_error"].get<std::string>();
    probe.error_kind = found["load_error_kind"].get<std::string>();
  } else {
    probe.loaded = true;
    probe.description = found["description"];
  }
  return probe;
}

}  // namespace hwcert::cli
