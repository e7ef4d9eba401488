// The Catalyst adaptor on ParaView's in-process Catalyst (vtkCPProcessor with Python script
// pipelines). It links ParaView, never LibTorch: the scripts reach the model through the ScoreField
// plugin, which loads the engine itself.
#include "scorefield_catalyst.h"

#include <mpi.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <vtkCPDataDescription.h>
#include <vtkCPInputDataDescription.h>
#include <vtkCPProcessor.h>
#include <vtkCPPythonPipeline.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkImageData.h>
#include <vtkMPI.h>
#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include "insitu_watchdog.hpp"
#include "scorefield/mpi/rank_agreement.hpp"
#include "watched_pipeline.hpp"
#include "x_display.hpp"

#define SFC_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// One simulation's use of Catalyst: from sfc_initialize to sfc_finalize.
struct Session {
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0, size = 1;
  std::vector<std::string> fields;
  double execute_seconds = 0.0;
  std::unique_ptr<scorefield::insitu::XDisplayHold> display;  // open until sfc_finalize
};

// Everything the adaptor keeps between calls, one per process as ParaView's Catalyst is.
struct Adaptor {
  std::unique_ptr<Session> session;
  std::string last_error;
  // ParaView's Catalyst starts once per process: it cannot be initialised again after Finalize,
  // so the processor outlives failed initialisations and is finalised only by sfc_finalize.
  vtkSmartPointer<vtkCPProcessor> processor;
  bool finalized = false;
  // Outlives the session so that sfc_set_timeout may come before sfc_initialize.
  scorefield::insitu::Watchdog watchdog;
  double timeout_seconds = 0.0;
  bool timeout_set = false;  // by sfc_set_timeout, which the environment does not override
};

Adaptor& adaptor() {
  static Adaptor instance;
  return instance;
}

// Every rank passes its own verdict (empty when fine); all ranks return the same: the first
// problem found, named with its rank unless every rank judged the same shared data (`shared`).
// Collective, so that no rank hangs in a later collective.
bool agree(const std::string& mine, MPI_Comm comm, int size, bool shared = false) {
  const auto verdict = scorefield::mpi::agree_across_ranks(comm, mine.empty() ? nullptr : &mine);
  auto& error = adaptor().last_error;
  if (verdict.ok()) {
    error.clear();
    return true;
  }
  error = size > 1 && !shared
              ? "rank " + std::to_string(verdict.rank) + " of " + std::to_string(size) + ": " + verdict.message
              : verdict.message;
  return false;
}

long long points(const int e[6]) {
  return static_cast<long long>(e[1] - e[0] + 1) * (e[3] - e[2] + 1) * (e[5] - e[4] + 1);
}

std::string extent_text(const int e[6]) {
  std::ostringstream s;
  s << "[" << e[0] << "," << e[1] << "] x [" << e[2] << "," << e[3] << "] x [" << e[4] << "," << e[5] << "]";
  return s.str();
}

// Whether the ranks' local extents partition the global extent; every rank gets the same answer
// from the same gathered extents.
std::string check_tiling(const sfc_grid& g, MPI_Comm comm, int size) {
  std::vector<int> all(6 * static_cast<size_t>(size));
  MPI_Allgather(g.local_extent, 6, MPI_INT, all.data(), 6, MPI_INT, comm);
  const int* whole = g.global_extent;
  for (int d = 0; d < 3; ++d)
    if (whole[2 * d + 1] < whole[2 * d]) return "the global extent " + extent_text(whole) + " is empty";
  long long covered = 0;
  for (int r = 0; r < size; ++r) {
    const int* e = &all[6 * static_cast<size_t>(r)];
    for (int d = 0; d < 3; ++d)
      if (e[2 * d] < whole[2 * d] || e[2 * d + 1] > whole[2 * d + 1] || e[2 * d + 1] < e[2 * d])
        return "rank " + std::to_string(r) + "'s local extent " + extent_text(e) +
               " is empty or outside the global extent " + extent_text(whole) +
               "; local extents must partition the global one";
    for (int q = 0; q < r; ++q) {
      const int* o = &all[6 * static_cast<size_t>(q)];
      bool overlap = true;
      for (int d = 0; d < 3; ++d) overlap = overlap && e[2 * d] <= o[2 * d + 1] && o[2 * d] <= e[2 * d + 1];
      if (overlap)
        return "the local extents of ranks " + std::to_string(q) + " " + extent_text(o) + " and " + std::to_string(r) +
               " " + extent_text(e) + " overlap; each point must belong to one rank";
    }
    covered += points(e);
  }
  if (covered != points(whole))
    return "the local extents cover " + std::to_string(covered) + " of the " + std::to_string(points(whole)) +
           " points of the global extent " + extent_text(whole) + "; some points belong to no rank";
  return {};
}

