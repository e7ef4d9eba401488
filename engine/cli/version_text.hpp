// `scorefield --version`: what this build is and what it can run on, for bug reports and for
// checking a GPU machine before a long job.
#pragma once

#include <string>

namespace scorefield::cli {

// The engine's version, the LibTorch it was compiled against, whether that LibTorch has CUDA,
// and the devices visible now.
std::string version_text();

}  // namespace scorefield::cli
