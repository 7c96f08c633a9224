#include "hwcert/support/worker_pool.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

#include "hwcert/support/child_process.hpp"
#include "hwcert/support/message_pipe.hpp"
#include "hwcert/support/process_memory.hpp"

namespace hwcert::support {
namespace {

using Clock = std::chrono::steady_clock;

// ---- the child side ----

// Resident memory across the items of one worker (WorkerOptions::measure_memory).
class MemoryMeter {
 public:
  explicit MemoryMeter(bool enabled) : enabled_(enabled) {}
  void before_item() {
    if (!enabled_ || has_baseline_) return;
    release_cached_memory();
    take(resident_bytes());
  }
  // The growth since the last measurement, written into the item's message.
  void after_item(nlohmann::json& message) {
    if (!enabled_) return;
    release_cached_memory();
    const std::optional<int64_t> after = resident_bytes();
    if (after && has_baseline_) message["rss_growth_bytes"] = *after - baseline_;
    take(after);
  }

 private:
  void take(std::optional<int64_t> resident) {
    has_baseline_ = resident.has_value();
    baseline_ = resident.value_or(0);
  }

  bool enabled_;
  // A flag and a value, not std::optional: GCC 12 -O3 misreports optional<int64_t> as
  // maybe-uninitialized here.
  bool has_baseline_ = false;
  int64_t baseline_ = 0;
};

// Sets up, then runs the items in order, one message per step. Returns the worker's exit code.
int worker_main(const WorkerProgram& program, std::span<const std::size_t> items,
                MessagePipe& pipe, bool measure_memory) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    nlohmann::json description = program.setup();
    if (!pipe.send({{"type", "setup"}, {"description", std::move(description)}})) return 1;
  } catch (const std::exception& failure) {
    pipe.send({{"type", "setup_failed"}, {"message", failure.what()}});
    return 0;
  }
  MemoryMeter meter(measure_memory);
  for (const std::size_t item : items) {
    if (!pipe.send({{"type", "start"}, {"item", item}})) return 1;
    meter.before_item();
    nlohmann::json message;
    try {
      message = {{"type", "result"}, {"item", item}, {"record", program.run_item(item)}};
      meter.after_item(message);
    } catch (const std::exception& failure) {
      message = {{"type", "item_error"}, {"item", item}, {"message", failure.what()}};
    }
    if (!pipe.send(message)) return 1;
  }
  pipe.send({{"type", "done"}});
  return 0;
}

// ---- the parent side ----

// What the parent saw of one worker.
struct WorkerSession {
  std::string start_error;  // the worker never started
  bool set_up = false;
  std::optional<std::string> setup_error;
  bool finished = false;  // "done" received
  bool timed_out = false;
  // A flag and an index, not std::optional: GCC 12 -O3 misreports optional<size_t> as
  // maybe-uninitialized here.
  bool has_in_flight = false;
  std::size_t in_flight = 0;
  std::size_t reported = 0;  // items reported from this worker's messages
  ChildExit exit;
};

// Acts on one message of the worker; true when it restarts the item deadline.
bool handle_message(nlohmann::json& message, WorkerSession& session, const WorkerEvents& events) {
  const std::string type = message.value("type", "");
  if (type == "setup") {
    session.set_up = true;
    if (events.on_setup) events.on_setup(message["description"]);
    return true;
  }
  if (type == "setup_failed") {
    session.setup_error = message.value("message", "setup failed");
  } else if (type == "start") {
    session.in_flight = message["item"].get<std::size_t>();
    session.has_in_flight = true;
    return true;
  } else if (type == "result" || type == "item_error") {
    const auto item = message["item"].get<std::size_t>();
    if (type == "result") {
      std::optional<int64_t> growth;
      if (message.contains("rss_growth_bytes")) growth = message["rss_growth_bytes"].get<int64_t>();
      events.on_result(item, std::move(message["record"]), growth);
    } else {
      events.on_failure(item, {WorkerFailure::Kind::kError,
                               "exception in worker: " + message.value("message", "")});
    }
    session.has_in_flight = false;
    ++session.reported;
    return true;
  } else if (type == "done") {
    session.finished = true;
  }
  return false;
}

