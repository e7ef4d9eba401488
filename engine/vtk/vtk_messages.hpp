// Collects the messages VTK would print while one reader or writer runs, so that a damaged file
// becomes one scorefield::Error that quotes them, instead of text on stderr and an empty result.
#pragma once

#include <string>

namespace scorefield {

// While alive, VTK's output window is replaced by one that records errors and warnings; the
// previous window is restored on destruction. VTK's output window is a process-wide singleton:
// scopes are serialised by a mutex across threads, and must not nest within one thread.
class VtkMessages {
 public:
  VtkMessages();
  ~VtkMessages();
  VtkMessages(const VtkMessages&) = delete;
  VtkMessages& operator=(const VtkMessages&) = delete;

  bool has_errors() const;
  // The recorded errors, one per line, without VTK's source-file prefixes; empty when none.
  std::string errors() const;
};

}  // namespace scorefield
