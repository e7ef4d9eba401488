#include "scorefield/observation_csv.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "scorefield/error.hpp"

namespace scorefield {

GridObservations read_observation_csv(const std::filesystem::path& path, int64_t n, double domain) {
  require(n >= 1, "the observation grid needs N >= 1");
  require(domain > 0 && std::isfinite(domain), "the domain size must be finite and > 0");
  std::ifstream f(path);
  if (!f) fail(ErrorKind::Io, "cannot open observations '" + path.string() + "' (check the path)");
  GridObservations out{torch::zeros({n, n}), torch::zeros({n, n})};
  auto v = out.values.accessor<float, 2>();
  auto m = out.mask.accessor<float, 2>();
  const std::string file = "'" + path.string() + "' line ";
  std::string line;
  int64_t row = 0;
  while (std::getline(f, line)) {
    ++row;
    if (line.empty() || line[0] == '#') continue;
    for (char& c : line)
      if (c == ',' || c == ';' || c == '\t') c = ' ';
    std::istringstream is(line);
    double x, y, value;
    if (!(is >> x >> y >> value)) {
      if (row == 1) continue;  // header
      fail(ErrorKind::BadData, file + std::to_string(row) + ": expected x,y,value");
    }
    if (!std::isfinite(value) || !std::isfinite(x) || !std::isfinite(y))
      fail(ErrorKind::BadData, file + std::to_string(row) + ": NaN or Inf; drop that observation");
    // A point outside the domain is a unit mix-up (metres against a unit square) far more often
    // than a wish to wrap it around the torus: refuse it, naming the fix.
    for (double t : {x, y})
      if (t < 0 || t > domain)
        fail(ErrorKind::BadData, file + std::to_string(row) + ": coordinate " + std::to_string(t) +
                                     " lies outside the domain [0, " + std::to_string(domain) +
                                     "]; give the domain's side length with --domain");
    // Scaled to [0, 1] and wrapped (1 is the periodic image of 0) before the index is taken.
    const auto wrap = [n, domain](double t) {
      const double scaled = t / domain;
      const double unit = scaled - std::floor(scaled);
      return static_cast<int64_t>(std::llround(unit * static_cast<double>(n))) % n;
    };
    // Field arrays are indexed [row = y, column = x], as in the .vti files.
    const int64_t iy = wrap(y), ix = wrap(x);
    if (m[iy][ix] > 0)
      fail(ErrorKind::BadData, file + std::to_string(row) + ": a second observation on grid point (" +
                                   std::to_string(ix) + ", " + std::to_string(iy) + ") of the " + std::to_string(n) +
                                   "^2 grid; average them or use a finer --resolution");
    v[iy][ix] = static_cast<float>(value);
    m[iy][ix] = 1;
  }
  require(out.mask.sum().item<double>() > 0, "'" + path.string() + "' holds no observations");
  return out;
}

}  // namespace scorefield
