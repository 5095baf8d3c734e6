#pragma once
/// @file
/// A small fork–join pool for the histogram gradient boosting fit. Work is
/// always split so that every task writes its own outputs (one feature's
/// histogram, one chunk of rows' gradients): which thread runs a task never
/// changes a number, so a fit gives the same bits with any thread count.
/// Threads live for one fit; a parallel_for wakes them, runs the tasks and
/// returns when all are done (workers spin briefly before sleeping, because
/// a fit issues thousands of short parallel regions).

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

class HistThreadPool {
 public:
  /// `n_threads` in total, the calling thread included (0 = all cores).
  explicit HistThreadPool(unsigned n_threads) {
    if (n_threads == 0) n_threads = std::max(1u, std::thread::hardware_concurrency());
    size_ = n_threads;
    for (unsigned i = 1; i < n_threads; ++i) workers_.emplace_back([this] { worker_loop(); });
  }
  HistThreadPool(const HistThreadPool&) = delete;
  HistThreadPool& operator=(const HistThreadPool&) = delete;
  ~HistThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
  }

  unsigned size() const noexcept { return size_; }

  /// Runs fn(i) for every i in [0, n_tasks) and waits for all of them. The
  /// first exception thrown by a task is rethrown here.
  template <class F>
  void parallel_for(std::size_t n_tasks, F&& fn) {
    if (n_tasks == 0) return;
    if (workers_.empty() || n_tasks == 1) {
      for (std::size_t i = 0; i < n_tasks; ++i) fn(i);
      return;
    }
    using Fn = std::remove_reference_t<F>;
    task_ = [](void* ctx, std::size_t i) { (*static_cast<Fn*>(ctx))(i); };
    ctx_ = static_cast<void*>(&fn);
    n_tasks_ = n_tasks;
    next_.store(0, std::memory_order_relaxed);
    error_ = nullptr;
    busy_.store(static_cast<unsigned>(workers_.size()), std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    run_tasks();
    // Wait for the workers to leave this region before its state is reused.
    while (busy_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void run_tasks() {
    for (;;) {
      const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
      if (i >= n_tasks_) return;
      try {
        task_(ctx_, i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
      }
    }
  }

  void worker_loop() {
    // Generation 0 is the pool's creation: a worker that starts late must
    // still take part in the regions issued before it ran.
    std::size_t seen = 0;
    for (;;) {
      // Spin a little: the next region usually starts within microseconds.
      for (int spin = 0; spin < 4000 && generation_.load(std::memory_order_acquire) == seen; ++spin)
        std::this_thread::yield();
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stop_) return;
      run_tasks();
      busy_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  unsigned size_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<std::size_t> generation_{0};
  std::atomic<std::size_t> next_{0};
  std::atomic<unsigned> busy_{0};
  bool stop_ = false;
  void (*task_)(void*, std::size_t) = nullptr;
  void* ctx_ = nullptr;
  std::size_t n_tasks_ = 0;
  std::exception_ptr error_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
