// A progress line on stderr: a redrawn bar on a terminal; in a file or a pipe (logs), a line per
// 10% of the work or per quiet minute, and the last line once.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace scorefield::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total);
  // Shows done/total, rate, ETA and `extra` (e.g. the loss).
  void update(int64_t done, const std::string& extra = "");
  void finish();

 private:
  std::string label_;
  int64_t total_;
  int last_decile_ = -1;
  double last_line_seconds_ = 0.0;
  bool printed_last_ = false;
  bool tty_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace scorefield::cli
