#include "insitu_watchdog.hpp"

#include <unistd.h>

#include <cstdio>

namespace scorefield::insitu {

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Watchdog::set_limit(double seconds, int rank, int size) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = seconds > 0 ? seconds : 0.0;
    rank_ = rank;
    size_ = size;
  }
  if (seconds > 0 && !thread_.joinable()) thread_ = std::thread(&Watchdog::watch, this);
  wake_.notify_all();
}

double Watchdog::limit() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return limit_;
}

void Watchdog::begin(long long step, const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  active_ = true;
  step_ = step;
  what_ = what;
  since_ = std::chrono::steady_clock::now();
}

void Watchdog::end() {
  std::lock_guard<std::mutex> lock(mutex_);
  active_ = false;
}

void Watchdog::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    // A second's resolution is plenty against limits of tens of seconds and more.
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (stop_ || !active_ || limit_ <= 0) continue;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - since_).count();
    if (elapsed < limit_) continue;
    // The stuck thread may hold any lock but this one: format into a local buffer and write(2) it,
    // then leave without running destructors or atexit handlers (they could wait on that thread).
    char where[64] = "";
    if (step_ >= 0) std::snprintf(where, sizeof where, " in step %lld,", step_);
    char text[2048];
    const int length = std::snprintf(
        text, sizeof text,
        "error: in-situ watchdog: rank %d of %d spent more than %.0f s%s in %s. A rank that waits this "
        "long is usually in a collective that another rank never entered (for example one rank rendering while "
        "another gathers data); the simulation is stopped instead of hanging. Rerun with the same scripts to see "
        "whether it recurs, raise the limit (SCOREFIELD_CATALYST_TIMEOUT, seconds) if the work is merely slow, and "
        "see docs/catalyst.md, \"In-situ rendering on several ranks\".\n",
        rank_, size_, limit_, where, what_.c_str());
    if (length > 0) {
      const size_t size = static_cast<size_t>(length) < sizeof text ? static_cast<size_t>(length) : sizeof text - 1;
      [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, text, size);
    }
    _exit(124);
  }
}

}  // namespace scorefield::insitu
