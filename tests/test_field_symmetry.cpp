// The symmetry groups used to augment training: every "ns-forced" map turns a solution of the
// forced Navier-Stokes equations into another one (so it keeps the law of the training data), and
// the maps are what they claim to be.
#include <gtest/gtest.h>

#include <set>

#include "scorefield/error.hpp"
#include "scorefield/field_symmetry.hpp"
#include "scorefield/navier_stokes.hpp"

using namespace scorefield;

namespace {

torch::Tensor as_tensor(const std::vector<double>& w, int64_t n) {
  return torch::tensor(w, torch::kFloat64).view({n, n}).clone();
}

std::vector<double> as_vector(const torch::Tensor& t) {
  auto c = t.contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

torch::Tensor evolve(const torch::Tensor& w0, int64_t n, int steps) {
  NavierStokes2D ns({static_cast<int>(n), 1e-3, 1e-2, true, 1});
  ns.set_vorticity(as_vector(w0));
  ns.advance(steps);
  return as_tensor(ns.vorticity(), n);
}

double relative_l2(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).norm() / b.norm()).item<double>();
}

}  // namespace

// Solve, then map, against map, then solve, from a draw of the training data's initial law. The
// pseudo-spectral solver maps its dealiased mode set to itself under each of these grid maps, so
// the two agree to round-off (measured 1e-15; 1e-9 leaves room for other FFT libraries). The same
// maps without their shifts move the forcing, and the flow amplifies the difference: they miss by
// 1.2 and 1.8 at t = 3, so they must miss by more than 0.1. That control shows the test sees the
// forcing.
TEST(FieldSymmetry, NsForcedMapsCommuteWithTheForcedSolver) {
  const int64_t n = 32;
  const int steps = 300;
  auto w0 = as_tensor(ns_initial_vorticity(static_cast<int>(n), 17), n);
  auto w = evolve(w0, n, steps);
  for (int64_t e : {1, 2, 3, 4 * 5, 4 * 5 + 1, 4 * 11 + 2, 4 * 30 + 3}) {
    auto mapped_then_solved = evolve(apply_symmetry("ns-forced", e, w0), n, steps);
    EXPECT_LT(relative_l2(mapped_then_solved, apply_symmetry("ns-forced", e, w)), 1e-9) << "element " << e;
  }
  auto unshifted_point_reflection = [&](const torch::Tensor& u) {
    return torch::roll(torch::flip(u, {-2, -1}), {1, 1}, {-2, -1});
  };
  auto unshifted_diagonal_reflection = [&](const torch::Tensor& u) { return -u.transpose(-2, -1).contiguous(); };
  EXPECT_GT(relative_l2(evolve(unshifted_point_reflection(w0), n, steps), unshifted_point_reflection(w)), 0.1);
  EXPECT_GT(relative_l2(evolve(unshifted_diagonal_reflection(w0), n, steps), unshifted_diagonal_reflection(w)), 0.1);
}

// Each group's elements are distinct permutations of the grid values (up to the vorticity's sign),
// the identity is element 0, and applying an element to a batch maps every field alike.
TEST(FieldSymmetry, ElementsAreDistinctPermutationsOfTheGrid) {
  const int64_t n = 8;
  auto u = torch::arange(n * n, torch::kFloat64).view({n, n}) + 1.0;  // all values distinct and > 0
  auto sorted = std::get<0>(torch::sort(u.flatten()));
  for (const std::string group : {"d4", "ns-forced"}) {
    const int64_t size = symmetry_group_size(group, n);
    EXPECT_EQ(size, group == "d4" ? 8 : 4 * n);
    EXPECT_TRUE(torch::equal(apply_symmetry(group, 0, u), u));
    std::set<std::vector<double>> images;
    for (int64_t e = 0; e < size; ++e) {
      auto v = apply_symmetry(group, e, u);
      EXPECT_TRUE(torch::equal(std::get<0>(torch::sort(v.abs().flatten())), sorted)) << group << " " << e;
      images.insert(as_vector(v));
      auto batch = apply_symmetry(group, e, torch::stack({u, 2 * u}));
      EXPECT_TRUE(torch::equal(batch[1], 2 * v));
    }
    EXPECT_EQ(static_cast<int64_t>(images.size()), size) << group;
  }
}

TEST(FieldSymmetry, RejectsUnknownGroupsAndGridsTheGroupCannotActOn) {
  EXPECT_THROW(require_symmetry_group("rotations"), Error);
  EXPECT_NO_THROW(require_symmetry_group("none"));
  EXPECT_EQ(symmetry_group_size("none", 30), 1);
  EXPECT_THROW(symmetry_group_size("ns-forced", 30), Error);
  EXPECT_THROW(apply_symmetry("d4", 8, torch::zeros({8, 8})), Error);
  EXPECT_THROW(apply_symmetry("d4", 1, torch::zeros({8, 6})), Error);
}
