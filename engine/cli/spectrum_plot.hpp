// A log-log plot of shell energy spectra as a standalone SVG file (any browser or ParaView's
// web view shows it), so that a data set's summary can be looked at without Python.
#pragma once

#include <string>
#include <vector>

namespace scorefield::cli {

struct SpectrumCurve {
  std::string label;
  std::vector<double> energy;  // by shell k = 0, 1, ...; shell 0 and non-positive values are not drawn
};

// The SVG text: one line per curve over k >= 1, decade grid lines, axis labels and a legend.
std::string spectrum_svg(const std::vector<SpectrumCurve>& curves, const std::string& title);

}  // namespace scorefield::cli
