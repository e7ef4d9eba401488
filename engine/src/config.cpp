#include "scorefield/config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "scorefield/boundary_extension.hpp"
#include "scorefield/conditioning.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_symmetry.hpp"
#include "scorefield/nearest_name.hpp"

namespace scorefield {

void ModelConfig::validate() const {
  auto bad = [](const std::string& key, const std::string& why) {
    fail(ErrorKind::InvalidArgument, "configuration key '" + key + "' " + why);
  };
  if (!(noise.alpha >= 0)) bad("noise.alpha", "must be >= 0 (0 is white noise, > 1 is trace class in 2-D)");
  if (!(noise.tau > 0)) bad("noise.tau", "must be > 0");
  if (!(noise.amplitude > 0) || !std::isfinite(noise.amplitude)) bad("noise.amplitude", "must be finite and > 0");
  if (!(levels.sigma_min > 0)) bad("levels.sigma_min", "must be > 0");
  if (!(levels.sigma_max > levels.sigma_min)) bad("levels.sigma_max", "must exceed levels.sigma_min");
  if (levels.count < 2) bad("levels.count", "must be >= 2");
  if (network.width < 1) bad("network.width", "must be >= 1");
  if (network.modes < 1) bad("network.modes", "must be >= 1");
  if (network.layers < 1) bad("network.layers", "must be >= 1");
  if (network.embed_dim < 2 || network.embed_dim % 2) bad("network.embed_dim", "must be an even number >= 2");
  if (network.conditional_prior && (!network.spectral_prior || task != "superres"))
    bad("network.conditional_prior", "needs network.spectral_prior = true and model.task = \"superres\"");
  const bool legacy_observations = task == "observations" && network.cond_channels == 2;
  if (network.cond_channels != condition_channels(task) && !legacy_observations)
    bad("network.cond_channels", "must be " + std::to_string(condition_channels(task)) + " for task '" + task + "'");
  if (!(smoothing.c >= 0)) bad("smoothing.c", "must be >= 0");
  if (!(normalisation.std > 0) || !std::isfinite(normalisation.mean))
    bad("normalisation", "must have finite mean and std > 0");
  if (training_resolution < 0) bad("training_resolution", "must be >= 0");
  check_boundary_kind(boundary, "model.boundary");
  if (is_mirror_boundary(boundary) && task == "observations")
    bad("model.boundary", "\"mirror\" serves tasks \"superres\" and \"unconditional\", not \"observations\"");
  if (is_mirror_boundary(boundary) && !fine_resolutions.empty())
    bad("model.boundary", "\"mirror\" trains at the data's one grid: leave training.fine_resolutions out");
}

namespace {

// Every key the configuration may hold, filled as the keys are read, so that one list serves both
// the reading and the refusal of unknown keys.
using KnownKeys = std::vector<std::string>;

template <typename T>
void read(KnownKeys& known, const toml::table& t, const char* section, const char* key, T& out) {
  known.push_back(std::string(section) + "." + key);
  const auto* node = t.at_path(std::string(section) + "." + key).node();
  if (!node) return;  // keep the default
  if constexpr (std::is_same_v<T, std::string>) {
    if (auto v = node->value<std::string>()) {
      out = *v;
      return;
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    if (auto v = node->value_exact<bool>()) {
      out = *v;
      return;
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (auto v = node->value<double>()) {
      out = *v;
      return;
    }
  } else {
    if (auto v = node->value<int64_t>()) {
      out = static_cast<T>(*v);
      return;
    }
  }
  fail(ErrorKind::InvalidArgument, std::string("configuration key '") + section + "." + key + "' has the wrong type");
}

// A misspelt key would otherwise be ignored and its default used silently (`step = 5` trains the
// default number of steps), so every key must be one the reader knows; the error names the
// nearest valid one.
void refuse_unknown_keys(const toml::table& t, const KnownKeys& known, const std::filesystem::path& path) {
  for (const auto& [section, node] : t) {
    const auto* table = node.as_table();
    std::vector<std::string> keys;
    if (table) {
      for (const auto& entry : *table) keys.push_back(std::string(section.str()) + "." + std::string(entry.first.str()));
    } else {
      keys.push_back(std::string(section.str()));
    }
    for (const auto& key : keys) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      // The same key in another section (`sigma_max` under [noise]) first, then the nearest spelling.
      std::string hint;
      const auto dot = key.find('.');
      const std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
      for (const auto& k : known)
        if (k.substr(k.find('.') + 1) == leaf) hint = k;
      if (hint.empty()) hint = nearest_name(key, known);
      std::string valid;
      const std::string prefix = dot == std::string::npos ? key + "." : key.substr(0, dot + 1);
      for (const auto& k : known)
        if (k.rfind(prefix, 0) == 0) valid += (valid.empty() ? "" : ", ") + k;
      fail(ErrorKind::InvalidArgument,
           "configuration '" + path.string() + "': unknown key '" + key + "'" +
               (!hint.empty() ? "; did you mean '" + hint + "'?"
                              : valid.empty() ? std::string("; no such section") : "; valid keys there: " + valid));
    }
  }
}

}  // namespace

RunConfig load_run_config(const std::filesystem::path& path) {
  toml::table t;
  try {
    t = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    std::string msg = "cannot read configuration '" + path.string() + "': " + std::string(e.description());
    if (e.source().begin.line) msg += " (line " + std::to_string(e.source().begin.line) + ")";
    fail(ErrorKind::InvalidArgument, msg);
  }
  RunConfig rc;
  ModelConfig& m = rc.model;
  KnownKeys known = {"training.coarse_factors", "training.fine_resolutions", "training.resolution_weights"};
  rc.noise_from_data.alpha = !t.at_path("noise.alpha").node();
  rc.noise_from_data.sigma_max = !t.at_path("levels.sigma_max").node();
  read(known, t, "noise", "alpha", m.noise.alpha);
  read(known, t, "noise", "tau", m.noise.tau);
  read(known, t, "levels", "sigma_min", m.levels.sigma_min);
  read(known, t, "levels", "sigma_max", m.levels.sigma_max);
  read(known, t, "levels", "count", m.levels.count);
  read(known, t, "levels", "final_denoise", m.levels.final_denoise);
  read(known, t, "network", "width", m.network.width);
  read(known, t, "network", "modes", m.network.modes);
  read(known, t, "network", "layers", m.network.layers);
  read(known, t, "network", "embed_dim", m.network.embed_dim);
  read(known, t, "network", "radial_filters", m.network.radial_filters);
  read(known, t, "network", "gated_trunk", m.network.gated_trunk);
  read(known, t, "network", "spectral_prior", m.network.spectral_prior);
  read(known, t, "network", "conditional_prior", m.network.conditional_prior);
  read(known, t, "network", "conditional_slope", m.network.conditional_slope);
  read(known, t, "model", "task", m.task);
  read(known, t, "model", "boundary", m.boundary);
  m.network.cond_channels = condition_channels(m.task);
  read(known, t, "smoothing", "c", m.smoothing.c);
  TrainingConfig& tr = rc.training;
  std::string data, output, init;
  read(known, t, "training", "data", data);
  read(known, t, "training", "output", output);
  read(known, t, "training", "init", init);
  read(known, t, "training", "steps", tr.steps);
  read(known, t, "training", "batch_size", tr.batch_size);
  read(known, t, "training", "learning_rate", tr.learning_rate);
  read(known, t, "training", "warmup_steps", tr.warmup_steps);
  read(known, t, "training", "ema_decay", tr.ema_decay);
  read(known, t, "training", "loss_norm", tr.loss_norm);
  read(known, t, "training", "grad_clip", tr.grad_clip);
  read(known, t, "training", "checkpoint_every", tr.checkpoint_every);
  read(known, t, "training", "log_every", tr.log_every);
  read(known, t, "training", "observed_fraction_min", tr.observed_fraction_min);
  read(known, t, "training", "observed_fraction_max", tr.observed_fraction_max);
  if (const auto* factors = t.at_path("training.coarse_factors").as_array()) {
    tr.coarse_factors.clear();
    for (const auto& f : *factors) {
      auto v = f.value<int64_t>();
      require(v && *v >= 2, "configuration key 'training.coarse_factors' must list integers >= 2");
      tr.coarse_factors.push_back(static_cast<int>(*v));
    }
    require(!tr.coarse_factors.empty(), "configuration key 'training.coarse_factors' must not be empty");
  }
  if (const auto* sizes = t.at_path("training.fine_resolutions").as_array()) {
    for (const auto& f : *sizes) {
      auto v = f.value<int64_t>();
      require(v && *v >= 4 && *v % 2 == 0,
              "configuration key 'training.fine_resolutions' must list even integers >= 4");
      tr.fine_resolutions.push_back(static_cast<int>(*v));
    }
    require(!tr.fine_resolutions.empty(), "configuration key 'training.fine_resolutions' must not be empty");
  }
  if (const auto* weights = t.at_path("training.resolution_weights").as_array()) {
    for (const auto& w : *weights) {
      auto v = w.value<double>();
      require(v && *v >= 0 && std::isfinite(*v),
              "configuration key 'training.resolution_weights' must list numbers >= 0");
      tr.resolution_weights.push_back(*v);
    }
  }
  if (!tr.resolution_weights.empty()) {
    require(tr.resolution_weights.size() == tr.fine_resolutions.size(),
            "configuration key 'training.resolution_weights' must have one weight per entry of "
            "'training.fine_resolutions' (" +
                std::to_string(tr.fine_resolutions.size()) + ")");
    double total = 0;
    for (double w : tr.resolution_weights) total += w;
    require(total > 0, "configuration key 'training.resolution_weights' must not be all zero");
  }
  read(known, t, "training", "symmetry", tr.symmetry);
  require_symmetry_group(tr.symmetry);
  read(known, t, "training", "seed", tr.seed);
  read(known, t, "training", "device", tr.device);
  read(known, t, "training", "threads", tr.threads);
  refuse_unknown_keys(t, known, path);
  const auto base = path.parent_path();
  if (data.empty())
    fail(ErrorKind::InvalidArgument, "configuration '" + path.string() + "' needs training.data (an HDF5 data set)");
  if (output.empty())
    fail(ErrorKind::InvalidArgument,
         "configuration '" + path.string() + "' needs training.output (the model file to write)");
  tr.data = std::filesystem::path(data).is_absolute() ? std::filesystem::path(data) : base / data;
  tr.output = std::filesystem::path(output).is_absolute() ? std::filesystem::path(output) : base / output;
  if (!init.empty()) tr.init = std::filesystem::path(init).is_absolute() ? std::filesystem::path(init) : base / init;
  require(tr.steps > 0, "configuration key 'training.steps' must be > 0");
  require(tr.batch_size > 0, "configuration key 'training.batch_size' must be > 0");
  require(tr.learning_rate > 0, "configuration key 'training.learning_rate' must be > 0");
  require(tr.ema_decay >= 0 && tr.ema_decay < 1, "configuration key 'training.ema_decay' must be in [0, 1)");
  require(tr.loss_norm == "cameron-martin" || tr.loss_norm == "l2" || tr.loss_norm == "mixed",
          "configuration key 'training.loss_norm' must be \"mixed\", \"cameron-martin\" or \"l2\"");
  require(tr.observed_fraction_min > 0 && tr.observed_fraction_max >= tr.observed_fraction_min &&
              tr.observed_fraction_max <= 1,
          "configuration keys 'training.observed_fraction_min/max' must satisfy 0 < min <= max <= 1");
  // The symmetry groups act on the torus about other centres than the extension's axes.
  require(!is_mirror_boundary(m.boundary) || (tr.fine_resolutions.empty() && tr.symmetry == "none"),
          "configuration key 'model.boundary' = \"mirror\" trains at the data's one grid without a symmetry "
          "group: leave training.fine_resolutions and training.symmetry out");
  m.validate();
  return rc;
}

void to_json(nlohmann::json& j, const ModelConfig& c) {
  j = nlohmann::json{
      {"noise", {{"alpha", c.noise.alpha}, {"tau", c.noise.tau}, {"amplitude", c.noise.amplitude}}},
      {"levels",
       {{"sigma_min", c.levels.sigma_min},
        {"sigma_max", c.levels.sigma_max},
        {"count", c.levels.count},
        {"final_denoise", c.levels.final_denoise}}},
      {"network",
       {{"width", c.network.width},
        {"modes", c.network.modes},
        {"layers", c.network.layers},
        {"embed_dim", c.network.embed_dim},
        {"cond_channels", c.network.cond_channels},
        {"radial_filters", c.network.radial_filters},
        {"gated_trunk", c.network.gated_trunk},
        {"spectral_prior", c.network.spectral_prior},
        {"prior_shells", c.network.prior_shells},
        {"conditional_prior", c.network.conditional_prior},
        {"conditional_slope", c.network.conditional_slope}}},
      {"smoothing", {{"c", c.smoothing.c}}},
      {"normalisation", {{"mean", c.normalisation.mean}, {"std", c.normalisation.std}}},
      {"training_resolution", c.training_resolution},
      {"task", c.task},
      {"coarse_factors", c.coarse_factors},
  };
  // Written only when set, so that single-resolution models keep their configuration (and a
  // checkpoint of one made before this key existed still resumes).
  if (!c.fine_resolutions.empty()) j["fine_resolutions"] = c.fine_resolutions;
  if (c.boundary != "periodic") j["boundary"] = c.boundary;  // likewise: periodic models unchanged
  if (!c.data_spectrum.empty()) {  // likewise: models made before it existed
    auto& bands = j["data_spectrum"] = nlohmann::json::array();
    for (const auto& b : c.data_spectrum) bands.push_back({b.lo, b.hi, b.mean_log, b.std_log});
  }
}

void from_json(const nlohmann::json& j, ModelConfig& c) {
  j.at("noise").at("alpha").get_to(c.noise.alpha);
  j.at("noise").at("tau").get_to(c.noise.tau);
  j.at("noise").at("amplitude").get_to(c.noise.amplitude);
  j.at("levels").at("sigma_min").get_to(c.levels.sigma_min);
  j.at("levels").at("sigma_max").get_to(c.levels.sigma_max);
  j.at("levels").at("count").get_to(c.levels.count);
  c.levels.final_denoise = j.at("levels").value("final_denoise", false);  // absent before it existed
  j.at("network").at("width").get_to(c.network.width);
  j.at("network").at("modes").get_to(c.network.modes);
  j.at("network").at("layers").get_to(c.network.layers);
  j.at("network").at("embed_dim").get_to(c.network.embed_dim);
  j.at("network").at("cond_channels").get_to(c.network.cond_channels);
  c.network.radial_filters = j.at("network").value("radial_filters", false);  // absent before it existed
  c.network.gated_trunk = j.at("network").value("gated_trunk", false);
  c.network.spectral_prior = j.at("network").value("spectral_prior", false);
  c.network.prior_shells = j.at("network").value("prior_shells", 0);
  c.network.conditional_prior = j.at("network").value("conditional_prior", false);
  c.network.conditional_slope = j.at("network").value("conditional_slope", true);  // absent: the slope was used
  j.at("smoothing").at("c").get_to(c.smoothing.c);
  j.at("normalisation").at("mean").get_to(c.normalisation.mean);
  j.at("normalisation").at("std").get_to(c.normalisation.std);
  j.at("training_resolution").get_to(c.training_resolution);
  j.at("task").get_to(c.task);
  c.boundary = j.value("boundary", std::string("periodic"));
  c.coarse_factors = j.value("coarse_factors", std::vector<int>{});
  c.fine_resolutions = j.value("fine_resolutions", std::vector<int>{});
  c.data_spectrum.clear();
  if (j.contains("data_spectrum"))
    for (const auto& b : j.at("data_spectrum"))
      c.data_spectrum.push_back({b.at(0).get<int>(), b.at(1).get<int>(), b.at(2).get<double>(), b.at(3).get<double>()});
}

}  // namespace scorefield
