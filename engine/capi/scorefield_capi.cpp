// The C boundary: translates engine exceptions into status codes and thread-local messages.
#include "scorefield.h"

#include <cstring>
#include <set>
#include <string>

#include "scorefield/boundary_extension.hpp"
#include "scorefield/cpu_runtime.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/model_card.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/training_law_check.hpp"

#define SF_EXPORT extern "C" __attribute__((visibility("default")))

struct sf_model {
  scorefield::ScoreModel model;
  std::string config_json;
  std::string card;  // model_card.hpp
};

namespace {

thread_local std::string last_error;

sf_status status_of(scorefield::ErrorKind kind) {
  switch (kind) {
    case scorefield::ErrorKind::InvalidArgument:
      return SF_ERR_INVALID_ARGUMENT;
    case scorefield::ErrorKind::Io:
      return SF_ERR_IO;
    case scorefield::ErrorKind::BadModel:
      return SF_ERR_BAD_MODEL;
    case scorefield::ErrorKind::BadData:
      return SF_ERR_BAD_DATA;
    case scorefield::ErrorKind::Device:
      return SF_ERR_DEVICE;
    case scorefield::ErrorKind::Cancelled:
      return SF_ERR_CANCELLED;
    case scorefield::ErrorKind::Unsupported:
      return SF_ERR_UNSUPPORTED;
    case scorefield::ErrorKind::Internal:
      break;
  }
  return SF_ERR_INTERNAL;
}

// Runs body and converts every exception into a status code and a message.
template <typename Body>
sf_status guarded(Body&& body) {
  try {
    last_error.clear();
    body();
    return SF_OK;
  } catch (const scorefield::Error& e) {
    last_error = e.what();
    return status_of(e.kind());
  } catch (const std::bad_alloc&) {
    last_error = "out of memory: lower the sample count or resolution";
    return SF_ERR_INTERNAL;
  } catch (const std::exception& e) {
    last_error = "internal error: " + scorefield::first_line(e.what());
    return SF_ERR_INTERNAL;
  } catch (...) {
    last_error = "internal error (unknown exception)";
    return SF_ERR_INTERNAL;
  }
}

scorefield::SamplerOptions convert(const sf_sample_options* o) {
  sf_sample_options d;
  sf_sample_options_default(&d);
  if (!o) o = &d;
  scorefield::SamplerOptions s;
  s.kind = scorefield::parse_sampler(o->sampler ? o->sampler : "ode");
  s.steps = o->steps;
  s.epsilon = o->epsilon;
  s.final_denoise = o->final_denoise != 0;
  s.precision = scorefield::parse_precision(o->precision ? o->precision : "fp32");
  s.start_sigma = o->start_sigma;
  if (o->progress) {
    auto fn = o->progress;
    void* user = o->progress_user;
    s.progress = [fn, user](int64_t done, int64_t total) { return fn(done, total, user) != 0; };
  }
  return s;
}

void copy_out(const torch::Tensor& t, float* out) {
  auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  std::memcpy(out, c.data_ptr<float>(), static_cast<size_t>(c.numel()) * sizeof(float));
}

}  // namespace

SF_EXPORT int sf_api_version(void) { return SCOREFIELD_API_VERSION; }
SF_EXPORT const char* sf_last_error(void) { return last_error.c_str(); }
SF_EXPORT int sf_cuda_available(void) { return torch::cuda::is_available() ? 1 : 0; }

SF_EXPORT void sf_sample_options_default(sf_sample_options* o) {
  if (!o) return;
  o->sampler = "ode";
  o->steps = 32;
  o->epsilon = 0.05;
  o->final_denoise = 0;
  o->seed = 0;
  o->progress = nullptr;
  o->progress_user = nullptr;
  o->precision = "fp32";
  o->start_sigma = 0.0;
}

SF_EXPORT sf_status sf_model_open(const char* path, const char* device, sf_model** model) {
  return guarded([&] {
    scorefield::require(path && model, "sf_model_open needs a path and an output pointer");
    *model = nullptr;
    scorefield::configure_cpu_runtime();
    auto dev = scorefield::parse_device(device ? device : "cpu");
    auto m = scorefield::ScoreModel::load(path, dev);
    nlohmann::json j = m.config();
    auto header = scorefield::read_container(path).header;
    int64_t parameters = 0;
    for (const auto& p : m.network()->parameters()) parameters += p.numel();
    header["parameters"] = parameters;
    *model = new sf_model{std::move(m), j.dump(2), scorefield::model_card(header)};
  });
}

SF_EXPORT void sf_model_close(sf_model* model) { delete model; }

namespace {
// Copies `text` with its terminating zero into buf (when given and large enough); `needed` gets
// its size either way.
sf_status copy_text(const std::string& text, const char* what, char* buf, size_t size, size_t* needed) {
  return guarded([&] {
    const size_t n = text.size() + 1;
    if (needed) *needed = n;
    if (buf && size >= n)
      std::memcpy(buf, text.c_str(), n);
    else if (buf)
      scorefield::require(false, std::string("buffer too small for the ") + what + " (" + std::to_string(n) +
                                     " bytes needed)");
  });
}

// The API's callers (the ParaView filters, the Catalyst adaptor) lay samples out on the torus'
// grid, N = f M points with spacing h / f; a mirror model's N = f (M - 1) + 1 points on the closed
// square would come back with a shifted geometry. Refused, naming the tool that serves them.
void refuse_mirror_model(const sf_model* model) {
  if (scorefield::is_mirror_boundary(model->model.config().boundary))
    scorefield::fail(scorefield::ErrorKind::Unsupported,
                     "this model takes fields with walls (model.boundary = \"mirror\"); the ParaView filters and "
                     "the Catalyst adaptor serve periodic models in this release: run `scorefield superres` (or "
                     "`sample`) on the field written as .vti");
}
}  // namespace

