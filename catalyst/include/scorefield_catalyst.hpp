// The C++ face of the ScoreField Catalyst adaptor (scorefield_catalyst.h): the same four calls
// with standard types, errors as exceptions, and finalisation when the Adaptor goes out of scope.
#pragma once

#include <mpi.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "scorefield_catalyst.h"

namespace scorefield::catalyst {

// Thrown, with the same message on every rank, when a call fails.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Grid {
  std::array<int, 6> global_extent;  // inclusive sample index ranges {i0, i1, j0, j1, k0, k1}
  std::array<int, 6> local_extent;   // this rank's piece
  std::array<double, 3> origin{0.0, 0.0, 0.0};
  std::array<double, 3> spacing{1.0, 1.0, 1.0};
};

// A field on this rank's piece, i fastest; wrapped without copying during execute().
struct Field {
  std::string name;
  const std::vector<double>* values;
};

class Adaptor {
 public:
  Adaptor(const std::vector<std::string>& scripts, const std::vector<std::string>& field_names,
          MPI_Comm comm = MPI_COMM_WORLD) {
    std::vector<const char*> s, f;
    for (const auto& x : scripts) s.push_back(x.c_str());
    for (const auto& x : field_names) f.push_back(x.c_str());
    if (sfc_initialize(s.data(), static_cast<int>(s.size()), f.data(), static_cast<int>(f.size()),
                       MPI_Comm_c2f(comm)) != 0)
      throw Error(sfc_last_error());
  }
  Adaptor(const Adaptor&) = delete;
  Adaptor& operator=(const Adaptor&) = delete;
  ~Adaptor() { sfc_finalize(); }

  // One time step; Catalyst's scripts decide whether anything runs.
  void execute(long long step, double time, const Grid& grid, const std::vector<Field>& fields) {
    sfc_grid g{};
    for (int i = 0; i < 6; ++i) {
      g.global_extent[i] = grid.global_extent[i];
      g.local_extent[i] = grid.local_extent[i];
    }
    for (int d = 0; d < 3; ++d) {
      g.origin[d] = grid.origin[d];
      g.spacing[d] = grid.spacing[d];
    }
    std::vector<sfc_field> f;
    for (const auto& field : fields) f.push_back({field.name.c_str(), field.values->data(), field.values->size()});
    if (sfc_execute(step, time, &g, f.data(), static_cast<int>(f.size())) != 0) throw Error(sfc_last_error());
  }

  // The in-situ watchdog's limit per piece of work (sfc_set_timeout); 0: none.
  static void set_timeout(double seconds) {
    if (sfc_set_timeout(seconds) != 0) throw Error(sfc_last_error());
  }

  // Seconds spent in execute() so far on this rank.
  double seconds() const { return sfc_execute_seconds(); }
};

}  // namespace scorefield::catalyst
