#include "scorefield/score_model.hpp"

#include <zlib.h>

#include <algorithm>
#include <set>
#include <cstring>
#include <fstream>
#include <sstream>

#include "scorefield/atomic_file.hpp"
#include "scorefield/boundary_extension.hpp"
#include "scorefield/conditioning.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

namespace {
constexpr char kMagic[16] = {'S', 'C', 'O', 'R', 'E', 'F', 'I', 'E', 'L', 'D', '\0', 'M', 'O', 'D', 'E', 'L'};
constexpr std::uint32_t kFormatVersion = 1;

std::string shape_string(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? " x " : "") + std::to_string(t.size(i));
  return s + "]";
}

template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}
}  // namespace

double reference_noise_variance(const ModelConfig& cfg) {
  return GaussianMeasure(cfg.noise).pointwise_variance(std::max(64, cfg.training_resolution));
}

double unit_variance_amplitude(const ModelConfig& cfg) {
  NoiseConfig unit = cfg.noise;
  unit.amplitude = 1.0;
  ModelConfig c = cfg;
  c.noise = unit;
  return 1.0 / std::sqrt(reference_noise_variance(c));
}

ScoreModel::ScoreModel(ModelConfig cfg, torch::Device device)
    : cfg_(std::move(cfg)), noise_(cfg_.noise, is_mirror_boundary(cfg_.boundary)), net_(nullptr), device_(device) {
  cfg_.validate();
  net_ = ScoreNetwork(cfg_.network, reference_noise_variance(cfg_));
  net_->to(device_);
}

void ScoreModel::to(torch::Device device) {
  device_ = device;
  net_->to(device);
}

ScoreNetwork ScoreModel::reduced_network(Precision precision) const {
  check_precision(precision, device_);
  if (precision != Precision::BFloat16) return nullptr;
  // Ordinary (not inference) parameters, so that the spectral layers may keep their weights.
  c10::InferenceMode not_inference(false);
  torch::NoGradGuard no_grad;
  auto low = copy_network(net_, device_);
  low->to(torch::kBFloat16);
  low->eval();
  return low;
}

ScoreFn ScoreModel::score_fn(torch::Tensor cond, Precision precision) {
  require(cfg_.network.cond_channels == 0 || cond.defined(),
          "this model is conditional (" + std::to_string(cfg_.network.cond_channels) +
              " conditioning channels): give it a conditioning field");
  auto net = net_;
  auto low = reduced_network(precision);
  const bool mirror = is_mirror_boundary(cfg_.boundary);
  return [net, low, cond, mirror](const torch::Tensor& x, double sigma) mutable {
    auto s = torch::full({x.size(0)}, sigma, x.options());
    auto f = net->forward(x, s, cond, low.is_empty() ? nullptr : low.get());
    return mirror ? mirror_symmetrize(f) : f;
  };
}

int64_t ScoreModel::sampling_size(int64_t n) const {
  return is_mirror_boundary(cfg_.boundary) ? mirror_extended_size(n) : n;
}

torch::Tensor ScoreModel::to_user_grid(const torch::Tensor& x) const {
  auto y = is_mirror_boundary(cfg_.boundary) ? mirror_crop(mirror_symmetrize(x)) : x;
  return y * cfg_.normalisation.std + cfg_.normalisation.mean;
}

torch::Tensor ScoreModel::sample(int64_t n, int64_t count, const SamplerOptions& options, std::uint64_t seed) {
  torch::InferenceMode guard;
  net_->eval();
  auto gen = make_generator(device_, seed);
  auto score = score_fn({}, options.precision);
  PrecisionScope precision(options.precision);
  require(!is_mirror_boundary(cfg_.boundary) || n >= 3, "a mirror model samples grids of at least 3 x 3 points");
  auto x = run_sampler(score, noise_, cfg_.levels, options, count, sampling_size(n), gen,
                       torch::TensorOptions().dtype(torch::kFloat32).device(device_));
  return to_user_grid(x);
}

