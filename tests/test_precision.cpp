// Reduced-precision sampling (precision.hpp) against float32 on the shipped models, with the same
// seeds, so that the two runs share every random number and differ by rounding only.
#include <gtest/gtest.h>

#include "scorefield/error.hpp"
#include "scorefield/device.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/gaussian_measure.hpp"
#include "scorefield/metrics.hpp"
#include "scorefield/score_model.hpp"

using namespace scorefield;

namespace {

const std::string kModels = SHIPPED_MODELS_DIR;

double relative_l2(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).norm() / b.norm()).item<double>();
}

SamplerOptions ode(int steps, Precision p) {
  SamplerOptions o;
  o.kind = SamplerKind::Ode;
  o.steps = steps;
  o.precision = p;
  return o;
}

}  // namespace

// The trunk in bfloat16 changes one network evaluation by its rounding: bfloat16 keeps 8
// significant bits (relative spacing 2^-8 = 0.4%), four Fourier layers and the projection
// compound a few such roundings, and the spectral skip (float32) is most of F at large sigma.
// Bound 3% of F's norm at every level; a float32 copy used as the "trunk" must agree to 1e-5.
TEST(Precision, Bf16TrunkChangesOneEvaluationByRoundingOnly) {
  auto model = ScoreModel::load(kModels + "/grf-mixture-32.sfm");
  model.network()->eval();
  torch::NoGradGuard no_grad;
  auto low = copy_network(model.network(), torch::kCPU);
  low->to(torch::kBFloat16);
  low->eval();
  auto same = copy_network(model.network(), torch::kCPU);
  same->eval();
  torch::manual_seed(5);
  auto x = torch::randn({4, 32, 32});
  for (double sigma : {0.02, 0.3, 3.0}) {
    auto s = torch::full({4}, sigma);
    auto ref = model.network()->forward(x, s);
    auto bf = model.network()->forward(x, s, {}, low.get());
    EXPECT_EQ(bf.scalar_type(), torch::kFloat32);
    EXPECT_LT(relative_l2(bf, ref), 0.03) << "sigma " << sigma;
    EXPECT_GT(relative_l2(bf, ref), 1e-5) << "sigma " << sigma << ": the trunk did not run in bfloat16";
    EXPECT_LT(relative_l2(model.network()->forward(x, s, {}, same.get()), ref), 1e-5) << "sigma " << sigma;
  }
}

// Super-resolution 16 -> 64 with the shipped NS model: the ensemble drawn in reduced precision
// keeps float32's statistics. Same seeds, so the difference is the rounding carried through 31
// evaluations of the ODE flow: each sample within 20% of its distance to the ensemble mean, the
// ensemble mean within 2% of its deviation from the data mean (fixed mostly by the float32
// conditioning), and every shell of the mean energy spectrum within 10%. On the CPU with bf16
// the test measured 3.6%, 0.1% and 1.9% with AVX512-BF16 (it prints them; an AVX2 CPU, which
// only emulates bfloat16, gave 12.8%, 0.3% and 16%, which is why bf16 is refused on such CPUs); the bounds leave room for the different
// rounding of GPU kernels, and two independent samples differ by about 141% of that distance, so
// a precision that changes the law still fails.
static void expect_float32_statistics(const torch::Device& device, Precision precision) {
  auto model = ScoreModel::load(kModels + "/ns-superres-64.sfm", device);
  const auto& cfg = model.config();
  // A smooth coarse field with the data's mean and spread.
  auto gen = make_generator(torch::kCPU, 7);
  auto f = GaussianMeasure(cfg.noise).sample(1, 16, 1.0, gen)[0];
  auto coarse = (f - f.mean()) / f.std() * cfg.normalisation.std + cfg.normalisation.mean;
  const int64_t k = 32;
  auto a = model.superresolve(coarse, 64, k, ode(16, Precision::Float32), 11).cpu();
  auto b = model.superresolve(coarse, 64, k, ode(16, precision), 11).cpu();
  ASSERT_EQ(b.sizes(), a.sizes());
  ASSERT_TRUE(torch::isfinite(b).all().item<bool>());
  auto mean = a.mean(0);
  auto spread = (a - mean).flatten(1).norm(2, 1);  // each sample's distance to the ensemble mean
  auto diff = (b - a).flatten(1).norm(2, 1);
  const double worst = (diff / spread).max().item<double>();
  const double mean_err = relative_l2(b.mean(0) - cfg.normalisation.mean, mean - cfg.normalisation.mean);
  auto ea = energy_spectrum(a - cfg.normalisation.mean), eb = energy_spectrum(b - cfg.normalisation.mean);
  const double shells = relative_spectrum_error(eb, ea).max().item<double>();
  std::printf("%s on %s against fp32: worst sample %.4f of its spread, mean %.4f, worst shell %.4f\n",
              to_string(precision).c_str(), device.str().c_str(), worst, mean_err, shells);
  EXPECT_LT(worst, 0.2);
  EXPECT_LT(mean_err, 0.02);
  EXPECT_LT(shells, 0.10);
  if (precision == Precision::BFloat16) EXPECT_GT(worst, 1e-5) << "the trunk did not run in bfloat16";
}

TEST(Precision, Bf16SuperResolutionKeepsFloat32StatisticsOnCpu) {
  if (!cpu_has_native_bf16()) GTEST_SKIP() << "no native bfloat16 on this CPU: bf16 is refused there (next test)";
  expect_float32_statistics(torch::kCPU, Precision::BFloat16);
}

TEST(Precision, ReducedPrecisionKeepsFloat32StatisticsOnGpu) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device (run by scripts/gpu-check.sh on a GPU machine)";
  expect_float32_statistics(torch::kCUDA, Precision::BFloat16);
  expect_float32_statistics(torch::kCUDA, Precision::TF32);
}

// tf32 is an NVIDIA feature: asking for it on the CPU is an error naming the alternatives.
TEST(Precision, Tf32OnCpuIsRefusedWithTheAlternative) {
  auto model = ScoreModel::load(kModels + "/grf-mixture-32.sfm");
  try {
    model.sample(32, 1, ode(2, Precision::TF32), 0);
    FAIL() << "tf32 on the CPU was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(cpu_has_native_bf16() ? "fp32 or bf16" : "use fp32 on the CPU"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(parse_precision("fp16"), Error);
}

// bf16 on a CPU that only emulates it is refused, naming fp32 (on a CPU with native bfloat16 the
// statistics test above holds it to float32's statistics instead).
TEST(Precision, Bf16OnACpuWithoutNativeBfloat16IsRefused) {
  if (cpu_has_native_bf16()) GTEST_SKIP() << "this CPU has native bfloat16 (AVX512-BF16 or AMX)";
  auto model = ScoreModel::load(kModels + "/grf-mixture-32.sfm");
  try {
    model.sample(32, 1, ode(2, Precision::BFloat16), 0);
    FAIL() << "bf16 on a CPU without native bfloat16 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("use fp32 here"), std::string::npos) << e.what();
  }
}
