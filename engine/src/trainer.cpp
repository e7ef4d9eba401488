#include "scorefield/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "scorefield/atomic_file.hpp"
#include "scorefield/boundary_extension.hpp"
#include "scorefield/collective.hpp"
#include "scorefield/conditioning.hpp"
#include "scorefield/cpu_runtime.hpp"
#include "scorefield/device.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/field_symmetry.hpp"
#include "scorefield/fourier.hpp"
#include "scorefield/heat_semigroup.hpp"
#include "scorefield/score_model.hpp"
#include "scorefield/spectral_prior.hpp"
#include "scorefield/start_law_check.hpp"
#include "scorefield/training_law_check.hpp"

namespace scorefield {

std::filesystem::path checkpoint_path(const std::filesystem::path& model) { return model.string() + ".ckpt"; }
std::filesystem::path log_path(const std::filesystem::path& model) { return model.string() + ".log.jsonl"; }

namespace {

// u [B, N, N] holds standardised fields (raw - mean) / std; item b is replaced by its image under
// group element elements[b]. The maps act on raw values (a sign-reversing one negates the mean too).
torch::Tensor random_symmetry_images(const std::string& group, const torch::Tensor& elements, const torch::Tensor& u,
                                     const Normalisation& norm) {
  auto raw = u * norm.std + norm.mean;
  auto out = raw.clone();
  auto picks = elements.to(torch::kCPU);
  for (int64_t b = 0; b < u.size(0); ++b) {
    const int64_t e = picks[b].item<int64_t>();
    if (e != 0) out[b].copy_(apply_symmetry(group, e, raw[b]));
  }
  return (out - norm.mean) / norm.std;
}

// Linear warm-up to the peak, then cosine decay to 5% of it at the last step.
double learning_rate_at(const TrainingConfig& t, int step) {
  if (step < t.warmup_steps) return t.learning_rate * (step + 1) / static_cast<double>(t.warmup_steps);
  const double progress = (step - t.warmup_steps) / std::max(1.0, static_cast<double>(t.steps - t.warmup_steps));
  return t.learning_rate * (0.05 + 0.95 * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress))));
}

// The training settings that shape the result of a run (everything but where and how fast it
// runs, and how often it reports): a resumed run must have the same ones to reproduce an
// uninterrupted run. The batch counts over all ranks (`ranks` x batch_size): a checkpoint resumes
// on any number of ranks with the same global batch.
nlohmann::json result_settings(const TrainingConfig& t, int ranks) {
  return {{"init", t.init.filename().string()},
          {"steps", t.steps},
          {"global_batch_size", t.batch_size * ranks},
          {"learning_rate", t.learning_rate},
          {"warmup_steps", t.warmup_steps},
          {"ema_decay", t.ema_decay},
          {"loss_norm", t.loss_norm},
          {"grad_clip", t.grad_clip},
          {"coarse_factors", t.coarse_factors},
          {"fine_resolutions", t.fine_resolutions},
          {"resolution_weights", t.resolution_weights},
          {"observed_fraction_min", t.observed_fraction_min},
          {"observed_fraction_max", t.observed_fraction_max},
          {"symmetry", t.symmetry},
          {"seed", t.seed}};
}

// The names of the settings that differ, as "training.key (was A, now B)".
std::string changed_settings(const nlohmann::json& was, const nlohmann::json& now) {
  std::string changes;
  for (const auto& [key, value] : now.items()) {
    if (was.contains(key) && was.at(key) == value) continue;
    changes += (changes.empty() ? "" : ", ") + std::string("training.") + key + " (was " +
               (was.contains(key) ? was.at(key).dump() : std::string("unset")) + ", now " + value.dump() + ")";
  }
  return changes;
}

// A path as stored in a model file: relative to the model's folder (as the project's own
// configurations name their data), else its file name, so that model files carry no absolute
// paths of the machine that trained them.
std::string portable_path(const std::filesystem::path& p, const std::filesystem::path& model) {
  if (p.empty()) return "";
  std::error_code ec;
  const auto relative = std::filesystem::relative(p, model.parent_path().empty() ? "." : model.parent_path(), ec);
  if (!ec && !relative.empty()) return relative.string();
  return p.filename().string();
}

std::string archive_bytes(torch::serialize::OutputArchive& a) {
  std::ostringstream os;
  a.save_to(os);
  return os.str();
}

