#include "plugin_probe.hpp"

#include <memory>
#include <string_view>

#include "hwcert/runner/worker_pool.hpp"

namespace hwcert::cli {

PluginProbe probe_plugin(const std::filesystem::path& library,
                         std::function<nlohmann::json(Plugin&)> describe,
                         std::chrono::milliseconds timeout) {
  runner::WorkerOptions options;
  options.setup_timeout = timeout;
  auto answer = runner::probe_in_worker(
      [&library, &describe]() -> Expected<nlohmann::json> {
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
  if (!answer.ok()) {
    probe.error = answer.status().message();
    probe.error_kind = "worker-died";
    return probe;
  }
  probe.log = answer->value("log", std::vector<std::string>{});
  if (answer->contains("load_error")) {
    probe.error = (*answer)["load_error"].get<std::string>();
    probe.error_kind = (*answer)["load_error_kind"].get<std::string>();
  } else {
    probe.loaded = true;
    probe.description = std::move((*answer)["description"]);
  }
  return probe;
}

}  // namespace hwcert::cli
