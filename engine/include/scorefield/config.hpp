// One source of truth for configuration. A TOML file fills these structs for training;
// the model file stores ModelConfig as JSON, so a model file alone is enough to sample.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace scorefield {

// Covariance of the noise, C = amplitude^2 (tau^2 I - Laplacian)^(-alpha) on the unit torus.
// alpha = 0 is white noise: the finite-dimensional baseline that is not trace class.
// Training sets amplitude so that one grid value of N(0, C) has unit variance (at the training
// resolution, or 64 if larger): noise levels sigma are then in units of the standardised data.
struct NoiseConfig {
  double alpha = 2.0;
  double tau = 3.0;
  double amplitude = 1.0;
};

// Geometric noise levels sigma_1 < ... < sigma_J.
struct LevelsConfig {
  double sigma_min = 0.01;
  double sigma_max = 10.0;
  int count = 16;
  // End every sampler with one denoising step at sigma_min, x + F(x, sigma_min) (Tweedie's posterior
  // mean), whatever the caller asks: for data whose smallest scales hold less energy than
  // sigma_min^2 C puts there (a resolved flow's dissipation range), the samples would otherwise
  // keep the noise of the last level on those shells, orders of magnitude above the data.
  bool final_denoise = false;
};

// Fourier neural operator F_theta(x, sigma[, y]).
struct NetworkConfig {
  int width = 32;         // channels in the hidden layers
  int modes = 12;         // Fourier modes kept per direction in each spectral convolution
  int layers = 4;         // spectral layers
  int embed_dim = 32;     // size of the noise-level embedding
  int cond_channels = 0;  // conditioning input channels (0: unconditional)
  // A per-channel radial filter r(|k|) on every Fourier mode in each layer, beside the spectral
  // convolution (which sees only the lowest `modes`) and the pointwise one (score_network.hpp).
  bool radial_filters = false;
  // Multiply the trunk's output, mode by mode, by sqrt(1 - S_sigma(k)): the posterior standard
  // deviation of a mode in units of its noise. Modes that the noise buries at a level are then
  // moved by the exact Gaussian shrinkage alone (score_network.hpp).
  bool gated_trunk = false;
  // Learn S_sigma as a correction to the exact Gaussian shrinkage of the training data's spectrum
  // (spectral_prior.hpp). The trainer measures the table on the finest training grid and sets
  // prior_shells, its length; models carry the table.
  bool spectral_prior = false;
  int prior_shells = 0;
  // task "superres" with spectral_prior: move the table, per sample, to the coarse field's own
  // spectrum above its Nyquist wavenumber (spectral_prior.hpp, conditional_prior_shift). The small
  // scales of a developing flow hold energies that differ by decades from one field to another;
  // the coarse field's top octave says which.
  bool conditional_prior = false;
  // With conditional_prior: extrapolate the top octave's least-squares slope above the coarse
  // Nyquist (true), or move the table by the octave's level alone (false). The slope suits a
  // developing flow whose small scales steepen from field to field; on a statistically steady law
  // it follows the octave's scatter and, extrapolated over two octaves, costs more than it gives
  // (held-out steady fields, 4x at 64, 128 and 256: 156%, 63% and 112% band error against 18%,
  // 31% and 32% with the level alone; docs/results.md). Models written before it existed used it.
  bool conditional_slope = true;
};

// Optional per-level smoothing of the data, u_sigma = exp(c sigma Laplacian) u.
struct SmoothingConfig {
  double c = 0.0;  // 0 disables smoothing
};

// Data are standardised with these before training; samples are mapped back.
struct Normalisation {
  double mean = 0.0;
  double std = 1.0;
};

// One octave of the training data's spectrum, the shells lo <= |k| < hi: the mean and standard
// deviation over the training fields of the log of each field's energy there (standardised fields,
// mode energies as in start_law_check.hpp), for telling inputs of another spectrum
// (training_law_check.hpp).
struct SpectrumBand {
  int lo = 0, hi = 0;
  double mean_log = 0, std_log = 0;
};

