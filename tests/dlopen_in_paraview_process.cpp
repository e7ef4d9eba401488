// Proves that the engine's C API library works inside a process that has ParaView (and with it
// ParaView's vtkprotobuf, whose symbols clash with libtorch's protobuf) loaded: this program links
// ParaView's Catalyst library, starts a Catalyst processor, then dlopens libscorefield with
// RTLD_DEEPBIND and samples from a model, as the plugin and the adaptor do.
// Usage: dlopen_in_paraview_process LIBSCOREFIELD MODEL
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <vtkCPProcessor.h>
#include <vtkNew.h>

#include "scorefield.h"

namespace {
int check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
  return ok ? 0 : 1;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s LIBSCOREFIELD MODEL\n", argv[0]);
    return 2;
  }
  vtkNew<vtkCPProcessor> processor;  // ParaView's Catalyst, fully initialised
  int failures = check(processor->Initialize() != 0, "Catalyst processor initialised");

  void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (!lib) {
    std::fprintf(stderr, "dlopen failed: %s\n", dlerror());
    return 1;
  }
  auto version = reinterpret_cast<int (*)()>(dlsym(lib, "sf_api_version"));
  auto last_error = reinterpret_cast<const char* (*)()>(dlsym(lib, "sf_last_error"));
  auto open = reinterpret_cast<sf_status (*)(const char*, const char*, sf_model**)>(dlsym(lib, "sf_model_open"));
  auto close = reinterpret_cast<void (*)(sf_model*)>(dlsym(lib, "sf_model_close"));
  auto defaults = reinterpret_cast<void (*)(sf_sample_options*)>(dlsym(lib, "sf_sample_options_default"));
  auto sample =
      reinterpret_cast<sf_status (*)(sf_model*, int, int, const sf_sample_options*, float*)>(dlsym(lib, "sf_sample"));
  failures += check(version && last_error && open && close && defaults && sample, "C API symbols resolved");
  if (failures) return 1;
  failures += check(version() == SCOREFIELD_API_VERSION, "API version matches the header");

  // Bad input crosses the boundary as a status and a message, not an exception.
  sf_model* model = nullptr;
  sf_status st = open("/nonexistent/model.sfm", "cpu", &model);
  failures += check(st == SF_ERR_BAD_MODEL && std::strstr(last_error(), "does not exist"), "missing model reported");
  st = open(argv[2], "cuda", &model);
  failures += check(st == SF_ERR_DEVICE && model == nullptr, "unavailable CUDA device reported");

  st = open(argv[2], "cpu", &model);
  failures += check(st == SF_OK && model, "model opened");
  if (st != SF_OK) {
    std::fprintf(stderr, "%s\n", last_error());
    return 1;
  }
  // The model's card: its size first, then the text, which names the task.
  auto card = reinterpret_cast<sf_status (*)(const sf_model*, char*, size_t, size_t*)>(dlsym(lib, "sf_model_card"));
  size_t needed = 0;
  char small[4];
  failures += check(card && card(model, nullptr, 0, &needed) == SF_OK && needed > 20, "model card size given");
  failures += check(card && card(model, small, sizeof small, nullptr) == SF_ERR_INVALID_ARGUMENT &&
                        std::strstr(last_error(), "bytes needed"),
                    "a buffer too small for the card is reported");
  std::string text(needed, '\0');
  failures += check(card && card(model, &text[0], needed, nullptr) == SF_OK && text.find("task ") == 0,
                    "model card text");
  sf_sample_options opts;
  defaults(&opts);
  opts.steps = 4;
  opts.seed = 42;
  long long calls = 0;
  opts.progress = [](long long, long long, void* user) {
    ++*static_cast<long long*>(user);
    return 1;
  };
  opts.progress_user = &calls;
  const int n = 32, count = 2;
  std::vector<float> a(n * n * count), b(n * n * count);
  failures += check(sample(model, n, count, &opts, a.data()) == SF_OK, "samples drawn inside the ParaView process");
  failures += check(calls == opts.steps, "progress reported every step");
  failures += check(sample(model, n, count, &opts, b.data()) == SF_OK && a == b, "same seed gives the same samples");
  bool finite = true;
  double sq = 0;
  for (float v : a) {
    finite = finite && std::isfinite(v);
    sq += double(v) * v;
  }
  failures += check(finite && sq > 0, "samples finite and non-zero");
  failures += check(sample(model, 2, 1, &opts, a.data()) == SF_ERR_INVALID_ARGUMENT, "too small grid refused");

  // sf_restrict keeps the modes the coarse grid holds and drops the rest: on 32^2, the field
  // cos(2 pi 3x) + sin(2 pi (5x + 2y)) + cos(2 pi 9y) restricts to 8^2 (|k| < 4) as cos(2 pi 3x) at
  // the coarse points, up to float rounding (1e-5 against values of order 1).
  auto restrict_field = reinterpret_cast<sf_status (*)(const float*, int, int, float*)>(dlsym(lib, "sf_restrict"));
  failures += check(restrict_field != nullptr, "sf_restrict resolved");
  if (restrict_field) {
    const double two_pi = 2.0 * std::acos(-1.0);
    std::vector<float> fine(n * n), coarse(8 * 8);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double y = double(i) / n, x = double(j) / n;
        fine[i * n + j] =
            float(std::cos(two_pi * 3 * x) + std::sin(two_pi * (5 * x + 2 * y)) + std::cos(two_pi * 9 * y));
      }
    double worst = 1.0;
    if (restrict_field(fine.data(), n, 8, coarse.data()) == SF_OK) {
      worst = 0.0;
      for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 8; ++j)
          worst = std::max(worst, std::abs(coarse[i * 8 + j] - std::cos(two_pi * 3 * j / 8.0)));
    }
    failures += check(worst < 1e-5, "sf_restrict keeps the modes below the coarse Nyquist and drops the others");
    failures += check(restrict_field(fine.data(), n, n, coarse.data()) == SF_ERR_INVALID_ARGUMENT &&
                          std::strstr(last_error(), "coarser grid"),
                      "sf_restrict to a grid that is not coarser refused");
    fine[5] = std::nanf("");
    failures += check(
        restrict_field(fine.data(), n, 8, coarse.data()) == SF_ERR_INVALID_ARGUMENT && std::strstr(last_error(), "NaN"),
        "sf_restrict of a field with NaN refused");
  }
  close(model);
  processor->Finalize();
  std::printf("%s\n", failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
