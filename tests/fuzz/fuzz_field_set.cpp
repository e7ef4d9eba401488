// The HDF5 field-set reader (training data, held-out sets, superres inputs and outputs).
#include "fuzz_input.hpp"
#include "scorefield/field_dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return scorefield::fuzz::load_file(data, size, ".h5", [](const std::filesystem::path& p) {
    auto set = scorefield::read_fields(p);
    (void)set.fields.sum().item<float>();
    auto part = scorefield::read_fields(p, 0, 1);
    (void)part.fields.numel();
  });
}
