// The .vti reader (VTK's XML reader behind ScoreField's checks), as `scorefield superres --input`.
#include "fuzz_input.hpp"
#include "scorefield/vti_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return scorefield::fuzz::load_file(data, size, ".vti", [](const std::filesystem::path& p) {
    (void)scorefield::vti_array_names(p);
    auto field = scorefield::read_vti(p);
    (void)field.values.sum().item<float>();
  });
}
