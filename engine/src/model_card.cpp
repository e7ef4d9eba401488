#include "scorefield/model_card.hpp"

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace scorefield {

// What a user asks of a model first: what it does, on which grids, from which data.
std::string model_card(const nlohmann::json& header) {
  const auto& c = header.at("config");
  const std::string task = c.value("task", "unconditional");
  const int trained = c.value("training_resolution", 0);
  const auto fine = c.value("fine_resolutions", std::vector<int>{});
  const auto factors = c.value("coarse_factors", std::vector<int>{});
  // A mirror model's grids are point counts on a closed square; it trains on their extensions.
  const bool mirror = c.value("boundary", std::string("periodic")) == "mirror";
  std::string text = fmt::format("task           {}\n", task);
  text += mirror ? "boundary       mirror (walls or inflow: points with the boundary, N = f (M - 1) + 1)\n"
                 : "boundary       periodic\n";
  if (task == "superres") {
    std::set<int> distinct(factors.begin(), factors.end());
    std::vector<std::string> pairs;
    for (int n : fine.empty() ? std::vector<int>{trained} : fine)
      for (int f : distinct) {
        if (n % f != 0) continue;
        pairs.push_back(mirror ? fmt::format("{} -> {} points", n / f / 2 + 1, n / 2 + 1)
                               : fmt::format("{} -> {}", n / f, n));
      }
    text += fmt::format("trained for    {} (factors {})\n", fmt::join(pairs, ", "), fmt::join(distinct, ", "));
  }
  if (mirror)
    text += fmt::format("fine grid      {} points (extended to {})\n", trained / 2 + 1, trained);
  else
    text += fmt::format("fine grids     {}\n",
                        fine.empty() ? std::to_string(trained) : fmt::format("{}", fmt::join(fine, ", ")));
  text += fmt::format("noise          alpha {}, tau {}; {} levels from {} to {}\n", c.at("noise").value("alpha", 0.0),
                      c.at("noise").value("tau", 0.0), c.at("levels").value("count", 0),
                      c.at("levels").value("sigma_min", 0.0), c.at("levels").value("sigma_max", 0.0));
  text += fmt::format("network        FNO width {}, {} modes, {} layers; {} parameters\n",
                      c.at("network").value("width", 0), c.at("network").value("modes", 0),
                      c.at("network").value("layers", 0), header.value("parameters", std::int64_t{0}));
  text += fmt::format("data           {} (mean {:.3g}, std {:.3g})\n", header.value("data", std::string("unknown")),
                      c.at("normalisation").value("mean", 0.0), c.at("normalisation").value("std", 0.0));
  if (c.contains("data_spectrum")) {
    // Per band of shells: the training fields' geometric mean energy (standardised units) and
    // their scatter factor, what the input check compares with (training_law_check.hpp).
    std::vector<std::string> bands;
    for (const auto& b : c.at("data_spectrum"))
      bands.push_back(fmt::format("{}: {:.2g} x/ {:.2g}",
                                  b.at(1).get<int>() - b.at(0).get<int>() == 1
                                      ? std::to_string(b.at(0).get<int>())
                                      : fmt::format("{}-{}", b.at(0).get<int>(), b.at(1).get<int>() - 1),
                                  std::exp(b.at(2).get<double>()), std::exp(b.at(3).get<double>())));
    text += fmt::format("data spectrum  energy per octave of |k| {}\n", fmt::join(bands, ", "));
  }
  text += fmt::format("training       {} steps, seed {}\n", header.value("trained_steps", 0), header.value("seed", 0));
  return text;
}

}  // namespace scorefield
