#include "scorefield/device.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include "scorefield/error.hpp"

namespace scorefield {

torch::Device parse_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name.rfind("cuda", 0) == 0) {
    if (!torch::cuda::is_available())
      fail(ErrorKind::Device, "device '" + name +
                                  "' requested but this engine build sees no CUDA GPU (build against a CUDA "
                                  "libtorch, check nvidia-smi, or use --device cpu)");
    torch::Device d(name);
    if (d.has_index() && d.index() >= static_cast<int>(torch::cuda::device_count()))
      fail(ErrorKind::Device, "device '" + name + "' does not exist: " + std::to_string(torch::cuda::device_count()) +
                                  " CUDA device(s) visible");
    return d;
  }
  fail(ErrorKind::Device, "unknown device '" + name + "' (use cpu, cuda or cuda:K)");
}

at::Generator make_generator(const torch::Device& device, std::uint64_t seed) {
  if (device.is_cpu()) return at::make_generator<at::CPUGeneratorImpl>(seed);
  // A private copy of the device's default generator, reseeded, so other users of it don't interfere.
  auto g = at::globalContext().defaultGenerator(device).clone();
  g.set_current_seed(seed);
  return g;
}

}  // namespace scorefield
