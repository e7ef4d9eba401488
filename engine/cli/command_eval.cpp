#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/ensemble_calibration.hpp"
#include "scorefield/error.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/metrics.hpp"
#include "scorefield/phase_statistics.hpp"
#include "scorefield/superres_metrics.hpp"

namespace scorefield::cli {

namespace {
// The share of a field's energy below which its shells are float32 rounding (as superres_metrics).
constexpr double kRoundingFloor = 1e-10;
// A band error above this (samples 11 times the truth's energy, or more) is no model's error on
// its own law: the shipped models measure 15-70% on theirs (docs/results.md).
constexpr double kForeignLawError = 10.0;
}  // namespace

void add_eval_command(CLI::App& app) {
  struct Args {
    std::string samples, reference, json;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("eval", "Compare generated fields with reference fields");
  cmd->add_option("--samples", a->samples, "HDF5 data set of generated fields")->required();
  cmd->add_option("--reference", a->reference, "HDF5 data set of reference fields")->required();
  cmd->add_option("--json", a->json, "Write the full report (spectra, moments, W1, band errors) here");
  cmd->callback([a] {
    if (!a->json.empty()) check_writable(a->json);
    auto s = read_fields(a->samples), r = read_fields(a->reference);
    auto report = compare_fields(s.fields, r.fields);
    // Outputs of `superres` and `condition` are ensembles per field: judge them field by field.
    const auto coarse = read_array(a->samples, "coarse"), mask = read_array(a->samples, "mask");
    if (coarse.defined() || mask.defined()) {
      const auto k = static_cast<int64_t>(s.attributes.count("samples_per_field") ? s.attributes["samples_per_field"] : 1);
      const int64_t n = s.fields.size(-1), count = s.fields.size(0) / k;
      auto ensembles = s.fields.view({count, k, n, n});
      auto truth = r.fields.slice(0, 0, std::min<int64_t>(count, r.fields.size(0)));
      // The pooled comparison below is then against the truth of these fields only.
      report = compare_fields(s.fields, truth);
      if (coarse.defined()) {
        const auto trained = static_cast<int64_t>(
            s.attributes.count("training_resolution") ? s.attributes["training_resolution"] : 0);
        // Samples of a mirror model hold f (M - 1) + 1 points: the report's spectra and baselines
        // are those of the torus, which such fields are not.
        require(n % coarse.size(-1) == 0,
                "'" + a->samples + "' holds " + std::to_string(n) + "-point samples of " +
                    std::to_string(coarse.size(-1)) + "-point fields, a model with boundary \"mirror\"; eval's "
                    "super-resolution report judges periodic fields only, so compare them with the truth in your "
                    "own measures (docs/results.md, 'Non-periodic fields', shows one)");
        auto sr = superres_report(ensembles, coarse, truth, trained);
        const auto& zp = sr["baselines"]["spectral_zero_padding"];
        const auto& bc = sr["baselines"]["bicubic"];
        std::printf("super-resolution %lld -> %lld, %lld fields x %lld samples\n",
                    (long long)sr["coarse_resolution"].get<int64_t>(), (long long)n, (long long)count, (long long)k);
        std::printf("  %-28s %10s %10s %10s\n", "", "generated", "zero-pad", "bicubic");
        std::printf("  %-28s %9.1f%% %9.1f%% %9.1f%%\n", "spectrum error, unseen band",
                    100 * sr["band_spectrum_error"].get<double>(), 100 * zp["band_spectrum_error"].get<double>(),
                    100 * bc["band_spectrum_error"].get<double>());
        std::printf("  %-28s %9.1f%% %9.1f%% %9.1f%%\n", "relative L2 (ensemble mean)",
                    100 * sr["mean_relative_l2"].get<double>(), 100 * zp["relative_l2"].get<double>(),
                    100 * bc["relative_l2"].get<double>());
        std::printf("  %-28s %9.2f%% %9.2f%% %9.2f%%\n", "restriction error", 100 * sr["restriction_error"].get<double>(),
                    0.0, 100 * bc["restriction_error"].get<double>());
        std::printf("  %-28s %9.1f%%\n", "coverage of mean +- 2 std", 100 * sr["coverage_2std"].get<double>());
        // Errors of a hundred times the truth's energy do not measure a model: they say the samples
        // and the reference are of different laws (another viscosity, regime or data set).
        const double band = sr["band_spectrum_error"].get<double>();
        if (!std::isfinite(band))
          std::printf("  note: the reference holds no energy above the float32 floor in the unseen band; there is "
                      "nothing to judge there\n");
        else if (band > kForeignLawError)
          std::printf("  note: a band error of %.0f%% means the samples and the reference are not of one law (check "
                      "the reference's viscosity, regime and grid against `scorefield info` of the model); it says "
                      "nothing of the model's quality on its own law\n",
                      100 * band);
        if (sr.contains("trained_band_spectrum_error"))
          std::printf("  band split at the training grid's Nyquist %lld: below %.1f%%, above %.1f%%\n",
                      (long long)(trained / 2), 100 * sr["trained_band_spectrum_error"].get<double>(),
                      100 * sr["extrapolated_band_spectrum_error"].get<double>());
        // What a spectrum cannot see: the small scales' intermittency and where they sit, against
        // a Gaussian with the truth's own spectrum (random phases above the coarse Nyquist).
        auto phases = phase_report(ensembles, coarse, truth);
        std::printf("  phase statistics above the coarse Nyquist (medians)   truth  generated  Gaussian\n");
        std::printf("    flatness <w'^4>/<w'^2>^2 of the high-pass      %9.2f %10.2f %9.2f\n",
                    phases["truth"]["flatness_median"].get<double>(),
                    phases["samples"]["flatness_median"].get<double>(),
                    phases["gaussian_oracle"]["flatness_median"].get<double>());
        std::printf("    localisation on the coarse gradients           %9.3f %10.3f %9.3f\n",
                    phases["truth"]["localisation_median"].get<double>(),
                    phases["samples"]["localisation_median"].get<double>(),
                    phases["gaussian_oracle"]["localisation_median"].get<double>());
        for (const char* block : {"increments", "increments_high_pass"}) {
          const auto& inc = phases[block];
          const bool whole = std::string(block) == "increments";
          for (size_t i = 0; i < inc["separations"].size(); ++i)
            std::printf("    %s flatness S4/S2^2 at r = %-2lld    %9.2f %10.2f %9.2f   S2 over truth %.2f\n",
                        whole ? "increment" : "high-pass increment", (long long)inc["separations"][i].get<int64_t>(),
                        inc["truth"]["flatness_median"][i].get<double>(),
                        inc["samples"]["flatness_median"][i].get<double>(),
                        inc["gaussian_oracle"]["flatness_median"][i].get<double>(),
                        inc["samples"]["s2_median"][i].get<double>() /
                            std::max(inc["truth"]["s2_median"][i].get<double>(), 1e-300));
          std::printf("    %s gradient PDF: W1 to the truth's, in its std   %10.3f %9.3f\n",
                      whole ? "field's" : "high-pass", inc["gradient_w1"]["samples_median"].get<double>(),
                      inc["gradient_w1"]["gaussian_oracle_median"].get<double>());
        }
        sr["phase_statistics"] = phases;
        // Field by field and in probability: what the pooled spectrum and the coverage average away.
        const int64_t k_lo = coarse.size(-1) / 2;
        auto per_field = per_field_shells(ensembles, truth, k_lo, n / 2);
        if (per_field.contains("worst_shell_factor"))
          std::printf(
              "  per field (median / worst of %lld): worst shell factor %.2f / %.2f, band error %.1f%% / %.1f%%\n",
              (long long)per_field["fields_judged"].get<int64_t>(),
              per_field["worst_shell_factor"]["median"].get<double>(),
              per_field["worst_shell_factor"]["worst"].get<double>(),
              100 * per_field["band_spectrum_error"]["median"].get<double>(),
              100 * per_field["band_spectrum_error"]["worst"].get<double>());
        auto calibration = calibration_report(ensembles, truth, k_lo);
        if (calibration.contains("spread_skill_ratio")) {
          std::string ranks;
          for (const auto& c : calibration["band_energy_rank_histogram"])
            ranks += (ranks.empty() ? "" : " ") + c.dump();
          const double bicubic_mae =
              (bicubic_upsample(coarse.to(torch::kFloat64), n) - truth.to(torch::kFloat64)).abs().mean().item<double>();
          calibration["bicubic_mae"] = bicubic_mae;
          std::printf(
              "  calibration: band energy rank histogram [%s], %.0f%% of fields outside their samples "
              "(%.0f%% if calibrated), spread-skill ratio %.2f (1 if calibrated, > 1 too narrow)\n",
              ranks.c_str(), 100 * calibration["fields_outside_the_ensemble"].get<double>(),
              100 * calibration["fields_outside_expected"].get<double>(),
              calibration["spread_skill_ratio"].get<double>());
          std::printf("  CRPS of the values %.4g (the ensemble mean as a point forecast: %.4g, bicubic: %.4g)\n",
                      calibration["crps"].get<double>(), calibration["ensemble_mean_mae"].get<double>(), bicubic_mae);
        }
        sr["per_field"] = per_field;
        sr["calibration"] = calibration;
        report["superres"] = sr;
      } else {
        auto obs = observation_report(ensembles, read_array(a->samples, "observed"), mask, truth);
        std::printf("observations: %.1f%% of %lldx%lld points, %lld fields x %lld samples\n",
                    100 * obs["observed_fraction"].get<double>(), (long long)n, (long long)n, (long long)count,
                    (long long)k);
        std::printf("  relative L2: ensemble mean %.1f%%, nearest-observation interpolation %.1f%%, "
                    "Gaussian interpolant %.1f%%\n",
                    100 * obs["mean_relative_l2"].get<double>(),
                    100 * obs["baselines"]["nearest_observation"]["relative_l2"].get<double>(),
                    100 * obs["baselines"]["gaussian_interpolant"]["relative_l2"].get<double>());
        std::printf("  spectrum error %.1f%% (nearest observation %.1f%%), coverage of mean +- 2 std %.1f%%\n",
                    100 * obs["spectrum_error"].get<double>(),
                    100 * obs["baselines"]["nearest_observation"]["spectrum_error"].get<double>(),
                    100 * obs["coverage_2std"].get<double>());
        report["observations"] = obs;
      }
    }
    report["samples_file"] = a->samples;
    report["reference_file"] = a->reference;
    std::printf("samples   %lld x %lldx%lld   reference %lld x %lldx%lld\n", (long long)s.fields.size(0),
                (long long)s.fields.size(1), (long long)s.fields.size(2), (long long)r.fields.size(0),
                (long long)r.fields.size(1), (long long)r.fields.size(2));
    std::printf("mean      %+.5f   %+.5f\n", report["moments"]["samples"]["mean"].get<double>(),
                report["moments"]["reference"]["mean"].get<double>());
    std::printf("variance  %.5f   %.5f\n", report["moments"]["samples"]["variance"].get<double>(),
                report["moments"]["reference"]["variance"].get<double>());
    std::printf("W1 of values: %.5f (%.2f%% of the reference std)\n", report["wasserstein1"].get<double>(),
                100 * report["wasserstein1_relative_to_std"].get<double>());
    std::printf("spectrum error by band:\n  shells      mean     max\n");
    for (const auto& b : report["band_errors"]) {
      if (b["reference_energy_fraction"].get<double>() < kRoundingFloor)
        std::printf("  [%3d,%3d)  n/a: the reference holds %.1e of its energy here (float32 rounding)\n",
                    b["k_lo"].get<int>(), b["k_hi"].get<int>(), b["reference_energy_fraction"].get<double>());
      else
        std::printf("  [%3d,%3d)  %6.1f%%  %6.1f%%\n", b["k_lo"].get<int>(), b["k_hi"].get<int>(),
                    100 * b["mean_error"].get<double>(), 100 * b["max_error"].get<double>());
    }
    if (!a->json.empty()) {
      write_atomically(a->json,
                       [&](const std::filesystem::path& tmp) { std::ofstream(tmp) << report.dump(2) << "\n"; });
      std::printf("report: %s\n", a->json.c_str());
    }
  });
}

}  // namespace scorefield::cli
