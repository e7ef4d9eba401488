// The model file loader (.sfm: magic, JSON configuration, torch archive, CRC), as
// `scorefield sample --model`, the plugin and the adaptor call it.
#include "fuzz_input.hpp"
#include "scorefield/score_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return scorefield::fuzz::load_file(data, size, ".sfm", [](const std::filesystem::path& p) {
    auto model = scorefield::ScoreModel::load(p);
    (void)model.config();
  });
}
