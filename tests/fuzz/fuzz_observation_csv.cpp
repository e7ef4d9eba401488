// The observation CSV reader (`scorefield condition --observations`); the first byte picks the grid.
#include "fuzz_input.hpp"
#include "scorefield/observation_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int64_t n = 1 + data[0] % 64;
  return scorefield::fuzz::load_file(data + 1, size - 1, ".csv", [n](const std::filesystem::path& p) {
    auto obs = scorefield::read_observation_csv(p, n);
    if (obs.mask.sum().item<float>() < 1) std::abort();  // accepted input must hold an observation
  });
}
