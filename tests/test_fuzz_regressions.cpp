// Every input a fuzz target once failed on (tests/fuzz/corpus/<target>/regression-*, see
// docs/reliability.md) is now read, or refused with a scorefield::Error, in the normal build
// too: before its fix each crashed the process or threw something else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/vti_reader.hpp"

using namespace scorefield;
namespace fs = std::filesystem;

namespace {
// Reads `p`; a scorefield::Error is an accepted outcome, any other exception fails the test.
template <class Read>
void read_or_refuse(const fs::path& p, Read&& read) {
  try {
    read(p);
  } catch (const Error&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << p << ": " << e.what();
  }
}

std::vector<fs::path> regressions(const std::string& target) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(FUZZ_CORPUS_DIR) / target))
    if (e.path().filename().string().rfind("regression-", 0) == 0) out.push_back(e.path());
  return out;
}
}  // namespace

TEST(FuzzRegressions, VtiInputsAreRefused) {
  if (!vti_supported()) GTEST_SKIP() << "built without VTK";
  const auto inputs = regressions("fuzz_vti");
  EXPECT_FALSE(inputs.empty());
  for (const auto& p : inputs) EXPECT_THROW(read_vti(p), Error) << p;
}

TEST(FuzzRegressions, FieldSetInputsAreReadOrRefused) {
  const auto inputs = regressions("fuzz_field_set");
  EXPECT_FALSE(inputs.empty());
  for (const auto& p : inputs) read_or_refuse(p, [](const fs::path& q) { (void)read_fields(q); });
}

TEST(FuzzRegressions, ModelFileInputsAreRefused) {  // none found yet; kept for the next one
  for (const auto& p : regressions("fuzz_model_file")) EXPECT_THROW(ScoreModel::load(p), Error) << p;
}
