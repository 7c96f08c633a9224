#include "hwcert/runner/worker_pool.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <string_view>
#include <vector>

namespace hwcert::runner {
namespace {

using Clock = std::chrono::steady_clock;

// ---- framing: 4-byte little-endian length, then that many bytes of JSON ----

bool write_all(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool send_frame(int fd, const nlohmann::json& message) {
  const std::string text = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto size = static_cast<uint32_t>(text.size());
  const unsigned char header[4] = {static_cast<unsigned char>(size & 0xFF),
                                   static_cast<unsigned char>((size >> 8) & 0xFF),
                                   static_cast<unsigned char>((size >> 16) & 0xFF),
                                   static_cast<unsigned char>((size >> 24) & 0xFF)};
  return write_all(fd, header, 4) && write_all(fd, text.data(), text.size());
}

// Accumulates bytes from the pipe and yields complete frames.
class FrameReader {
 public:
  void feed(const char* data, std::size_t size) { buffer_.append(data, size); }
  // A complete frame, or nullopt. A frame that is not JSON becomes {"type":"garbled"}.
  std::optional<nlohmann::json> next() {
    if (buffer_.size() < 4) return std::nullopt;
    const auto* bytes = reinterpret_cast<const unsigned char*>(buffer_.data());
    const uint32_t size = static_cast<uint32_t>(bytes[0]) | (static_cast<uint32_t>(bytes[1]) << 8) |
                          (static_cast<uint32_t>(bytes[2]) << 16) |
                          (static_cast<uint32_t>(bytes[3]) << 24);
    if (buffer_.size() < 4 + static_cast<std::size_t>(size)) return std::nullopt;
    nlohmann::json message =
        nlohmann::json::parse(buffer_.substr(4, size), nullptr, /*allow_exceptions=*/false);
    buffer_.erase(0, 4 + static_cast<std::size_t>(size));
    if (message.is_discarded() || !message.is_object()) return nlohmann::json{{"type", "garbled"}};
    return message;
  }

 private:
  std::string buffer_;
};

// ---- the child side ----

[[noreturn]] void worker_main(const WorkerProgram& program, std::span<const std::size_t> items,
                              int channel, const std::filesystem::path& log_file, pid_t parent) {
  // Die with the parent: a killed harness must not leave workers running plugin code.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(125);
  // Default dispositions: a plugin's fault must end the worker with its own signal (a
  // sanitizer runtime inherited from the parent would turn it into an exit status).
  for (int fault : {SIGPIPE, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(fault, SIG_DFL);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  const int log_fd =
      log_file.empty() ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
                       : ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd >= 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);

  try {
    Expected<nlohmann::json> description = program.setup();
    if (!description.ok()) {
      send_frame(channel, {{"type", "setup_failed"}, {"message", description.status().message()}});
      ::_exit(0);
    }
    if (!send_frame(channel, {{"type", "setup"}, {"description", *description}})) ::_exit(1);
  } catch (const std::exception& failure) {
    send_frame(channel, {{"type", "setup_failed"}, {"message", failure.what()}});
    ::_exit(0);
  }
  for (const std::size_t item : items) {
    if (!send_frame(channel, {{"type", "start"}, {"item", item}})) ::_exit(1);
    nlohmann::json message;
    try {
      message = {{"type", "result"}, {"item", item}, {"record", program.run_item(item)}};
    } catch (const std::exception& failure) {
      message = {{"type", "item_error"}, {"item", item}, {"message", failure.what()}};
    }
    if (!send_frame(channel, message)) ::_exit(1);
  }
  send_frame(channel, {{"type", "done"}});
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(0);
}

// ---- the parent side ----

struct Worker {
  pid_t pid = -1;
  int channel = -1;
};

std::optional<Worker> spawn(const WorkerProgram& program, std::span<const std::size_t> items,
                            const WorkerOptions& options) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    ::close(fds[0]);
    worker_main(program, items, fds[1], options.log_file, parent);
  }
  ::close(fds[1]);
  return Worker{pid, fds[0]};
}

// Reaps the worker and words how it ended.
std::string reap(pid_t pid, bool* clean_exit) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  *clean_exit = false;
  if (WIFSIGNALED(status)) return "worker killed by " + describe_signal(WTERMSIG(status));
  if (WIFEXITED(status)) {
    *clean_exit = WEXITSTATUS(status) == 0;
    return fmt::format("worker exited with status {}", WEXITSTATUS(status));
  }
  return "worker ended";
}

std::string seconds_text(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return fmt::format("{} s", duration.count() / 1000);
  return fmt::format("{:.3f} s", static_cast<double>(duration.count()) / 1000.0);
}

}  // namespace

std::string describe_signal(int signal_number) {
  const char* abbrev = ::sigabbrev_np(signal_number);
  const char* text = ::strsignal(signal_number);
  if (abbrev == nullptr) return fmt::format("signal {}", signal_number);
  return fmt::format("SIG{} ({})", abbrev, text ? text : "unknown");
}

