// Run-time device selection and seeded generators for it.
#pragma once

#include <cstdint>
#include <string>

#include <torch/torch.h>

namespace scorefield {

// "cpu", "cuda" or "cuda:K". Fails with a clear message when CUDA is asked for and unavailable.
torch::Device parse_device(const std::string& name);

// A generator on `device` seeded with `seed`; independent of every other generator in the process.
at::Generator make_generator(const torch::Device& device, std::uint64_t seed);

}  // namespace scorefield
