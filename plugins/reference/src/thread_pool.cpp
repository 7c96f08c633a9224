#include "thread_pool.hpp"

#include <atomic>
#include <exception>

namespace hwcert::reference {

struct ThreadPool::Job {
  const std::function<void(int64_t)>* task = nullptr;
  int64_t count = 0;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> remaining{0};
  int users = 0;  // workers currently holding a pointer to this job (guarded by mutex_)
  std::mutex error_mutex;
  std::exception_ptr error;
  std::condition_variable done;
};

ThreadPool::ThreadPool(unsigned worker_count) {
  workers_.reserve(worker_count);
  for (unsigned i = 0; i < worker_count; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::work_on(Job& job) {
  for (;;) {
    const int64_t index = job.next.fetch_add(1, std::memory_order_relaxed);
    if (index >= job.count) return;
    try {
      (*job.task)(index);
    } catch (...) {
      std::lock_guard lock(job.error_mutex);
      if (!job.error) job.error = std::current_exception();
    }
    job.remaining.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::worker_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    Job* job = jobs_.front();
    ++job->users;
    lock.unlock();
    work_on(*job);
    lock.lock();
    --job->users;
    if (!jobs_.empty() && jobs_.front() == job) jobs_.pop_front();
    job->done.notify_all();
  }
}

void ThreadPool::run(int64_t task_count, const std::function<void(int64_t)>& task) {
  if (task_count <= 0) return;
  if (task_count == 1 || workers_.empty()) {
    for (int64_t i = 0; i < task_count; ++i) task(i);
    return;
  }
  Job job;
  job.task = &task;
  job.count = task_count;
  job.remaining.store(task_count);
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(&job);
  }
  wake_.notify_all();
  work_on(job);
  {
    std::unique_lock lock(mutex_);
    job.done.wait(
        lock, [&] { return job.remaining.load(std::memory_order_acquire) == 0 && job.users == 0; });
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
      if (*it == &job) {
        jobs_.erase(it);
        break;
      }
    }
  }
  if (job.error) std::rethrow_exception(job.error);
}

void ThreadPool::parallel_for(int64_t n, int64_t grain,
                              const std::function<void(int64_t, int64_t)>& body) {
  if (n <= 0) return;
  if (grain < 1) grain = 1;
  const int64_t chunks = (n + grain - 1) / grain;
  run(chunks, [&](int64_t chunk) {
    const int64_t begin = chunk * grain;
    body(begin, begin + grain < n ? begin + grain : n);
  });
}

}  // namespace hwcert::reference