struct ModelConfig {
  NoiseConfig noise;
  LevelsConfig levels;
  NetworkConfig network;
  SmoothingConfig smoothing;
  Normalisation normalisation;
  int training_resolution = 0;
  // "unconditional", "superres" (conditioned on a coarse field) or "observations" (on sparse point
  // values); fixes network.cond_channels (conditioning.hpp).
  std::string task = "unconditional";
  // task "superres": the factors N/M it was trained on (copied from training.coarse_factors);
  // factors above the largest are refused, since the model never saw that much missing.
  std::vector<int> coarse_factors;
  // The fine grids it was trained on (copied from training.fine_resolutions; empty in models
  // trained at the data's one resolution). Such a model is refused finer targets than the
  // largest, whose added wavenumbers it never saw, and factors it was not trained with.
  std::vector<int> fine_resolutions;
  // "periodic": fields on the torus; "mirror": fields on a closed square, the boundary points
  // included, through their even extension (boundary_extension.hpp). Grid sizes in the model's
  // interface are then point counts N, in its training_resolution the extension's 2N - 2.
  std::string boundary = "periodic";
  // The training data's spectrum by octave, measured by the trainer on the finest grid; empty for
  // models made before it existed and for mirror models (whose extended fields' spectrum is not
  // that of an input).
  std::vector<SpectrumBand> data_spectrum;

  void validate() const;  // throws scorefield::Error naming the offending key
};

struct TrainingConfig {
  std::filesystem::path data;    // HDF5 data set of fields (see field_dataset.hpp)
  std::filesystem::path output;  // model file written at the end and at checkpoints
  std::filesystem::path init;    // optional model file whose weights start the training (fine-tuning)
  int steps = 1000;
  int batch_size = 16;
  double learning_rate = 1e-3;
  int warmup_steps = 50;  // linear warm-up, then cosine decay to 5% of the peak
  double ema_decay = 0.999;
  // "cameron-martin": residual measured in the norm of C^(-1/2), every Fourier mode weighted by its
  // noise variance, so that modes with little energy are learnt as well as energetic ones;
  // "l2": the plain L^2 norm of docs/theory.md ("Loss"), dominated by the most energetic (lowest) modes;
  // "mixed": the sum of both, which learns the few large-scale modes and the many small-scale ones.
  std::string loss_norm = "mixed";
  double grad_clip = 1.0;      // clip the global gradient norm; 0 disables
  int checkpoint_every = 200;  // steps between checkpoints; 0: only at the end
  int log_every = 10;
  // task "superres": the coarse grid of each batch is N / f, f drawn from these factors.
  std::vector<int> coarse_factors{4};
  // Multi-resolution training: each batch draws one fine grid N from these (with these weights;
  // equal weights when none are given) and restricts the data to it by spectral truncation, the
  // way `datagen ns --save` makes its lower resolutions, so that one model learns the scale band
  // of every grid. The data set must be at least as fine as the largest. Empty: the data's grid.
  std::vector<int> fine_resolutions;
  std::vector<double> resolution_weights;
  // task "observations": each batch member observes a fraction of the grid points drawn
  // uniformly from [observed_fraction_min, observed_fraction_max].
  double observed_fraction_min = 0.02, observed_fraction_max = 0.10;
  // Symmetry group of the data law (field_symmetry.hpp): each training field is replaced by its
  // image under a random element of the group. "none", "d4" or "ns-forced".
  std::string symmetry = "none";
  std::uint64_t seed = 0;
  std::string device = "cpu";
  int threads = 0;  // 0: libtorch's default
};

// Keys of the noise that training chooses from the data (noise_choice.hpp) because the
// configuration file leaves them out. A RunConfig built in code chooses nothing.
struct NoiseFromData {
  bool alpha = false;      // noise.alpha
  bool sigma_max = false;  // levels.sigma_max
  bool any() const { return alpha || sigma_max; }
};

struct RunConfig {
  ModelConfig model;
  TrainingConfig training;
  NoiseFromData noise_from_data;
};

// Reads a TOML training configuration. Relative paths are taken relative to the file.
RunConfig load_run_config(const std::filesystem::path& toml_path);

void to_json(nlohmann::json& j, const ModelConfig& c);
void from_json(const nlohmann::json& j, ModelConfig& c);

}  // namespace scorefield