// Starts a worker for `remaining` and follows it until it ends or overruns a deadline.
WorkerSession run_worker(const WorkerProgram& program, std::span<const std::size_t> remaining,
                         const WorkerOptions& options, const WorkerEvents& events) {
  WorkerSession session;
  std::optional<MessagePipe> pipe = MessagePipe::open();
  if (!pipe) {
    session.start_error = std::string("cannot start a worker: ") + std::strerror(errno);
    return session;
  }
  ChildOptions child;
  child.stdout_target = options.log_file.empty() ? OutputTarget::discard()
                                                 : OutputTarget::append_to(options.log_file);
  child.stderr_target = OutputTarget::same_as_stdout();
  child.die_with_parent = true;  // a killed harness must not leave workers running plugin code
  child.default_fault_signals = true;  // a plugin's fault ends the worker with its own signal
  ChildProcess worker = ChildProcess::run_function(
      [&] {
        pipe->keep_write_end();
        return worker_main(program, remaining, *pipe, options.measure_memory);
      },
      child);
  if (!worker.running()) {
    session.start_error = "cannot start a worker: " + worker.wait().describe();
    return session;
  }
  pipe->keep_read_end();
  Clock::time_point deadline = Clock::now() + options.setup_timeout;
  nlohmann::json message;
  for (;;) {
    const MessagePipe::Received received = pipe->receive(&message, deadline);
    if (received != MessagePipe::Received::kMessage) {
      session.timed_out = received == MessagePipe::Received::kTimedOut;
      break;
    }
    if (handle_message(message, session, events)) deadline = Clock::now() + options.item_timeout;
  }
  if (session.timed_out) worker.kill();
  pipe.reset();
  session.exit = worker.wait();
  return session;
}

std::string seconds_text(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return fmt::format("{} s", duration.count() / 1000);
  return fmt::format("{:.3f} s", static_cast<double>(duration.count()) / 1000.0);
}

// "worker killed by SIGSEGV (...)", "worker exited with status 7", "worker ended".
std::string worker_ending(const ChildExit& exit) {
  if (exit.kind == ChildExit::Kind::kSignaled || exit.exited()) return "worker " + exit.describe();
  return "worker ended";
}

std::string setup_failure_reason(const WorkerSession& session, const WorkerOptions& options) {
  if (session.setup_error) return *session.setup_error;
  if (session.timed_out) {
    return "no answer within " + seconds_text(options.setup_timeout) + " while loading the plugin";
  }
  return worker_ending(session.exit) + " while loading the plugin";
}

WorkerFailure in_flight_failure(const WorkerSession& session, const WorkerOptions& options) {
  if (session.timed_out) {
    return {WorkerFailure::Kind::kTimeout,
            "no result within " + seconds_text(options.item_timeout) + "; worker killed"};
  }
  if (session.exit.kind == ChildExit::Kind::kSignaled) {
    return {WorkerFailure::Kind::kCrash, describe_signal(session.exit.signal_number)};
  }
  return {WorkerFailure::Kind::kCrash, worker_ending(session.exit) + " during case"};
}

}  // namespace

WorkerRunOutcome run_in_workers(const WorkerProgram& program, std::span<const std::size_t> items,
                                const WorkerOptions& options, const WorkerEvents& events) {
  WorkerRunOutcome outcome;
  std::size_t next = 0;  // position in `items` of the first item not yet reported
  int idle_deaths = 0;   // workers that ended without finishing any item
  while (next < items.size()) {
    const WorkerSession session = run_worker(program, items.subspan(next), options, events);
    if (!session.start_error.empty()) {
      if (outcome.workers_started == 0) {
        return {true, session.start_error, 0};
      }
      events.on_failure(items[next++], {WorkerFailure::Kind::kError, session.start_error});
      continue;
    }
    ++outcome.workers_started;
    next += session.reported;
    if (!session.set_up) {
      const std::string why = setup_failure_reason(session, options);
      if (outcome.workers_started == 1) return {true, why, 1};
      events.on_failure(items[next++],
                        {WorkerFailure::Kind::kError, "worker could not start: " + why});
      continue;
    }
    if (session.finished) break;
    if (session.has_in_flight) {
      events.on_failure(session.in_flight, in_flight_failure(session, options));
      ++next;
      idle_deaths = 0;
      continue;
    }
    // Ended between items (no item to blame). Retry; give up on an item that never starts.
    if (session.reported == 0 && ++idle_deaths >= 2) {
      events.on_failure(items[next++], {WorkerFailure::Kind::kCrash,
                                        worker_ending(session.exit) + " before the case started"});
      idle_deaths = 0;
    }
  }
  return outcome;
}

WorkerProbe probe_in_worker(std::function<nlohmann::json()> setup, const WorkerOptions& options) {
  WorkerProgram program;
  program.setup = std::move(setup);
  program.run_item = [](std::size_t) { return nlohmann::json::object(); };
  WorkerProbe probe;
  WorkerEvents events;
  events.on_setup = [&probe](const nlohmann::json& d) { probe.description = d; };
  events.on_result = [](std::size_t, nlohmann::json, std::optional<int64_t>) {};
  events.on_failure = [](std::size_t, const WorkerFailure&) {};
  const std::size_t item = 0;
  const WorkerRunOutcome outcome =
      run_in_workers(program, std::span<const std::size_t>(&item, 1), options, events);
  if (outcome.setup_failed) {
    probe.description.reset();
    probe.error = outcome.setup_error;
  }
  return probe;
}

}  // namespace hwcert::support
