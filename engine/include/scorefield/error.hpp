// Errors raised inside the engine. Every message names what went wrong and how to fix it;
// the C API and the command-line tool turn them into codes and messages at the boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace scorefield {

enum class ErrorKind {
  InvalidArgument = 1,  // a value the caller gave is out of range
  Io = 2,               // a file could not be read or written
  BadModel = 3,         // a model file is missing, truncated or not ours
  BadData = 4,          // a data set is malformed or holds NaN/Inf
  Device = 5,           // the requested device is unavailable
  Internal = 6,
  Cancelled = 7,    // a progress callback asked to stop
  Unsupported = 8,  // the model cannot do what was asked (e.g. condition an unconditional model)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

[[noreturn]] inline void fail(ErrorKind kind, const std::string& what) { throw Error(kind, what); }

// The first line of a message: libtorch appends C++ back-traces that users should not see.
inline std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

inline void require(bool ok, const std::string& what) {
  if (!ok) fail(ErrorKind::InvalidArgument, what);
}

}  // namespace scorefield
