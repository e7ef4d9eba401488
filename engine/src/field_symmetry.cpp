#include "scorefield/field_symmetry.hpp"

#include "scorefield/error.hpp"

namespace scorefield {

namespace {

// A grid field u[i][j] holds u(x = i/N, y = j/N). The FNO forcing depends on x + y only.
torch::Tensor d4_element(int64_t element, const torch::Tensor& u) {
  // Elements 0-3: rotation by element * 90 degrees; 4-7: the same after the transposition.
  auto v = element >= 4 ? u.transpose(-2, -1) : u;
  return torch::rot90(v, element % 4, {-2, -1}).contiguous();
}

torch::Tensor ns_forced_element(int64_t element, const torch::Tensor& u) {
  const int64_t n = u.size(-1), map = element % 4, shift = element / 4;
  auto v = u;
  if (map & 1) {
    // Point reflection w'(x, y) = w(1/4 - x, -y): the forcing's phase 2 pi (x + y) + pi/4 maps to
    // pi/2 - 2 pi (x + y) + pi/4 = pi - (2 pi (x + y) + pi/4), where the sine takes the same value.
    // On the grid: flip, then roll so that index i reads (N/4 - i) mod N and j reads -j mod N.
    v = torch::roll(torch::flip(v, {-2, -1}), {n / 4 + 1, 1}, {-2, -1});
  }
  if (map & 2) {
    // Diagonal reflection w'(x, y) = -w(y + 1/2, x): reverses orientation, so the vorticity changes
    // sign, and so does the reflected forcing; the half shift turns -f back into f.
    v = -torch::roll(v.transpose(-2, -1), {-n / 2}, {-1});
  }
  // A translation that keeps x + y, so the forcing.
  if (shift != 0) v = torch::roll(v, {shift, -shift}, {-2, -1});
  return v.contiguous();
}

}  // namespace

void require_symmetry_group(const std::string& group) {
  require(group == "none" || group == "d4" || group == "ns-forced",
          "unknown symmetry group '" + group + "'; use \"none\", \"d4\" or \"ns-forced\" (training.symmetry)");
}

int64_t symmetry_group_size(const std::string& group, int64_t n) {
  require_symmetry_group(group);
  if (group == "d4") return 8;
  if (group == "ns-forced") {
    require(n % 4 == 0,
            "training.symmetry = \"ns-forced\" needs a grid size divisible by 4 (got " + std::to_string(n) + ")");
    return 4 * n;
  }
  return 1;
}

torch::Tensor apply_symmetry(const std::string& group, int64_t element, const torch::Tensor& u) {
  require(u.dim() >= 2 && u.size(-1) == u.size(-2), "symmetries act on square grids");
  const int64_t size = symmetry_group_size(group, u.size(-1));
  require(element >= 0 && element < size, "symmetry element " + std::to_string(element) + " is not in group '" + group +
                                              "' of " + std::to_string(size) + " elements");
  if (group == "d4") return d4_element(element, u);
  if (group == "ns-forced") return ns_forced_element(element, u);
  return u;
}

}  // namespace scorefield
