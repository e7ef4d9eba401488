#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "scorefield/atomic_file.hpp"
#include "scorefield/field_dataset.hpp"
#include "scorefield/metrics.hpp"

namespace scorefield::cli {

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
    for (const auto& b : report["band_errors"])
      std::printf("  [%3d,%3d)  %6.1f%%  %6.1f%%\n", b["k_lo"].get<int>(), b["k_hi"].get<int>(),
                  100 * b["mean_error"].get<double>(), 100 * b["max_error"].get<double>());
    if (!a->json.empty()) {
      write_atomically(a->json,
                       [&](const std::filesystem::path& tmp) { std::ofstream(tmp) << report.dump(2) << "\n"; });
      std::printf("report: %s\n", a->json.c_str());
    }
  });
}

}  // namespace scorefield::cli