WorkerRunOutcome run_in_workers(const WorkerProgram& program, std::span<const std::size_t> items,
                                const WorkerOptions& options, const WorkerEvents& events) {
  WorkerRunOutcome outcome;
  std::size_t next = 0;  // position in `items` of the first item not yet reported
  int idle_deaths = 0;   // workers that ended without finishing any item
  while (next < items.size()) {
    const std::span<const std::size_t> remaining = items.subspan(next);
    std::optional<Worker> worker = spawn(program, remaining, options);
    if (!worker) {
      const std::string message = std::string("cannot start a worker: ") + std::strerror(errno);
      if (outcome.workers_started == 0) {
        outcome.setup_failed = true;
        outcome.setup_error = message;
        return outcome;
      }
      events.on_failure(items[next++], {WorkerFailure::Kind::kError, message});
      continue;
    }
    ++outcome.workers_started;
    FrameReader reader;
    bool set_up = false;
    bool finished = false;  // "done" received
    // A flag and an index, not std::optional: GCC 12 -O3 misreports optional<size_t> as
    // maybe-uninitialized here.
    bool has_in_flight = false;
    std::size_t in_flight = 0;
    std::optional<std::string> setup_error;
    const std::size_t next_at_start = next;
    Clock::time_point deadline = Clock::now() + options.setup_timeout;
    bool timed_out = false;
    char chunk[65536];
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      pollfd descriptor{worker->channel, POLLIN, 0};
      const int ready =
          ::poll(&descriptor, 1, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
      if (ready < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (ready == 0) continue;  // the deadline check above decides
      const ssize_t n = ::read(worker->channel, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // EOF: the worker ended
      reader.feed(chunk, static_cast<std::size_t>(n));
      while (auto message = reader.next()) {
        const std::string type = message->value("type", "");
        if (type == "setup") {
          set_up = true;
          if (events.on_setup) events.on_setup((*message)["description"]);
          deadline = Clock::now() + options.item_timeout;
        } else if (type == "setup_failed") {
          setup_error = message->value("message", "setup failed");
        } else if (type == "start") {
          in_flight = (*message)["item"].get<std::size_t>();
          has_in_flight = true;
          deadline = Clock::now() + options.item_timeout;
        } else if (type == "result" || type == "item_error") {
          const auto item = (*message)["item"].get<std::size_t>();
          if (type == "result") {
            events.on_result(item, std::move((*message)["record"]));
          } else {
            events.on_failure(item, {WorkerFailure::Kind::kError,
                                     "exception in worker: " + message->value("message", "")});
          }
          has_in_flight = false;
          ++next;
          deadline = Clock::now() + options.item_timeout;
        } else if (type == "done") {
          finished = true;
        }
      }
    }
    if (timed_out) ::kill(worker->pid, SIGKILL);
    ::close(worker->channel);
    bool clean_exit = false;
    const std::string ending = reap(worker->pid, &clean_exit);

    if (!set_up) {
      std::string why = setup_error ? *setup_error
                        : timed_out ? "no answer within " + seconds_text(options.setup_timeout) +
                                          " while loading the plugin"
                                    : ending + " while loading the plugin";
      if (outcome.workers_started == 1) {
        outcome.setup_failed = true;
        outcome.setup_error = why;
        return outcome;
      }
      events.on_failure(items[next++],
                        {WorkerFailure::Kind::kError, "worker could not start: " + why});
      continue;
    }
    if (finished) break;
    if (has_in_flight) {
      WorkerFailure failure;
      if (timed_out) {
        failure = {WorkerFailure::Kind::kTimeout,
                   "no result within " + seconds_text(options.item_timeout) + "; worker killed"};
      } else {
        const std::string prefix = "worker killed by ";
        failure = {WorkerFailure::Kind::kCrash, ending.rfind(prefix, 0) == 0
                                                    ? ending.substr(prefix.size())
                                                    : ending + " during case"};
      }
      events.on_failure(in_flight, failure);
      ++next;
      idle_deaths = 0;
      continue;
    }
    // Ended between items (no item to blame). Retry; give up on an item that never starts.
    if (next == next_at_start && ++idle_deaths >= 2) {
      events.on_failure(items[next++],
                        {WorkerFailure::Kind::kCrash, ending + " before the case started"});
      idle_deaths = 0;
    }
  }
  return outcome;
}

Expected<nlohmann::json> probe_in_worker(std::function<Expected<nlohmann::json>()> setup,
                                         const WorkerOptions& options) {
  WorkerProgram program;
  program.setup = std::move(setup);
  program.run_item = [](std::size_t) { return nlohmann::json::object(); };
  nlohmann::json description;
  WorkerEvents events;
  events.on_setup = [&description](const nlohmann::json& d) { description = d; };
  events.on_result = [](std::size_t, nlohmann::json) {};
  events.on_failure = [](std::size_t, const WorkerFailure&) {};
  const std::size_t item = 0;
  const WorkerRunOutcome outcome =
      run_in_workers(program, std::span<const std::size_t>(&item, 1), options, events);
  if (outcome.setup_failed) return Status(StatusCode::kInternal, outcome.setup_error);
  return description;
}

}  // namespace hwcert::runner
