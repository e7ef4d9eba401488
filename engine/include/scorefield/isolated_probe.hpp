// Runs a read of an untrusted file once in a child process before it is done for real, so that a
// file which crashes a third-party parser gives an error instead of taking the process down.
// libhdf5 1.10.8 (Debian 12) reads past its buffers on some damaged files, most of all in the
// pre-1.8 format without checksums (docs/reliability.md); no check before the open can tell.
#pragma once

#include <functional>
#include <string>

namespace scorefield {

// Forks; the child runs `probe` (whatever it throws is ignored: the real read raises it again) and
// exits without running destructors or exit handlers. Fails with ErrorKind::BadData, naming
// `what`, when the child died instead. The probe must not use thread pools (OpenMP is not
// fork-safe): HDF5 calls and plain allocations only. Where fork is unavailable (or
// SCOREFIELD_HDF5_IN_PROCESS=1 asks to skip the probe, e.g. for files too large to read twice)
// nothing is run and the real read goes unprotected.
void probe_isolated(const std::function<void()>& probe, const std::string& what);

}  // namespace scorefield