struct TrainState {
  ScoreModel model;
  ScoreNetwork ema{nullptr};
  std::unique_ptr<torch::optim::Adam> optimizer;
  at::Generator gen;
  int step = 0;
};

// The model file first, then the checkpoint: a run killed between the two resumes from the older
// checkpoint and rewrites both, and a checkpoint at the last step always has its model beside it.
// `log_bytes` is the length of the log at this step, so that a resumed run cuts off what a killed
// one logged after its last checkpoint (possibly half a line) before it appends.
void save_checkpoint(const TrainState& s, const TrainingConfig& t, int ranks, std::int64_t log_bytes) {
  // The model file alone (EMA weights) so that a partially trained run can be sampled.
  ScoreModel snapshot(s.model.config(), torch::kCPU);
  snapshot.network() = copy_network(s.ema, torch::kCPU);
  snapshot.save(t.output, {{"trained_steps", s.step}, {"seed", t.seed}, {"data", portable_path(t.data, t.output)}});
  torch::serialize::OutputArchive root, live, ema, opt;
  s.model.network().ptr()->save(live);
  s.ema->save(ema);
  s.optimizer->save(opt);
  root.write("model", live);
  root.write("ema", ema);
  root.write("optimizer", opt);
  root.write("generator_state", s.gen.get_state());
  ModelContainer c;
  c.header = {{"kind", "checkpoint"}, {"config", s.model.config()}, {"step", s.step}, {"steps", t.steps},
              {"log_bytes", log_bytes}, {"training", result_settings(t, ranks)}};
  c.archive = archive_bytes(root);
  write_container(checkpoint_path(t.output), c);
}

// Sums the gradients of all parameters over the ranks through one flat buffer (a single
// allreduce per step instead of one per tensor).
void sum_gradients(const std::vector<torch::Tensor>& params, const Collective& comm) {
  if (comm.size() == 1) return;
  std::vector<torch::Tensor> flat;
  for (const auto& p : params) flat.push_back(p.grad().reshape({-1}));
  auto buffer = torch::cat(flat).to(torch::kCPU, torch::kFloat32).contiguous();
  comm.sum(buffer.data_ptr<float>(), static_cast<std::size_t>(buffer.numel()));
  int64_t at = 0;
  for (const auto& p : params) {
    const int64_t k = p.numel();
    p.grad().copy_(buffer.slice(0, at, at + k).view_as(p.grad()));
    at += k;
  }
}

// Global mean and (unbiased) standard deviation of the fields of all shards, in double.
std::pair<double, double> global_moments(const torch::Tensor& shard, const Collective& comm) {
  auto d = shard.to(torch::kFloat64);
  double sums[3] = {d.sum().item<double>(), d.pow(2).sum().item<double>(), static_cast<double>(d.numel())};
  comm.sum(sums, 3);
  const double mean = sums[0] / sums[2];
  const double var = (sums[1] - sums[2] * mean * mean) / std::max(1.0, sums[2] - 1.0);
  return {mean, std::sqrt(std::max(var, 0.0))};
}

// The data's mean per-mode energy on their grid (start_law_check.hpp), from standardised fields:
// each rank adds its shard's, so every rank sees the whole data set's.
torch::Tensor mean_mode_energy(const torch::Tensor& shard, int64_t count, const Collective& comm) {
  auto energy = summed_mode_energy(shard).contiguous();
  comm.sum(energy.data_ptr<double>(), static_cast<std::size_t>(energy.numel()));
  return energy / static_cast<double>(count);
}

// The start-law check of model `mc` against mean mode energies measured on one grid.
StartLawMismatch start_law_of(torch::Tensor energy, const ModelConfig& mc) {
  const int64_t n = energy.size(0);
  // With smoothing the data enter the diffusion at sigma_max as A_sigma_max u (heat_semigroup.hpp).
  if (mc.smoothing.c > 0)
    energy = energy * torch::exp(-2.0 * mc.smoothing.c * mc.levels.sigma_max * 4.0 * M_PI * M_PI *
                                 wavenumber_squared(n, torch::kFloat64));
  torch::Tensor counted;
  if (mc.task == "superres") {
    const int largest = *std::max_element(mc.coarse_factors.begin(), mc.coarse_factors.end());
    counted = 1.0 - coarse_mode_mask(n, n / largest, torch::kFloat64);
  }
  return start_law_mismatch(energy, GaussianMeasure(mc.noise), mc.levels.sigma_max, counted);
}

