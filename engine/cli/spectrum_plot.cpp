#include "spectrum_plot.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace scorefield::cli {

namespace {

constexpr double kWidth = 640, kHeight = 440, kLeft = 80, kRight = 20, kTop = 40, kBottom = 60;
constexpr const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string spectrum_svg(const std::vector<SpectrumCurve>& curves, const std::string& title) {
  // The axes span the curves' shells k >= 1 and their positive energies, to whole decades in E.
  double kmax = 1, emin = std::numeric_limits<double>::infinity(), emax = 0;
  for (const auto& c : curves)
    for (std::size_t k = 1; k < c.energy.size(); ++k)
      if (c.energy[k] > 0 && std::isfinite(c.energy[k])) {
        kmax = std::max(kmax, static_cast<double>(k));
        emin = std::min(emin, c.energy[k]);
        emax = std::max(emax, c.energy[k]);
      }
  if (!(emax > 0)) emin = 1e-1, emax = 1;
  const double lo = std::floor(std::log10(emin)), hi = std::max(lo + 1, std::ceil(std::log10(emax)));
  const double lk = std::log10(std::max(kmax, 2.0));
  const double w = kWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  auto x = [&](double k) { return kLeft + w * std::log10(k) / lk; };
  auto y = [&](double e) { return kTop + h * (hi - std::log10(e)) / (hi - lo); };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"24\" font-size=\"14\" text-anchor=\"middle\">{}</text>\n",
      kWidth, kHeight, kLeft + w / 2, escape(title));
  // Decade grid lines in E, and in k at 1, 10, 100, ...
  const int decades = static_cast<int>(hi - lo);
  const int step = std::max(1, decades / 8);  // at most about 8 labelled lines
  for (int d = 0; d <= decades; d += step) {
    const double yy = y(std::pow(10.0, lo + d));
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n", kLeft, yy,
                       kLeft + w, yy);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">1e{}</text>\n", kLeft - 6, yy + 4,
                       static_cast<int>(lo + d));
  }
  for (double k = 1; k <= kmax; k *= 10) {
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#ddd\"/>\n", x(k), kTop, x(k),
                       kTop + h);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x(k), kTop + h + 16, k);
  }
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n", kLeft,
                     kTop, w, h);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">wavenumber shell k</text>\n", kLeft + w / 2,
                     kHeight - 18);
  svg += fmt::format(
      "<text x=\"18\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {})\">energy "
      "E(k)</text>\n",
      kTop + h / 2, kTop + h / 2);
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const char* colour = kColours[i % (sizeof(kColours) / sizeof(kColours[0]))];
    std::string points;
    for (std::size_t k = 1; k < curves[i].energy.size(); ++k) {
      const double e = curves[i].energy[k];
      if (e > 0 && std::isfinite(e)) points += fmt::format("{:.1f},{:.1f} ", x(static_cast<double>(k)), y(e));
    }
    svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" points=\"{}\"/>\n", colour, points);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\">{}</text>\n", kLeft + w - 160, kTop + 18 + 16 * i, colour,
                       escape(curves[i].label));
  }
  return svg + "</svg>\n";
}

}  // namespace scorefield::cli
