// An in-order queue of work items run by one thread. The first error a work item raises is
// kept until synchronize() reports it. Work submitted while the stream is idle (nothing
// queued or running) may run on the submitting thread instead, as the stream's next item:
// that saves the two thread hand-offs (wake the worker, wake the synchronizer) that
// otherwise dominate a tiny op's launch + synchronize.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

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
  // Runs `work` now on the calling thread when `may_run_here` and the stream is idle (its
  // error deferred to synchronize() as a queued item's), else enqueues it.
  template <class Work>
  void submit(Work&& work, bool may_run_here) {
    if (may_run_here && begin_here()) {
      end_here(run_capturing([](void* w) { (*static_cast<std::remove_reference_t<Work>*>(w))(); },
                             &work));
      return;
    }
    enqueue(std::function<void()>(std::forward<Work>(work)));
  }
  // Waits until every item enqueued so far has run; returns (and clears) the first error.
  std::optional<DeferredError> synchronize();

 private:
  void loop();
  // Marks the stream busy when it is idle; false (nothing changed) otherwise.
  bool begin_here();
  // Ends a run begun by begin_here: records its error, hands queued work to the worker.
  void end_here(std::optional<DeferredError> error);
  // Runs call(context), turning what it throws into the error synchronize() reports.
  static std::optional<DeferredError> run_capturing(void (*call)(void*), void* context);

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  bool busy_ = false;  // an item runs, on the worker or on a submitting thread
  bool stopping_ = false;
  std::optional<DeferredError> first_error_;
  std::thread thread_;
};

}  // namespace hwcert::reference