std::string start_law_warning(const StartLawMismatch& m) {
  char text[512];
  std::snprintf(text, sizeof text,
                "the samplers' start law N(0, sigma_max^2 C) is far from the data diffused to sigma_max (%.3g "
                "nats; on the shell |k| = %lld the data have %.3g times the noise energy), so samples can miss "
                "the data law whatever the training. Lower noise.alpha until the noise is rougher than the data, "
                "or raise levels.sigma_max (docs/configuration.md, 'Choosing the noise').",
                m.kl_nats, static_cast<long long>(m.worst_shell), m.worst_ratio);
  return text;
}

// The fine grids a configuration trains on (training.fine_resolutions, or the data's grid), with
// every problem a data set of `n_data`^2 fields poses to them found before training starts.
std::vector<int64_t> training_sizes(const TrainingConfig& t, const std::string& task, int64_t n_data) {
  std::vector<int64_t> sizes(t.fine_resolutions.begin(), t.fine_resolutions.end());
  if (sizes.empty()) sizes.push_back(n_data);
  for (int64_t size : sizes) {
    if (size > n_data)
      fail(ErrorKind::InvalidArgument,
           "training.fine_resolutions asks for " + std::to_string(size) + "^2 fields, but data set '" +
               t.data.string() + "' holds " + std::to_string(n_data) + "^2 ones: generate the data at " +
               std::to_string(size) + " or finer (`scorefield datagen ns --resolution " + std::to_string(size) +
               " ...`), or drop the finer sizes; restriction can only remove scales, not add them");
    if (task == "superres")
      for (int f : t.coarse_factors)
        require(size % f == 0 && (size / f) % 2 == 0 && size / f >= 2,
                "training.coarse_factors: " + std::to_string(f) + " does not divide the fine resolution " +
                    std::to_string(size) + " into an even coarse grid");
    symmetry_group_size(t.symmetry, size);  // throws for a grid the group cannot act on
  }
  return sizes;
}

// The data's fields on the grid the model trains on: their even extensions for a mirror model
// (boundary_extension.hpp), after the checks that speak of the data's own points.
torch::Tensor training_grid_fields(const torch::Tensor& fields, const ModelConfig& mc, const TrainingConfig& t) {
  if (!is_mirror_boundary(mc.boundary)) return fields;
  const int64_t points = fields.size(-1);
  if (mc.task == "superres")
    for (int f : t.coarse_factors)
      require(points > f && (points - 1) % f == 0,
              "training.coarse_factors: " + std::to_string(f) + " does not divide the " + std::to_string(points - 1) +
                  " cells of the data's " + std::to_string(points) + "-point grid (model.boundary = \"mirror\" "
                  "counts points with the boundary: pick grids of f k + 1 points, e.g. 33, 65, 129)");
  return mirror_extend(fields);
}

// The fields restricted to an n grid by spectral truncation in float64, as `datagen ns --save`
// restricts its fine solutions; the fields themselves when they are on it already.
torch::Tensor restrict_fields(const torch::Tensor& fields, int64_t n) {
  if (fields.size(-1) == n) return fields;
  return spectral_resize(fields.to(torch::kFloat64), n).to(fields.scalar_type());
}

// The model card's spectrum of the data (config.hpp, SpectrumBand): per octave, the mean and
// standard deviation of the fields' log band energy, from every rank's fields.
std::vector<SpectrumBand> data_spectrum(const torch::Tensor& shard, int64_t count, const Collective& comm) {
  const auto bands = octave_bands(shard.size(-1));
  const auto logs = band_log_energies(shard, bands);
  auto sums = torch::cat({logs.sum(0), logs.pow(2).sum(0)}).contiguous();
  comm.sum(sums.data_ptr<double>(), static_cast<std::size_t>(sums.numel()));
  std::vector<SpectrumBand> out;
  const auto nb = static_cast<int64_t>(bands.size());
  for (int64_t i = 0; i < nb; ++i) {
    const double mean = sums[i].item<double>() / static_cast<double>(count);
    const double var = sums[nb + i].item<double>() / static_cast<double>(count) - mean * mean;
    out.push_back({bands[static_cast<size_t>(i)].first, bands[static_cast<size_t>(i)].second, mean,
                   std::sqrt(std::max(var, 0.0))});
  }
  return out;
}

