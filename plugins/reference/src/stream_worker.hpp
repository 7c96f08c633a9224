// An in-order queue of work items run by one thread. The first error a work item raises is
// kept until synchronize() reports it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace hwcert::reference {

struct DeferredError {
  int32_t code;
  std::string message;
};

class StreamWorker {
 public:
  StreamWorker();
  ~StreamWorker();  // drains the queue, then joins the thread
  StreamWorker(const StreamWorker&) = delete;
  StreamWorker& operator=(const StreamWorker&) = delete;

  void enqueue(std::function<void()> work);
  // Waits until every item enqueued so far has run; returns (and clears) the first error.
  std::optional<DeferredError> synchronize();

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::optional<DeferredError> first_error_;
  std::thread thread_;
};

}  // namespace hwcert::reference
