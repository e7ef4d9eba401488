// The C API entry points that take caller sizes and buffers, with the arguments the plugin and the
// adaptor pass through from users: grid sizes, counts, sampler options, buffer sizes, null
// pointers. Output buffers are allocated to exactly the size the contract asks for, so that
// AddressSanitizer sees any write past it. SF_ERR_INTERNAL means an unchecked argument reached
// the engine's internals: a defect, like a crash.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "scorefield.h"

namespace {

// Reads the input as a sequence of small fields; past the end, zeros.
struct Bytes {
  const std::uint8_t* p;
  std::size_t n, i = 0;
  std::uint8_t u8() { return i < n ? p[i++] : 0; }
  int i16() { return static_cast<std::int16_t>(u8() | (u8() << 8)); }
};

sf_model* open(const char* path) {
  sf_model* m = nullptr;
  if (sf_model_open(path, "cpu", &m) != SF_OK) std::abort();  // the shipped models must open
  return m;
}

void check(sf_status s) {
  if (s == SF_ERR_INTERNAL) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static sf_model* superres = open(SCOREFIELD_FUZZ_SUPERRES_MODEL);
  static sf_model* observations = open(SCOREFIELD_FUZZ_OBSERVATIONS_MODEL);
  Bytes in{data, size};
  const std::uint8_t what = in.u8();
  const std::uint8_t nulls = in.u8();
  sf_sample_options o;
  sf_sample_options_default(&o);
  static const char* samplers[] = {"ode", "sde", "langevin", "", "euler"};
  static const char* precisions[] = {nullptr, "fp32", "bf16", "tf32", "fp64"};
  o.sampler = (nulls & 8) ? nullptr : samplers[in.u8() % 5];
  o.precision = precisions[in.u8() % 5];
  o.steps = in.i16() % 4;  // may be 0 or negative; kept small so that each input runs fast
  o.epsilon = in.i16() / 1000.0;
  o.final_denoise = in.u8() & 1;
  o.seed = in.u8();
  switch (what % 5) {
    case 0: {  // configuration JSON into a buffer of any size
      const std::size_t buf_size = static_cast<std::uint16_t>(in.i16());
      std::vector<char> buf(buf_size);
      std::size_t needed = 0;
      check(sf_model_config_json((nulls & 1) ? nullptr : superres, buf_size ? buf.data() : nullptr, buf_size,
                                 (nulls & 2) ? nullptr : &needed));
      break;
    }
    case 1:  // grid checks with any integers
      check(sf_check_superres_grid((nulls & 1) ? nullptr : superres, in.i16(), in.i16()));
      break;
    case 2: {  // super-resolution of a small coarse field
      const int coarse_n = in.u8() % 12 - 1, n = in.u8() % 40 - 1, count = in.u8() % 3 - 1;
      std::vector<float> coarse(coarse_n > 0 ? coarse_n * coarse_n : 0);
      for (auto& v : coarse) v = static_cast<float>(in.i16()) / 256.0f;
      std::vector<float> out(n > 0 && count > 0 ? static_cast<std::size_t>(count) * n * n : 0);
      check(sf_superresolve((nulls & 1) ? nullptr : superres, (nulls & 2) ? nullptr : coarse.data(), coarse_n, n, count,
                            (nulls & 4) ? nullptr : &o, (nulls & 16) ? nullptr : out.data()));
      break;
    }
    case 3: {  // conditioning on observed points
      const int n = in.u8() % 24 - 1, count = in.u8() % 3 - 1;
      const std::size_t cells = n > 0 ? static_cast<std::size_t>(n) * n : 0;
      std::vector<float> values(cells), mask(cells);
      for (std::size_t k = 0; k < cells; ++k) {
        values[k] = static_cast<float>(in.i16()) / 256.0f;
        mask[k] = static_cast<float>(in.u8() % 3) - 0.5f * (in.u8() & 1);
      }
      std::vector<float> out(n > 0 && count > 0 ? static_cast<std::size_t>(count) * cells : 0);
      check(sf_condition_observations((nulls & 1) ? nullptr : observations, values.data(), mask.data(), n, count,
                                      (nulls & 4) ? nullptr : &o, (nulls & 16) ? nullptr : out.data()));
      break;
    }
    default: {  // opening a model from a path the caller made up
      std::string path(reinterpret_cast<const char*>(data), size);
      sf_model* m = nullptr;
      const sf_status s = sf_model_open((nulls & 1) ? nullptr : path.c_str(), (nulls & 2) ? "cuda:7" : nullptr, &m);
      check(s);
      if (s == SF_OK) sf_model_close(m);
      break;
    }
  }
  (void)sf_last_error();
  return 0;
}
