#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace scorefield::cli {

ProgressBar::ProgressBar(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total),
      tty_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(int64_t done, const std::string& extra) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double frac = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const double rate = elapsed > 0 ? done / elapsed : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : 0.0;
  const int decile = static_cast<int>(frac * 10);
  // In a file or a pipe: a line per tenth of the work, or after a quiet minute, and the last once.
  if (!tty_) {
    const bool last = done >= total_;
    if (last && printed_last_) return;
    if (!last && decile == last_decile_ && elapsed - last_line_seconds_ < 60.0) return;
    printed_last_ = last;
    last_line_seconds_ = elapsed;
  }
  last_decile_ = decile;
  const int width = 30, filled = static_cast<int>(frac * width);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "%s%s [%s] %lld/%lld %5.1f%% %.2f it/s ETA %.0fs %s%s", tty_ ? "\r" : "", label_.c_str(),
               bar.c_str(), static_cast<long long>(done), static_cast<long long>(total_), 100 * frac, rate, eta,
               extra.c_str(), tty_ ? "\033[K" : "\n");
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (tty_ && !finished_) std::fputc('\n', stderr);
  finished_ = true;
}

}  // namespace scorefield::cli