// The data's mean mode energies on every fine grid (the mismatch is per mode, but the modes a grid
// holds differ).
std::vector<torch::Tensor> mode_energies_at(const torch::Tensor& shard, int64_t count,
                                            const std::vector<int64_t>& sizes, const Collective& comm) {
  std::vector<torch::Tensor> energies;
  for (int64_t size : sizes) energies.push_back(mean_mode_energy(restrict_fields(shard, size), count, comm));
  return energies;
}

// The start-law check at every fine grid: the worst grid's mismatch, and each grid's KL.
std::pair<StartLawMismatch, nlohmann::json> start_law_at(const std::vector<torch::Tensor>& energies,
                                                         const ModelConfig& mc) {
  StartLawMismatch worst;
  nlohmann::json by_size = nlohmann::json::array();
  for (size_t i = 0; i < energies.size(); ++i) {
    const auto m = start_law_of(energies[i], mc);
    by_size.push_back({{"resolution", energies[i].size(0)}, {"kl_nats", m.kl_nats}});
    if (i == 0 || m.kl_nats > worst.kl_nats) worst = m;
  }
  return {worst, by_size};
}

// The noise keys a configuration leaves out (noise_choice.hpp), set in `mc`: a fine-tuning run
// keeps its starting model's (its network learned the score under that noise); any other run
// sweeps them against the data's mode energies. Returns the choice, whose `tried` is 0 when the
// starting model gave the noise.
NoiseChoice choose_noise_from_data(ModelConfig& mc, const RunConfig& rc, const std::vector<torch::Tensor>& energies) {
  NoiseChoice choice;
  if (!rc.training.init.empty()) {
    const auto start = ScoreModel::load(rc.training.init).config();
    if (rc.noise_from_data.alpha) mc.noise.alpha = start.noise.alpha;
    if (rc.noise_from_data.sigma_max) mc.levels.sigma_max = start.levels.sigma_max;
    mc.noise.amplitude = unit_variance_amplitude(mc);
    choice = {mc.noise.alpha, mc.levels.sigma_max, mc.noise.amplitude, start_law_at(energies, mc).first};
    choice.passed = choice.mismatch.kl_nats <= kStartLawWarningNats;
    return choice;
  }
  choice = choose_noise(mc, rc.noise_from_data.alpha, rc.noise_from_data.sigma_max,
                        [&](const ModelConfig& candidate) { return start_law_at(energies, candidate).first; });
  mc.noise.alpha = choice.alpha;
  mc.levels.sigma_max = choice.sigma_max;
  mc.noise.amplitude = choice.amplitude;
  return choice;
}

std::string noise_choice_text(const NoiseChoice& c, const RunConfig& rc) {
  char text[400];
  std::snprintf(text, sizeof text, "noise %s: noise.alpha = %g, levels.sigma_max = %g (start law %.2g nats off%s)",
                c.tried == 0 ? ("taken from training.init '" + rc.training.init.string() + "'").c_str()
                             : ("chosen from the data (" + std::to_string(c.tried) + " pairs tried)").c_str(),
                c.alpha, c.sigma_max, c.mismatch.kl_nats,
                c.passed ? "" : "; no pair tried passes the check, this one is the closest");
  return text;
}

}  // namespace

StartLawCheck check_start_law(const RunConfig& rc) {
  auto data = read_fields(rc.training.data);
  ModelConfig mc = rc.model;
  data.fields = training_grid_fields(data.fields, mc, rc.training);
  const auto sizes = training_sizes(rc.training, mc.task, data.fields.size(1));
  const int64_t finest = *std::max_element(sizes.begin(), sizes.end());
  mc.training_resolution = static_cast<int>(finest);
  mc.coarse_factors = rc.training.coarse_factors;
  mc.noise.amplitude = unit_variance_amplitude(mc);
  const auto base = restrict_fields(data.fields, finest);
  const auto [mean, std] = global_moments(base, single_process());
  require(std > 0, "data set '" + rc.training.data.string() + "' is constant; nothing to learn");
  const auto energies = mode_energies_at((base - mean) / std, data.total_count, sizes, single_process());
  StartLawCheck check;
  if (rc.noise_from_data.any()) check.noise_choice = noise_choice_text(choose_noise_from_data(mc, rc, energies), rc);
  check.mismatch = start_law_at(energies, mc).first;
  if (check.mismatch.kl_nats > kStartLawWarningNats) check.warning = start_law_warning(check.mismatch);
  return check;
}

