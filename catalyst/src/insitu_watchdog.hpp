// A time limit on each piece of in-situ work. A Catalyst script whose ranks take different paths
// through a collective (one rank rendering while another gathers data) waits forever; the
// simulation would spin with no output. The watchdog turns that into an error: when one activity
// (the adaptor's own checks of a step, or one phase of one script) runs past the limit, it prints
// which rank, step, script and phase, and ends the process with status 124, so that mpirun stops
// the other ranks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace scorefield::insitu {

class Watchdog {
 public:
  Watchdog() = default;
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog();

  // seconds <= 0 turns the watchdog off. The thread starts with the first positive limit.
  void set_limit(double seconds, int rank, int size);
  double limit() const;

  // Starts timing an activity, replacing the one before; `what` names it in the message.
  void begin(long long step, const std::string& what);
  // The current activity finished in time.
  void end();

 private:
  void watch();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  bool stop_ = false;
  double limit_ = 0.0;
  int rank_ = 0, size_ = 1;
  bool active_ = false;
  long long step_ = 0;
  std::string what_;
  std::chrono::steady_clock::time_point since_;
};

// Times one activity for as long as it is in scope.
class WatchdogScope {
 public:
  WatchdogScope(Watchdog& dog, long long step, const std::string& what) : dog_(dog) { dog_.begin(step, what); }
  WatchdogScope(const WatchdogScope&) = delete;
  WatchdogScope& operator=(const WatchdogScope&) = delete;
  ~WatchdogScope() { dog_.end(); }

 private:
  Watchdog& dog_;
};

}  // namespace scorefield::insitu