void ScoreModel::check_superres_grid(int64_t m, int64_t n) const {
  if (cfg_.task != "superres")
    fail(ErrorKind::Unsupported, "this model (task '" + cfg_.task +
                                     "') does not take a coarse field; super-resolution needs a model trained with "
                                     "task \"superres\"");
  if (is_mirror_boundary(cfg_.boundary)) {
    // Points on a closed square: the coarse grid's M points are every f-th fine point.
    require(m >= 3, "the coarse grid must have at least 3 x 3 points (got " + std::to_string(m) + ")");
    if (n <= m || (n - 1) % (m - 1) != 0)
      fail(ErrorKind::InvalidArgument,
           "target size " + std::to_string(n) + " does not refine " + std::to_string(m) +
               " points by an integer factor: this model takes fields with their boundary points, so a factor f "
               "gives f (M - 1) + 1 points (" + std::to_string(2 * (m - 1) + 1) + ", " +
               std::to_string(4 * (m - 1) + 1) + ", ...)");
    check_extended_superres_grid(mirror_extended_size(m), mirror_extended_size(n));
    return;
  }
  check_extended_superres_grid(m, n);
}

void ScoreModel::check_extended_superres_grid(int64_t m, int64_t n) const {
  require(m >= 2 && m % 2 == 0, "the coarse grid must have an even size >= 2 (got " + std::to_string(m) + ")");
  if (n <= m || n % m != 0 || n % 2 != 0)
    fail(ErrorKind::InvalidArgument, "target size " + std::to_string(n) +
                                         " is not an integer multiple > 1 of the coarse size " + std::to_string(m) +
                                         "; pick an integer factor (2, 4, 8, ...)");
  const int64_t factor = n / m;
  if (!cfg_.fine_resolutions.empty()) {
    // Trained on several fine grids: it knows the pairs (N, N / f) of those grids and factors.
    const int finest = *std::max_element(cfg_.fine_resolutions.begin(), cfg_.fine_resolutions.end());
    if (n > finest)
      fail(ErrorKind::Unsupported,
           "target size " + std::to_string(n) + " is finer than the finest grid the model was trained on (" +
               std::to_string(finest) + "): it never saw wavenumbers above " + std::to_string(finest / 2) +
               " and would invent them; use a target <= " + std::to_string(finest) +
               " or train with it in training.fine_resolutions");
    if (std::find(cfg_.coarse_factors.begin(), cfg_.coarse_factors.end(), factor) == cfg_.coarse_factors.end()) {
      // Each factor once, in order (the list weights them by repetition: 4, 4, 8).
      std::set<int> distinct(cfg_.coarse_factors.begin(), cfg_.coarse_factors.end());
      std::string trained;
      for (int f : distinct) trained += (trained.empty() ? "" : ", ") + std::to_string(f);
      fail(ErrorKind::Unsupported, "factor " + std::to_string(factor) + " is not one the model was trained for (" +
                                       trained + "); use one of them or train with it in training.coarse_factors");
    }
  } else if (!cfg_.coarse_factors.empty()) {
    const int largest = *std::max_element(cfg_.coarse_factors.begin(), cfg_.coarse_factors.end());
    if (factor > largest)
      fail(ErrorKind::Unsupported, "factor " + std::to_string(factor) +
                                       " exceeds the largest the model was trained for (" + std::to_string(largest) +
                                       "); use a factor <= " + std::to_string(largest) +
                                       " or train with it in training.coarse_factors");
  }
}