SF_EXPORT sf_status sf_model_config_json(const sf_model* model, char* buf, size_t size, size_t* needed) {
  if (!model) return guarded([] { scorefield::require(false, "null model handle"); });
  return copy_text(model->config_json, "configuration", buf, size, needed);
}

SF_EXPORT sf_status sf_model_card(const sf_model* model, char* buf, size_t size, size_t* needed) {
  if (!model) return guarded([] { scorefield::require(false, "null model handle"); });
  return copy_text(model->card, "model card", buf, size, needed);
}

SF_EXPORT int sf_model_factors(const sf_model* model, int* out, int capacity) {
  if (!model) return -1;
  const auto& config = model->model.config();
  if (config.task != "superres") return 0;
  const std::set<int> distinct(config.coarse_factors.begin(), config.coarse_factors.end());
  int i = 0;
  for (int f : distinct) {
    if (out && i < capacity) out[i] = f;
    ++i;
  }
  return i;
}

SF_EXPORT int sf_model_training_resolution(const sf_model* model) {
  return model ? model->model.config().training_resolution : -1;
}

SF_EXPORT int sf_model_condition_channels(const sf_model* model) {
  return model ? model->model.config().network.cond_channels : -1;
}

SF_EXPORT sf_status sf_sample(sf_model* model, int n, int count, const sf_sample_options* options, float* out) {
  return guarded([&] {
    scorefield::require(model && out, "sf_sample needs a model handle and an output buffer");
    refuse_mirror_model(model);
    const auto opts = convert(options);
    copy_out(model->model.sample(n, count, opts, options ? options->seed : 0), out);
  });
}

SF_EXPORT sf_status sf_superresolve(sf_model* model, const float* coarse, int coarse_n, int n, int count,
                                    const sf_sample_options* options, float* out) {
  return guarded([&] {
    scorefield::require(model && coarse && out, "sf_superresolve needs a model, a coarse field and an output buffer");
    refuse_mirror_model(model);
    scorefield::require(coarse_n >= 2, "coarse grid must be at least 2 x 2");
    auto y = torch::from_blob(const_cast<float*>(coarse), {coarse_n, coarse_n}, torch::kFloat32).clone();
    const auto opts = convert(options);
    copy_out(model->model.superresolve(y, n, count, opts, options ? options->seed : 0), out);
  });
}

SF_EXPORT const char* sf_input_warning(const sf_model* model, const float* field, int n) {
  static thread_local std::string warning;
  warning.clear();
  if (!model || !field || n < 2) return warning.c_str();
  try {
    auto y = torch::from_blob(const_cast<float*>(field), {n, n}, torch::kFloat32);
    // Both checks: values unlike the training data's, and a boundary of the other kind.
    warning = scorefield::unlike_training_data(model->model.config(), y);
    const auto boundary = scorefield::boundary_mismatch(model->model.config().boundary, y);
    if (!boundary.empty()) warning += (warning.empty() ? "" : "; ") + boundary;
  } catch (const std::exception&) {
    warning.clear();  // a check that cannot run warns of nothing; the call that follows reports errors
  }
  return warning.c_str();
}

SF_EXPORT sf_status sf_check_superres_grid(const sf_model* model, int coarse_n, int n) {
  return guarded([&] {
    scorefield::require(model, "null model handle");
    refuse_mirror_model(model);
    model->model.check_superres_grid(coarse_n, n);
  });
}

SF_EXPORT sf_status sf_restrict(const float* in, int n, int m, float* out) {
  return guarded([&] {
    scorefield::require(in && out, "sf_restrict needs an input field and an output buffer");
    scorefield::require(m >= 2 && m < n, "sf_restrict restricts to a coarser grid: need 2 <= m < n, got m = " +
                                             std::to_string(m) + ", n = " + std::to_string(n));
    // Double precision in the transform, as datagen restricts, so that the coarse field agrees with
    // a training pair's to float rounding.
    auto x = torch::from_blob(const_cast<float*>(in), {n, n}, torch::kFloat32).to(torch::kFloat64);
    scorefield::require(torch::isfinite(x).all().item<bool>(),
                        "the field to restrict holds NaN or Inf; fill or mask them first");
    copy_out(scorefield::spectral_resize(x, m), out);
  });
}

SF_EXPORT sf_status sf_condition_observations(sf_model* model, const float* values, const float* mask, int n, int count,
                                              const sf_sample_options* options, float* out) {
  return guarded([&] {
    scorefield::require(model && values && mask && out,
                        "sf_condition_observations needs a model, values, a mask and an output buffer");
    scorefield::require(n >= 2, "the grid must be at least 2 x 2");
    auto v = torch::from_blob(const_cast<float*>(values), {n, n}, torch::kFloat32).clone();
    auto m = torch::from_blob(const_cast<float*>(mask), {n, n}, torch::kFloat32).clone();
    const auto opts = convert(options);
    copy_out(model->model.condition_on_observations(v, m, count, opts, options ? options->seed : 0), out);
  });
}
