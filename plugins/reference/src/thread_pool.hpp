// A small fixed thread pool shared by every stream of a plugin instance. The caller of run()
// works on its own job too, so nested or concurrent run() calls cannot deadlock. How work is
// split into tasks never depends on the number of threads, so results do not either.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hwcert::reference {

class ThreadPool {
 public:
  explicit ThreadPool(unsigned worker_count);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Threads that may run tasks at once (workers plus the caller).
  unsigned concurrency() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // Runs task(i) for i in [0, task_count) and returns when all are done. The first exception
  // a task throws is rethrown here (the other tasks still run).
  void run(int64_t task_count, const std::function<void(int64_t)>& task);

  // Splits [0, n) into chunks of `grain` (the last may be shorter) and runs body(begin, end)
  // on each chunk.
  void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& body);

 private:
  struct Job;
  void worker_loop();
  static void work_on(Job& job);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace hwcert::reference