int train(const RunConfig& rc, const TrainOptions& options) {
  const TrainingConfig& t = rc.training;
  const Collective& comm = options.collective ? *options.collective : single_process();
  const bool writer = comm.rank() == 0;
  const auto device = parse_device(t.device);
  configure_cpu_runtime(t.threads);
  if (writer) check_writable(t.output);

  // Each rank reads only its shard, a contiguous block of fields; a failure on any rank stops all.
  FieldSet data;
  int64_t count = 0, lo = 0, hi = 0;
  {
    std::unique_ptr<Error> error;
    try {
      count = read_fields(t.data, 0, 0).total_count;
      lo = shard_begin(count, comm.size(), comm.rank());
      hi = shard_begin(count, comm.size(), comm.rank() + 1);
      data = read_fields(t.data, lo, hi);
    } catch (const Error& e) {
      error = std::make_unique<Error>(e);
    }
    comm.agree(error.get());
  }
  require(count >= 2,
          "data set '" + t.data.string() + "' has " + std::to_string(count) + " fields; at least 2 are needed");
  ModelConfig mc = rc.model;
  data.fields = training_grid_fields(data.fields, mc, t);
  // Every batch is on one of these grids; the data are kept on the finest of them.
  const auto sizes = training_sizes(t, mc.task, data.fields.size(1));
  const int64_t n = *std::max_element(sizes.begin(), sizes.end());
  std::vector<double> cumulative;  // of the normalised resolution weights
  for (size_t i = 0; i < sizes.size(); ++i)
    cumulative.push_back((cumulative.empty() ? 0.0 : cumulative.back()) +
                         (t.resolution_weights.empty() ? 1.0 : t.resolution_weights[i]));
  for (auto& c : cumulative) c /= cumulative.back();
  mc.training_resolution = static_cast<int>(n);
  if (!t.fine_resolutions.empty()) mc.fine_resolutions = t.fine_resolutions;
  if (mc.task == "superres") mc.coarse_factors = t.coarse_factors;
  mc.noise.amplitude = unit_variance_amplitude(mc);
  const auto base = restrict_fields(data.fields, n);
  std::tie(mc.normalisation.mean, mc.normalisation.std) = global_moments(base, comm);
  require(mc.normalisation.std > 0, "data set '" + t.data.string() + "' is constant; nothing to learn");
  auto fields = ((base - mc.normalisation.mean) / mc.normalisation.std).to(device);
  if (!is_mirror_boundary(mc.boundary)) mc.data_spectrum = data_spectrum(fields, count, comm);
  const auto energies = mode_energies_at(fields, count, sizes, comm);
  NoiseChoice choice;
  if (rc.noise_from_data.any()) {
    choice = choose_noise_from_data(mc, rc, energies);
    if (writer && options.on_note) options.on_note(noise_choice_text(choice, rc));
  }
  torch::Tensor prior_table, prior_log_energy;  // network.spectral_prior: per shell, from all ranks
  if (mc.network.spectral_prior) {
    require(mc.smoothing.c == 0,
            "network.spectral_prior is measured on unsmoothed data; set smoothing.c = 0 or drop spectral_prior");
    const auto& energy = energies[std::max_element(sizes.begin(), sizes.end()) - sizes.begin()];  // on the n grid
    prior_table = spectral_prior_table(energy, GaussianMeasure(mc.noise), reference_noise_variance(mc));
    prior_log_energy = shell_log_energy(energy);
    mc.network.prior_shells = static_cast<int>(prior_table.size(0));
  }

  torch::manual_seed(t.seed);
  TrainState s{ScoreModel(mc, device), nullptr, nullptr, make_generator(device, t.seed + 1), 0};
  if (!t.init.empty() && !options.resume) {
    // Fine-tuning: start from a trained model of the same network and task. A model without
    // radial filters may start one with them: the filters' output layers start at zero, so the
    // network computes exactly the initial model's function at step 0 and training adds to it.
    // network.gated_trunk, spectral_prior and conditional_prior may differ either way: none has
    // parameters (the prior's tables are buffers, measured below from this run's data).
    auto start = ScoreModel::load(t.init, device);
    const auto& ic = start.config();
    const auto& a = ic.network;
    const auto& b = mc.network;
    if (a.width != b.width || a.modes != b.modes || a.layers != b.layers || a.embed_dim != b.embed_dim ||
        a.cond_channels != b.cond_channels || ic.task != mc.task || (a.radial_filters && !b.radial_filters))
      fail(ErrorKind::InvalidArgument, "training.init '" + t.init.string() +
                                           "' has another network or task than this configuration; use the same "
                                           "[network] (radial_filters may be added, gated_trunk changed) and model.task");
    torch::NoGradGuard no_grad;
    auto src = start.network()->named_parameters();
    for (auto& p : s.model.network()->named_parameters()) {
      if (const auto* from = src.find(p.key()))
        p.value().copy_(*from);
      else if (p.key().rfind("radial_out.", 0) == 0)
        p.value().zero_();
    }
    // A model without the spectral prior learned all of phi; with the prior its MLP is a
    // correction, which starts at zero.
    if (b.prior_shells > 0 && a.prior_shells == 0)
      for (auto& p : s.model.network()->shrink2->parameters()) p.zero_();
  }
  if (prior_table.defined()) {
    torch::NoGradGuard no_grad;
    s.model.network()->log_prior.copy_(prior_table);
    if (s.model.network()->log_energy.defined()) s.model.network()->log_energy.copy_(prior_log_energy);
  }
  s.ema = copy_network(s.model.network(), device);
  for (auto& p : s.ema->parameters()) p.set_requires_grad(false);
  s.optimizer =
      std::make_unique<torch::optim::Adam>(s.model.network()->parameters(), torch::optim::AdamOptions(t.learning_rate));
  std::int64_t resume_log_bytes = -1;  // the log's length at the checkpoint (older checkpoints: unknown)
  if (options.resume) {
    auto c = read_container(checkpoint_path(t.output));
    if (c.header.value("kind", "") != "checkpoint")
      fail(ErrorKind::BadModel, "'" + checkpoint_path(t.output).string() + "' is not a training checkpoint");
    // The card's data spectrum is left out: it describes the data, from sums over the ranks whose
    // rounding depends on their number, and a checkpoint resumes on any number of ranks.
    auto stored = c.header.at("config");
    auto now = nlohmann::json(mc);
    stored.erase("data_spectrum");
    now.erase("data_spectrum");
    if (stored != now)
      fail(ErrorKind::InvalidArgument,
           "checkpoint '" + checkpoint_path(t.output).string() +
               "' was made with a different configuration or data set; resume with the same ones");
    // Older checkpoints hold no training settings: nothing to compare.
    if (c.header.contains("training") && !options.accept_changed_settings) {
      const auto changes = changed_settings(c.header.at("training"), result_settings(t, comm.size()));
      if (!changes.empty())
        fail(ErrorKind::InvalidArgument,
             "checkpoint '" + checkpoint_path(t.output).string() + "' was made with other training settings: " +
                 changes +
                 ". Resuming would not reproduce an uninterrupted run; restore them, or pass "
                 "--resume-with-changes to continue under the new ones");
    }
    torch::serialize::InputArchive root, live, ema, opt;
    std::istringstream is(c.archive);
    root.load_from(is, device);
    root.read("model", live);
    root.read("ema", ema);
    root.read("optimizer", opt);
    s.model.network()->load(live);
    s.ema->load(ema);
    s.optimizer->load(opt);
    torch::Tensor state;
    root.read("generator_state", state);
    s.gen.set_state(state.to(torch::kCPU));
    s.step = c.header.at("step").get<int>();
    resume_log_bytes = c.header.value("log_bytes", std::int64_t{-1});
  }

  std::ofstream log;
  if (writer && options.resume && resume_log_bytes >= 0) {
    std::error_code ec;
    const auto log_file = log_path(t.output);
    if (std::filesystem::exists(log_file, ec) &&
        std::filesystem::file_size(log_file, ec) > static_cast<std::uintmax_t>(resume_log_bytes))
      std::filesystem::resize_file(log_file, static_cast<std::uintmax_t>(resume_log_bytes), ec);
  }
  if (writer) log.open(log_path(t.output), options.resume ? std::ios::app : std::ios::trunc);
  const auto& noise = s.model.noise();
  {
    const auto [m, by_size] = start_law_at(energies, mc);
    nlohmann::json entry{{"kl_nats", m.kl_nats},
                         {"worst_ratio", m.worst_ratio},
                         {"worst_shell", m.worst_shell},
                         {"sigma_max", mc.levels.sigma_max}};
    if (sizes.size() > 1) entry["by_resolution"] = by_size;
    if (writer && !options.resume) {
      if (rc.noise_from_data.any())
        log << nlohmann::json{{"noise_choice", {{"alpha", mc.noise.alpha},
                                                {"sigma_max", mc.levels.sigma_max},
                                                {"from", choice.tried == 0 ? "init" : "data"},
                                                {"pairs_tried", choice.tried}}}}
                   .dump()
            << "\n";
      log << nlohmann::json{{"start_law", entry}}.dump() << "\n";
    }
    if (writer && options.on_warning && m.kl_nats > kStartLawWarningNats) options.on_warning(start_law_warning(m));
  }
  const bool use_cm = t.loss_norm != "l2", use_l2 = t.loss_norm != "cameron-martin";
  const double log_min = std::log(mc.levels.sigma_min), log_max = std::log(mc.levels.sigma_max);
  std::vector<int> batches_at(sizes.size(), 0);  // this run's batches per fine grid, for the log
  // Mean loss per fine grid since the last report: the per-level weight is meant to give O(1)
  // losses on every grid (norms are means over points or modes), which the log lets one check.
  std::vector<double> loss_at(sizes.size(), 0.0);
  std::vector<int> losses_at(sizes.size(), 0);
  const int last = options.stop_after > 0 ? std::min(options.stop_after, t.steps) : t.steps;
  const auto start = std::chrono::steady_clock::now();
  const int first_step = s.step;
  double loss_sum = 0;
  int loss_count = 0;
  auto net = s.model.network();
  net->train();
  while (s.step < last) {
    const double lr = learning_rate_at(t, s.step);
    for (auto& g : s.optimizer->param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr);
    // The global batch is P x batch_size items drawn from the whole data set by the generator
    // every rank shares (so P ranks reproduce one rank with a P times larger batch); each rank
    // computes the items of its own shard.
    const int64_t global = t.batch_size * comm.size();
    // One fine grid per batch; drawn only when there is a choice, so single-grid runs keep their
    // random streams.
    size_t grid = 0;
    if (sizes.size() > 1) {
      const double r = torch::rand({1}, s.gen, fields.options().dtype(torch::kFloat64)).item<double>();
      while (grid + 1 < sizes.size() && r >= cumulative[grid]) ++grid;
    }
    const int64_t nb = sizes[grid];
    ++batches_at[grid];
    const int64_t group_size = symmetry_group_size(t.symmetry, nb);
    auto idx = torch::randint(count, {global}, s.gen, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto sigma_all = torch::exp(log_min + (log_max - log_min) * torch::rand({global}, s.gen, fields.options()));
    auto xi_all = noise.sample(global, nb, 1.0, s.gen, fields.options()) * sigma_all.view({-1, 1, 1});
    int64_t m = nb;  // coarse grid of this batch (task superres)
    if (mc.task == "superres") {
      // One coarse grid per batch, so that the exact low-mode score is one Fourier multiplier.
      const int64_t pick = torch::randint(static_cast<int64_t>(t.coarse_factors.size()), {1}, s.gen,
                                          torch::TensorOptions().dtype(torch::kLong).device(device))
                               .item<int64_t>();
      m = nb / t.coarse_factors[pick];
    }
    torch::Tensor mask_all;
    if (mc.task == "observations")
      mask_all = random_observation_mask(global, nb, t.observed_fraction_min, t.observed_fraction_max, s.gen,
                                         fields.options());
    torch::Tensor element_all;  // drawn only with a symmetry group, so other runs keep their streams
    if (group_size > 1)
      element_all =
          torch::randint(group_size, {global}, s.gen, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto mine = ((idx >= lo) & (idx < hi)).nonzero().squeeze(1);
    auto u = restrict_fields(fields.index_select(0, idx.index_select(0, mine) - lo), nb);
    if (group_size > 1) u = random_symmetry_images(t.symmetry, element_all.index_select(0, mine), u, mc.normalisation);
    auto sigma = sigma_all.index_select(0, mine);
    if (mc.smoothing.c > 0) u = heat_semigroup(u, mc.smoothing.c * sigma);
    auto xi = xi_all.index_select(0, mine);
    auto x = u + xi;
    torch::Tensor f;
    if (mc.task == "superres") {
      auto y = coarse_condition(spectral_resize(u, m), nb);
      f = compose_superres_score(net->forward(x, sigma, y.unsqueeze(1), nullptr, m), x, y,
                                 coarse_mode_mask(nb, m, u.options()));
    } else if (mc.task == "observations") {
      f = net->forward(x, sigma, observation_condition(u, mask_all.index_select(0, mine), mc.network.cond_channels));
    } else {
      f = net->forward(x, sigma);
    }
    auto residual = (xi + f) / sigma.view({-1, 1, 1});
    // In the Cameron-Martin norm the residual is whitened: C^(-1/2) xi / (sigma N) is grid white
    // noise of unit variance, so both norms give O(1) losses at every level.
    // Per-item means summed over this rank's items and divided by the global batch: the ranks'
    // losses (and gradients) add up to the mean over the global batch.
    auto loss = torch::zeros({}, residual.options());
    if (use_l2) loss = loss + residual.pow(2).mean({1, 2}).sum();
    if (use_cm) loss = loss + (noise.apply_inv_sqrt(residual) / static_cast<double>(nb)).pow(2).mean({1, 2}).sum();
    loss = loss / static_cast<double>(global);
    s.optimizer->zero_grad();
    auto params = net->parameters();
    if (mine.numel() > 0) {
      loss.backward();
    }
    for (auto& p : params)  // a rank without items this step contributes zeros
      if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    sum_gradients(params, comm);
    if (t.grad_clip > 0) torch::nn::utils::clip_grad_norm_(net->parameters(), t.grad_clip);
    s.optimizer->step();
    {
      torch::NoGradGuard ng;
      // Bias-corrected warm start: early EMA tracks the live weights more closely.
      const double d = std::min(t.ema_decay, (1.0 + s.step) / (10.0 + s.step));
      auto live = net->parameters();
      auto ema = s.ema->parameters();
      for (size_t i = 0; i < live.size(); ++i) ema[i].mul_(d).add_(live[i], 1.0 - d);
    }
    double l = loss.item<double>();
    comm.sum(&l, 1);
    if (!std::isfinite(l))
      fail(ErrorKind::BadData, "training diverged at step " + std::to_string(s.step) +
                                   " (loss is not finite); lower training.learning_rate or check the data");
    loss_sum += l;
    ++loss_count;
    loss_at[grid] += l;
    ++losses_at[grid];
    ++s.step;
    const bool report = s.step % std::max(1, t.log_every) == 0 || s.step == last;
    if (report) {
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      TrainProgress p{s.step, t.steps, loss_sum / loss_count, lr, (s.step - first_step) / std::max(elapsed, 1e-9),
                      elapsed};
      nlohmann::json line{{"step", p.step},
                          {"loss", p.loss},
                          {"lr", p.learning_rate},
                          {"steps_per_second", p.steps_per_second},
                          {"elapsed_s", p.elapsed_seconds}};
      if (sizes.size() > 1) {
        auto& at = line["batches_by_resolution"];
        auto& mean_loss = line["loss_by_resolution"];
        for (size_t i = 0; i < sizes.size(); ++i) {
          at[std::to_string(sizes[i])] = batches_at[i];
          if (losses_at[i] > 0) mean_loss[std::to_string(sizes[i])] = loss_at[i] / losses_at[i];
          loss_at[i] = 0;
          losses_at[i] = 0;
        }
      }
      if (writer) log << line.dump() << "\n" << std::flush;
      if (options.on_progress) options.on_progress(p);
      loss_sum = 0;
      loss_count = 0;
    }
    if (writer && ((t.checkpoint_every > 0 && s.step % t.checkpoint_every == 0) || s.step == last)) {
      log.flush();
      std::error_code ec;
      const auto log_bytes = std::filesystem::file_size(log_path(t.output), ec);
      save_checkpoint(s, t, comm.size(), ec ? std::int64_t{-1} : static_cast<std::int64_t>(log_bytes));
    }
  }
  return s.step;
}

}  // namespace scorefield