template <typename Body>
int guarded(Body&& body) {
  adaptor().last_error.clear();
  try {
    return body();
  } catch (const std::exception& e) {
    adaptor().last_error = std::string("internal error: ") + e.what();
    return 1;
  }
}

}  // namespace

SFC_EXPORT const char* sfc_last_error(void) { return adaptor().last_error.c_str(); }

SFC_EXPORT double sfc_execute_seconds(void) {
  const auto& session = adaptor().session;
  return session ? session->execute_seconds : 0.0;
}

SFC_EXPORT int sfc_set_timeout(double seconds) {
  auto& a = adaptor();
  if (!(seconds >= 0)) {
    a.last_error = "the in-situ time limit must be 0 (none) or a positive number of seconds";
    return 1;
  }
  a.timeout_seconds = seconds;
  a.timeout_set = true;
  if (a.session) a.watchdog.set_limit(seconds, a.session->rank, a.session->size);
  a.last_error.clear();
  return 0;
}

SFC_EXPORT int sfc_initialize(const char* const* scripts, int script_count, const char* const* field_names,
                              int field_count, int fortran_comm) {
  return guarded([&] {
    auto& a = adaptor();
    int mpi_ready = 0;
    MPI_Initialized(&mpi_ready);
    if (!mpi_ready) {
      a.last_error = "MPI is not initialised: call MPI_Init before sfc_initialize";
      return 1;
    }
    if (a.session) {
      a.last_error = "sfc_initialize called twice; call sfc_finalize first";
      return 1;
    }
    MPI_Comm comm = MPI_Comm_f2c(static_cast<MPI_Fint>(fortran_comm));
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    std::string problem;
    std::set<std::string> unique;
    for (int i = 0; i < field_count && problem.empty(); ++i) {
      const std::string name = field_names && field_names[i] ? field_names[i] : "";
      if (name.empty() || !unique.insert(name).second)
        problem = "field names must be non-empty and distinct (field " + std::to_string(i) + " is '" + name + "')";
    }
    if (field_count < 1 && problem.empty()) problem = "declare at least one field";
    if ((script_count < 1 || !scripts) && problem.empty()) problem = "give at least one Catalyst script";
    for (int i = 0; i < script_count && problem.empty(); ++i) {
      struct stat st;
      if (!scripts[i] || stat(scripts[i], &st) != 0)
        problem = std::string("cannot load the Catalyst script '") + (scripts[i] ? scripts[i] : "") +
                  "': no such file or folder";
    }
    if (a.finalized && problem.empty())
      problem = "Catalyst was finalised in this process and cannot start again; call sfc_finalize only at the end";
    if (const char* limit = std::getenv("SCOREFIELD_CATALYST_TIMEOUT");
        limit && *limit && !a.timeout_set && problem.empty()) {
      char* end = nullptr;
      const double seconds = std::strtod(limit, &end);
      if (*end != '\0' || !(seconds >= 0))
        problem =
            std::string("SCOREFIELD_CATALYST_TIMEOUT must be a number of seconds (0: no limit), not '") + limit + "'";
      else
        a.timeout_seconds = seconds;
    }
    if (!agree(problem, comm, size)) return 1;
    // Every rank must reach the display or none: ParaView decides per rank whether it renders.
    auto display = std::make_unique<scorefield::insitu::XDisplayHold>();
    if (!agree(display->problem(), comm, size)) return 1;
    a.watchdog.set_limit(a.timeout_seconds, rank, size);
    scorefield::insitu::WatchdogScope scope(a.watchdog, -1, "starting Catalyst (sfc_initialize)");

    auto s = std::make_unique<Session>();
    s->display = std::move(display);
    s->comm = comm;
    s->rank = rank;
    s->size = size;
    s->fields.assign(field_names, field_names + field_count);
    if (!a.processor) {
      a.processor = vtkSmartPointer<vtkCPProcessor>::New();
      vtkMPICommunicatorOpaqueComm opaque(&s->comm);
      if (!a.processor->Initialize(opaque)) problem = "Catalyst failed to initialise";
    }
    for (int i = 0; i < script_count && problem.empty(); ++i) {
      auto pipeline = vtkCPPythonPipeline::CreateAndInitializePipeline(scripts[i]);
      if (!pipeline) {
        problem = std::string("cannot load the Catalyst script '") + scripts[i] +
                  "' (a Python error: see the messages above)";
      } else {
        vtkNew<vtkSFWatchedPipeline> watched;
        watched->Watch(pipeline, scripts[i], &a.watchdog);
        a.processor->AddPipeline(watched);
      }
    }
    if (!agree(problem, comm, size)) {
      a.processor->RemoveAllPipelines();
      return 1;
    }
    a.session = std::move(s);
    return 0;
  });
}