torch::Tensor ScoreModel::superresolve(const torch::Tensor& coarse, int64_t n, int64_t count,
                                       const SamplerOptions& options, std::uint64_t seed) {
  require(coarse.dim() == 2 && coarse.size(0) == coarse.size(1),
          "the coarse field must be a square 2-D grid (got shape " + shape_string(coarse) + ")");
  check_superres_grid(coarse.size(0), n);
  require(count >= 1, "the number of samples must be >= 1");
  if (!torch::isfinite(coarse).all().item<bool>())
    fail(ErrorKind::BadData, "the coarse field holds NaN or Inf values; fill or mask them first");
  torch::InferenceMode guard;
  net_->eval();
  const int64_t m = sampling_size(coarse.size(0));
  n = sampling_size(n);
  auto y = (coarse.to(device_, torch::kFloat32) - cfg_.normalisation.mean) / cfg_.normalisation.std;
  if (is_mirror_boundary(cfg_.boundary)) y = mirror_extend(y);
  auto y_fine = coarse_condition(y, n).unsqueeze(0).expand({count, n, n});
  auto cond = y_fine.unsqueeze(1);
  auto mask = coarse_mode_mask(n, m, y.options());
  auto net = net_;
  auto low = reduced_network(options.precision);
  const bool mirror = is_mirror_boundary(cfg_.boundary);
  ScoreFn score = [net, low, cond, y_fine, mask, m, mirror](const torch::Tensor& x, double sigma) mutable {
    auto s = torch::full({x.size(0)}, sigma, x.options());
    auto f =
        compose_superres_score(net->forward(x, s, cond, low.is_empty() ? nullptr : low.get(), m), x, y_fine, mask);
    return mirror ? mirror_symmetrize(f) : f;
  };
  PrecisionScope precision(options.precision);
  auto gen = make_generator(device_, seed);
  SamplerOptions run = options;
  run.start_mean = y_fine;  // used only with a start below the top level
  auto x = run_sampler(score, noise_, cfg_.levels, run, count, n, gen,
                       torch::TensorOptions().dtype(torch::kFloat32).device(device_));
  return to_user_grid(x);
}

torch::Tensor ScoreModel::condition_on_observations(const torch::Tensor& values, const torch::Tensor& mask,
                                                    int64_t count, const SamplerOptions& options, std::uint64_t seed) {
  if (cfg_.task != "observations")
    fail(ErrorKind::Unsupported, "this model (task '" + cfg_.task +
                                     "') does not take point observations; use a model trained with task "
                                     "\"observations\"");
  require(values.dim() == 2 && values.size(0) == values.size(1) && mask.sizes() == values.sizes(),
          "observations must be a square 2-D grid of values with a mask of the same shape");
  require(count >= 1, "the number of samples must be >= 1");
  auto observed = mask > 0.5;
  require(observed.any().item<bool>(), "there are no observations (the mask is empty)");
  if (!torch::isfinite(values.masked_select(observed)).all().item<bool>())
    fail(ErrorKind::BadData, "observed values hold NaN or Inf; drop those points");
  torch::InferenceMode guard;
  net_->eval();
  const int64_t n = values.size(0);
  auto m = observed.to(device_, torch::kFloat32);
  auto v = (torch::where(observed, values, torch::zeros_like(values)).to(device_, torch::kFloat32) -
            cfg_.normalisation.mean) /
           cfg_.normalisation.std;
  const int channels = cfg_.network.cond_channels;
  auto cond = observation_condition(v.unsqueeze(0), m.unsqueeze(0), channels).expand({count, channels, n, n});
  auto gen = make_generator(device_, seed);
  auto score = score_fn(cond, options.precision);
  PrecisionScope precision(options.precision);
  auto x = run_sampler(score, noise_, cfg_.levels, options, count, n, gen,
                       torch::TensorOptions().dtype(torch::kFloat32).device(device_));
  return x * cfg_.normalisation.std + cfg_.normalisation.mean;
}

void write_container(const std::filesystem::path& path, const ModelContainer& c) {
  std::string body;
  const std::string json = c.header.dump();
  put<std::uint64_t>(body, json.size());
  body += json;
  put<std::uint64_t>(body, c.archive.size());
  body += c.archive;
  const auto crc = static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  write_atomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream f(tmp, std::ios::binary);
    f.write(kMagic, sizeof kMagic);
    f.write(reinterpret_cast<const char*>(&kFormatVersion), sizeof kFormatVersion);
    f.write(body.data(), static_cast<std::streamsize>(body.size()));
    f.write(reinterpret_cast<const char*>(&crc), sizeof crc);
    f.close();
    if (!f) fail(ErrorKind::Io, "failed writing '" + path.string() + "' (disk full?)");
  });
}

