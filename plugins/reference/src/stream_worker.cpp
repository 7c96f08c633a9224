#include "stream_worker.hpp"

#include "error.hpp"

namespace hwcert::reference {

StreamWorker::StreamWorker() : thread_([this] { loop(); }) {}

StreamWorker::~StreamWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  thread_.join();
}

void StreamWorker::enqueue(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(work));
  }
  work_ready_.notify_one();
}

std::optional<DeferredError> StreamWorker::synchronize() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
  std::optional<DeferredError> error = std::move(first_error_);
  first_error_.reset();
  return error;
}

bool StreamWorker::begin_here() {
  std::lock_guard lock(mutex_);
  if (busy_ || !queue_.empty() || stopping_) return false;
  busy_ = true;
  return true;
}

void StreamWorker::end_here(std::optional<DeferredError> error) {
  bool wake_worker = false;
  {
    std::lock_guard lock(mutex_);
    if (error && !first_error_) first_error_ = std::move(error);
    busy_ = false;
    wake_worker = !queue_.empty() || stopping_;  // work queued meanwhile waited for this item
  }
  if (wake_worker) work_ready_.notify_one();
  idle_.notify_all();
}

std::optional<DeferredError> StreamWorker::run_capturing(void (*call)(void*), void* context) {
  try {
    call(context);
  } catch (const Failure& e) {
    return DeferredError{e.code(), e.message()};
  } catch (const std::bad_alloc&) {
    return DeferredError{HWC_STATUS_OUT_OF_MEMORY, "out of host memory during stream work"};
  } catch (const std::exception& e) {
    return DeferredError{HWC_STATUS_INTERNAL, std::string("internal error: ") + e.what()};
  } catch (...) {
    return DeferredError{HWC_STATUS_INTERNAL, "internal error: unknown exception"};
  }
  return std::nullopt;
}

void StreamWorker::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_ready_.wait(lock, [this] {
      return (stopping_ && queue_.empty() && !busy_) || (!queue_.empty() && !busy_);
    });
    if (queue_.empty()) return;  // stopping and drained
    std::function<void()> work = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::optional<DeferredError> error =
        run_capturing([](void* w) { (*static_cast<std::function<void()>*>(w))(); }, &work);
    work = nullptr;  // release captured buffers before reporting idle
    lock.lock();
    if (error && !first_error_) first_error_ = std::move(error);
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace hwcert::reference
