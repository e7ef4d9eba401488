#include "version_text.hpp"

#include <ATen/Version.h>
#include <fmt/format.h>
#include <torch/torch.h>
#include <torch/version.h>

namespace scorefield::cli {

std::string version_text() {
  std::string text = fmt::format("scorefield {}\nLibTorch {}\n", SCOREFIELD_VERSION, TORCH_VERSION);
  // LibTorch's build summary names its CUDA runtime only when it was built with CUDA.
  text += at::show_config().find("CUDA Runtime") != std::string::npos
              ? "CUDA: compiled in\n"
              : "CUDA: not compiled in (a CPU-only LibTorch)\n";
  text += "devices: cpu";
  const auto gpus = torch::cuda::is_available() ? torch::cuda::device_count() : 0;
  for (size_t i = 0; i < gpus; ++i) text += fmt::format(", cuda:{}", i);
  text += gpus == 0 ? " (no CUDA GPU visible)\n" : "\n";
  return text;
}

}  // namespace scorefield::cli