ModelContainer read_container(const std::filesystem::path& path) {
  const std::string where = "model file '" + path.string() + "'";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    fail(ErrorKind::BadModel, where + " does not exist (check the path, or train one with 'scorefield train')");
  std::ifstream f(path, std::ios::binary);
  if (!f) fail(ErrorKind::BadModel, where + " cannot be opened (check its permissions)");
  std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (all.size() < sizeof kMagic + 4 || std::memcmp(all.data(), kMagic, sizeof kMagic) != 0)
    fail(ErrorKind::BadModel,
         where + " is not a ScoreField model (wrong header); pass a file written by 'scorefield train'");
  std::uint32_t version;
  std::memcpy(&version, all.data() + sizeof kMagic, 4);
  if (version != kFormatVersion)
    fail(ErrorKind::BadModel, where + " has format version " + std::to_string(version) + ", this engine reads " +
                                  std::to_string(kFormatVersion) + " (use a matching scorefield release)");
  const std::size_t start = sizeof kMagic + 4;
  auto truncated = [&]() {
    fail(ErrorKind::BadModel, where + " is truncated (incomplete copy or interrupted write); copy or train it again");
  };
  std::size_t pos = start;
  auto take_len = [&]() {
    if (all.size() < pos + 8) truncated();
    std::uint64_t n;
    std::memcpy(&n, all.data() + pos, 8);
    pos += 8;
    if (all.size() < pos + n) truncated();
    return static_cast<std::size_t>(n);
  };
  const std::size_t json_len = take_len();
  const std::string json = all.substr(pos, json_len);
  pos += json_len;
  const std::size_t arch_len = take_len();
  ModelContainer c;
  c.archive = all.substr(pos, arch_len);
  pos += arch_len;
  if (all.size() != pos + 4) truncated();
  std::uint32_t crc;
  std::memcpy(&crc, all.data() + pos, 4);
  const auto actual = static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(all.data() + start), static_cast<uInt>(pos - start)));
  if (crc != actual) fail(ErrorKind::BadModel, where + " is corrupted (checksum mismatch); copy or train it again");
  try {
    c.header = nlohmann::json::parse(json);
  } catch (const std::exception& e) {
    fail(ErrorKind::BadModel, where + " has an unreadable header: " + e.what());
  }
  if (!c.header.is_object()) fail(ErrorKind::BadModel, where + " has a header that is not a JSON object");
  return c;
}

void ScoreModel::save(const std::filesystem::path& path, const nlohmann::json& extra) const {
  ModelContainer c;
  c.header = extra.is_object() ? extra : nlohmann::json::object();
  if (!c.header.contains("kind")) c.header["kind"] = "model";
  c.header["config"] = cfg_;
  torch::serialize::OutputArchive archive;
  copy_network(net_, torch::kCPU)->save(archive);
  std::ostringstream os;
  archive.save_to(os);
  c.archive = os.str();
  write_container(path, c);
}

ScoreModel ScoreModel::load(const std::filesystem::path& path, torch::Device device) {
  auto c = read_container(path);
  ModelConfig cfg;
  try {
    cfg = c.header.at("config").get<ModelConfig>();
  } catch (const std::exception& e) {
    fail(ErrorKind::BadModel, "model file '" + path.string() + "' lacks a complete configuration: " + e.what());
  }
  ScoreModel model(cfg, torch::kCPU);
  try {
    torch::serialize::InputArchive archive;
    std::istringstream is(c.archive);
    archive.load_from(is);
    if (c.header.is_object() && c.header.value("kind", "model") == "checkpoint") {
      torch::serialize::InputArchive weights;
      archive.read("ema", weights);
      model.net_->load(weights);
    } else {
      model.net_->load(archive);
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(ErrorKind::BadModel, "model file '" + path.string() + "' has weights that do not match its configuration: " +
                                  std::string(e.what()).substr(0, 200));
  }
  model.to(device);
  return model;
}

}  // namespace scorefield
