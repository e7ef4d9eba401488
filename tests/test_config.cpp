// The training configuration: every shipped configuration reads, and a misspelt or misplaced key
// is refused with the valid name instead of being ignored (its default would be used silently).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scorefield/config.hpp"
#include "scorefield/error.hpp"
#include "scorefield/nearest_name.hpp"

namespace fs = std::filesystem;
using namespace scorefield;

namespace {

std::string refusal(const std::string& toml) {
  const fs::path path = fs::temp_directory_path() / "scorefield_test_config.toml";
  std::ofstream(path) << "[training]\ndata = \"d.h5\"\noutput = \"m.sfm\"\n" << toml;
  try {
    load_run_config(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Config, EditDistanceAndNearestName) {
  EXPECT_EQ(edit_distance("steps", "step"), 1);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(nearest_name("training.step", {"training.steps", "training.seed"}), "training.steps");
  // Nothing close: no suggestion rather than a misleading one.
  EXPECT_EQ(nearest_name("colour", {"training.steps", "noise.alpha"}), "");
}

TEST(Config, UnknownKeysAreRefusedWithTheNearestValidName) {
  EXPECT_NE(refusal("step = 5\n").find("unknown key 'training.step'; did you mean 'training.steps'?"),
            std::string::npos);
  EXPECT_NE(refusal("[noise]\nsigma_max = 5\n").find("did you mean 'levels.sigma_max'?"), std::string::npos);
  EXPECT_NE(refusal("[netwrk]\nwidth = 8\n").find("did you mean 'network.width'?"), std::string::npos);
  const auto far = refusal("[noise]\nflavour = 1\n");
  EXPECT_NE(far.find("unknown key 'noise.flavour'; valid keys there: noise.alpha, noise.tau"), std::string::npos)
      << far;
  EXPECT_EQ(refusal("steps = 5\n"), "");  // the valid spelling reads
}

TEST(Config, EveryShippedConfigurationReads) {
  int read = 0;
  for (const auto& entry : fs::recursive_directory_iterator(SHIPPED_DATA_DIR)) {
    if (entry.path().extension() != ".toml") continue;
    EXPECT_NO_THROW(load_run_config(entry.path())) << entry.path();
    ++read;
  }
  EXPECT_GT(read, 0) << "no configuration found under " << SHIPPED_DATA_DIR;
}
