#include "scorefield/boundary_extension.hpp"

#include <cstdio>

#include "scorefield/error.hpp"
#include "scorefield/fourier.hpp"

namespace scorefield {

namespace {
using torch::indexing::Ellipsis;
using torch::indexing::Slice;

// The extension along one axis: u_0 .. u_{N-1}, then u_{N-2} .. u_1.
torch::Tensor extend_axis(const torch::Tensor& x, int64_t dim) {
  const int64_t n = x.size(dim);
  if (n <= 2) return x;
  return torch::cat({x, x.narrow(dim, 1, n - 2).flip({dim})}, dim);
}

// i -> -i (mod L) along `dim`: fixes index 0 and index L / 2.
torch::Tensor reflect(const torch::Tensor& x, int64_t dim) { return x.flip({dim}).roll({1}, {dim}); }

constexpr double kPeriodicModelLimit = 4.0;  // seam_jump_ratio above this: not a periodic field
constexpr double kMirrorModelLimit = 1.5;    // below this: continues across the seam like one
}  // namespace

bool is_mirror_boundary(const std::string& boundary) { return boundary == "mirror"; }

void check_boundary_kind(const std::string& boundary, const std::string& key) {
  if (boundary != "periodic" && boundary != "mirror")
    fail(ErrorKind::InvalidArgument,
         key + " = \"" + boundary +
             "\" is not a boundary kind: use \"periodic\" (fields on the torus) or \"mirror\" (walls, inflow "
             "or any field that differs on opposite sides; docs/theory.md, 'Non-periodic fields')");
}

torch::Tensor mirror_extend(const torch::Tensor& x) {
  require(x.dim() >= 2 && x.size(-1) == x.size(-2) && x.size(-1) >= 2,
          "mirror extension needs square fields [..., N, N] with N >= 2");
  return extend_axis(extend_axis(x, x.dim() - 1), x.dim() - 2);
}

torch::Tensor mirror_crop(const torch::Tensor& x) {
  const int64_t n = mirror_points(x.size(-1));
  return x.index({Ellipsis, Slice(0, n), Slice(0, n)}).contiguous();
}

torch::Tensor mirror_symmetrize(const torch::Tensor& x) {
  const int64_t last = x.dim() - 1;
  auto rows = 0.5 * (x + reflect(x, last));
  return 0.5 * (rows + reflect(rows, last - 1));
}

int64_t mirror_extended_size(int64_t points) { return 2 * points - 2; }

int64_t mirror_points(int64_t extended) {
  require(extended >= 2 && extended % 2 == 0, "a mirror extension has an even size (got " +
                                                  std::to_string(extended) + ")");
  return extended / 2 + 1;
}

torch::Tensor mirror_restrict(const torch::Tensor& x, int64_t m) {
  const int64_t n = x.size(-1);
  require(m >= 2 && m < n && (n - 1) % (m - 1) == 0,
          "a mirror restriction from " + std::to_string(n) + " to " + std::to_string(m) +
              " points needs N - 1 to be a multiple of M - 1 (the coarse grid's points on the fine one's)");
  return mirror_crop(spectral_resize(mirror_extend(x), mirror_extended_size(m)));
}

double seam_jump_ratio(const torch::Tensor& x) {
  auto f = x.to(torch::kFloat64);
  require(f.dim() >= 2 && f.size(-1) >= 4 && f.size(-2) >= 4, "the seam test needs fields of at least 4 x 4");
  const int64_t ny = f.size(-2), nx = f.size(-1);
  auto seam = torch::cat({(f.select(-1, nx - 1) - f.select(-1, 0)).flatten(),
                          (f.select(-2, ny - 1) - f.select(-2, 0)).flatten()});
  auto inner = torch::cat({(f.index({Ellipsis, Slice(1, nx)}) - f.index({Ellipsis, Slice(0, nx - 1)})).flatten(),
                           (f.index({Ellipsis, Slice(1, ny), Slice()}) - f.index({Ellipsis, Slice(0, ny - 1), Slice()}))
                               .flatten()});
  const double neighbour = inner.pow(2).mean().sqrt().item<double>();
  const double jump = seam.pow(2).mean().sqrt().item<double>();
  if (neighbour == 0) return jump == 0 ? 1.0 : INFINITY;
  return jump / neighbour;
}

std::string boundary_mismatch(const std::string& model_boundary, const torch::Tensor& fields) {
  if (fields.size(-1) < 4 || fields.size(-2) < 4) return {};
  const double r = seam_jump_ratio(fields);
  char text[512];
  if (!is_mirror_boundary(model_boundary) && r > kPeriodicModelLimit) {
    std::snprintf(text, sizeof text,
                  "the input is not periodic (its values jump across the seam, last row and column against "
                  "the first, %.3g times as much as between neighbours), but the model was trained on periodic "
                  "fields: its samples will be wrong near the boundary. Use a model trained with "
                  "model.boundary = \"mirror\" on fields of this kind",
                  r);
    return text;
  }
  if (is_mirror_boundary(model_boundary) && r < kMirrorModelLimit) {
    std::snprintf(text, sizeof text,
                  "the input looks periodic (it continues across the seam like between neighbours, ratio %.3g), "
                  "but the model was trained for fields with walls (model.boundary = \"mirror\"): a periodic "
                  "model serves such fields better",
                  r);
    return text;
  }
  return {};
}

}  // namespace scorefield