SFC_EXPORT int sfc_execute(long long step, double time, const sfc_grid* grid, const sfc_field* fields,
                           int field_count) {
  auto& a = adaptor();
  if (!a.session) {
    a.last_error = "sfc_execute before sfc_initialize";
    return 1;
  }
  const auto& session = *a.session;
  return guarded([&] {
    const auto start = std::chrono::steady_clock::now();
    // Scripts replace this activity with their own while they run (vtkSFWatchedPipeline).
    scorefield::insitu::WatchdogScope scope(a.watchdog, step, "the adaptor's collective checks of the grid and fields");
    // The tiling is judged by every rank from the same gathered extents.
    const bool has_grid = grid != nullptr;
    int all_have_grid = 0, mine_has = has_grid ? 1 : 0;
    MPI_Allreduce(&mine_has, &all_have_grid, 1, MPI_INT, MPI_MIN, session.comm);
    std::string problem = all_have_grid ? check_tiling(*grid, session.comm, session.size) : "no grid description";
    if (!agree(problem, session.comm, session.size, true)) return 1;
    {
      std::set<std::string> given;
      const long long expected = points(grid->local_extent);
      for (int i = 0; i < field_count && problem.empty(); ++i) {
        const std::string name = fields[i].name ? fields[i].name : "";
        if (std::find(session.fields.begin(), session.fields.end(), name) == session.fields.end())
          problem = "unknown field '" + name + "': declare it in sfc_initialize";
        else if (!given.insert(name).second)
          problem = "field '" + name + "' is given twice";
        else if (static_cast<long long>(fields[i].count) != expected || !fields[i].values)
          problem = "field '" + name + "' has " + std::to_string(fields[i].count) + " values, but the local extent " +
                    extent_text(grid->local_extent) + " has " + std::to_string(expected) + " points";
      }
      for (const auto& name : session.fields)
        if (problem.empty() && !given.count(name)) problem = "declared field '" + name + "' is missing";
    }
    if (!agree(problem, session.comm, session.size)) return 1;

    vtkNew<vtkCPDataDescription> description;
    description->AddInput("input");
    description->SetTimeData(time, static_cast<vtkIdType>(step));
    if (a.processor->RequestDataDescription(description) != 0) {
      // Each sample becomes the cell centred on it: pieces of cells partition the grid the way
      // the simulation's pieces do, while neighbouring pieces share their boundary points, so
      // the pipeline sees one seamless image and no value is copied.
      int local[6], whole[6];
      double origin[3];
      for (int d = 0; d < 3; ++d) {
        const bool flat = grid->global_extent[2 * d + 1] == grid->global_extent[2 * d];
        whole[2 * d] = grid->global_extent[2 * d];
        whole[2 * d + 1] = grid->global_extent[2 * d + 1] + (flat ? 0 : 1);
        local[2 * d] = grid->local_extent[2 * d];
        local[2 * d + 1] = grid->local_extent[2 * d + 1] + (flat ? 0 : 1);
        origin[d] = grid->origin[d] - (flat ? 0.0 : 0.5 * grid->spacing[d]);
      }
      vtkNew<vtkImageData> image;
      image->SetExtent(local);
      image->SetOrigin(origin);
      image->SetSpacing(grid->spacing[0], grid->spacing[1], grid->spacing[2]);
      for (int i = 0; i < field_count; ++i) {
        vtkNew<vtkDoubleArray> array;
        array->SetName(fields[i].name);
        // Zero copy: the array wraps the simulation's memory and never frees it.
        array->SetArray(const_cast<double*>(fields[i].values), static_cast<vtkIdType>(fields[i].count), 1);
        image->GetCellData()->AddArray(array);
      }
      vtkCPInputDataDescription* input = description->GetInputDescriptionByName("input");
      input->SetGrid(image);
      input->SetWholeExtent(whole);
      a.processor->CoProcess(description);
    }
    a.session->execute_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return 0;
  });
}

SFC_EXPORT int sfc_finalize(void) {
  auto& a = adaptor();
  if (!a.session) return 0;
  return guarded([&] {
    scorefield::insitu::WatchdogScope scope(a.watchdog, -1, "finalising Catalyst (sfc_finalize)");
    a.processor->Finalize();
    a.processor = nullptr;
    a.finalized = true;
    a.session.reset();
    return 0;
  });
}
