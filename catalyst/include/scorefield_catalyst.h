/* ScoreField in situ: the simulation-facing API of the Catalyst adaptor, callable from C, C++ and
 * (through ISO_C_BINDING) Fortran. A simulation hands over a distributed 2-D uniform grid and named
 * fields each time step; ordinary Catalyst Python scripts (for example with the ScoreField
 * plugin's Generative Super-Resolution filter) decide what to compute and write.
 *
 * Which Catalyst sits underneath is not visible here: this build uses ParaView's in-process
 * Catalyst (vtkCPProcessor with Python script pipelines); a Catalyst 2 backend can implement the
 * same calls.
 *
 * Every call returns 0 on success. On failure it returns non-zero, on every rank of the
 * communicator alike (the check is collective, so no rank waits for another that gave up), and
 * sfc_last_error() says what was wrong and how to fix it. */
#ifndef SCOREFIELD_CATALYST_H
#define SCOREFIELD_CATALYST_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The grid of one time step: samples at origin + spacing * (i, j, k). Extents are inclusive sample
 * index ranges {i0, i1, j0, j1, k0, k1}; fields hold one value per sample, i varying fastest. The
 * local extents of all ranks must partition the global extent (each sample on exactly one rank),
 * as a slab or block decomposition of a periodic grid does. Catalyst scripts see a vtkImageData
 * whose cells are centred on the samples (cell data; the points are the cell corners), so that the
 * ranks' pieces join without gaps and without copying any value. */
typedef struct sfc_grid {
  int global_extent[6];
  int local_extent[6];
  double origin[3];
  double spacing[3];
} sfc_grid;

/* One field on this rank's piece: `count` doubles, wrapped without copying (the simulation's memory
 * must stay valid and unchanged until sfc_execute returns). */
typedef struct sfc_field {
  const char* name;
  const double* values;
  size_t count;
} sfc_field;

/* Starts Catalyst with the given scripts (.py files, script packages or .zip archives; version 2
 * scripts with `catalyst_execute`) on the MPI communicator given by its Fortran handle
 * (MPI_Comm_c2f(comm); pass the handle of MPI_COMM_WORLD when in doubt). The simulation declares
 * the names of the fields it will provide; scripts see the grid as the channel "input". */
int sfc_initialize(const char* const* scripts, int script_count, const char* const* field_names, int field_count,
                   int fortran_comm);

/* One time step: Catalyst decides (from the scripts' frequencies) whether anything runs; fields must
 * be the declared ones, each with as many values as the local extent has points. */
int sfc_execute(long long step, double time, const sfc_grid* grid, const sfc_field* fields, int field_count);

/* Finishes the scripts and releases Catalyst. */
int sfc_finalize(void);

/* A time limit, in seconds, on each piece of in-situ work: the adaptor's checks of a step, and each
 * phase of each script (its import, its catalyst_execute with extracts and images). A rank that
 * runs past it prints which rank, step, script and phase, and ends the process with status 124, so
 * that mpirun stops the others: a script whose ranks wait on each other in a collective stops the
 * simulation with a message instead of hanging it. 0 (the default) means no limit; the
 * environment variable SCOREFIELD_CATALYST_TIMEOUT, read by sfc_initialize, sets it when this
 * call has not. May be
 * called before or after sfc_initialize; set the same value on every rank. */
int sfc_set_timeout(double seconds);

/* Message of the last failed call ("" if none). */
const char* sfc_last_error(void);

/* Seconds spent inside sfc_execute since sfc_initialize (the in-situ cost on this rank). */
double sfc_execute_seconds(void);

#ifdef __cplusplus
}
#endif

#endif /* SCOREFIELD_CATALYST_H */
