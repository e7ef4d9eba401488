/* ScoreField C API: the engine behind a small C interface for the ParaView plugin, the Catalyst
 * adaptor and C/Fortran codes. No C++ exception ever crosses it: every call returns a status and,
 * on failure, sf_last_error() gives a message naming the problem and the fix.
 *
 * The library links libtorch; load it with dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND)
 * from processes that have ParaView loaded (their protobuf symbols clash with libtorch's). */
#ifndef SCOREFIELD_H
#define SCOREFIELD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 2: adds sf_condition_observations and sf_check_superres_grid.
   3: adds sf_sample_options.precision.
   4: adds sf_restrict.
   5: adds sf_model_card and sf_model_factors.
   6: adds sf_input_warning and the "ode2m" sampler.
   7: adds sf_sample_options.start_sigma (callers built against an older header must be rebuilt:
      the options struct grew). */
#define SCOREFIELD_API_VERSION 7

/* The names of an ensemble's outputs, one place for every front end (the CLI's .vti arrays and
   HDF5 data sets, the plugin's point arrays): sample_0 .. sample_{K-1}, the mean and the unbiased
   standard deviation over the samples. */
#define SF_SAMPLE_ARRAY_PREFIX "sample_"
#define SF_MEAN_ARRAY "mean"
#define SF_STD_ARRAY "std"

typedef enum sf_status {
  SF_OK = 0,
  SF_ERR_INVALID_ARGUMENT = 1,
  SF_ERR_IO = 2,
  SF_ERR_BAD_MODEL = 3,
  SF_ERR_BAD_DATA = 4,
  SF_ERR_DEVICE = 5,
  SF_ERR_INTERNAL = 6,
  SF_ERR_CANCELLED = 7,
  SF_ERR_UNSUPPORTED = 8
} sf_status;

typedef struct sf_model sf_model;

/* Called after each sampler step; return 0 to abort (the call then fails with SF_ERR_CANCELLED). */
typedef int (*sf_progress_fn)(long long done, long long total, void* user);

typedef struct sf_sample_options {
  const char* sampler; /* "langevin", "sde", "ode" or "ode2m" (multistep, since API version 6) */
  int steps;           /* per level (langevin) or in total (sde, ode) */
  double epsilon;      /* Langevin step size */
  int final_denoise;   /* non-zero: finish with one denoising step */
  unsigned long long seed;
  sf_progress_fn progress; /* may be NULL */
  void* progress_user;
  const char* precision; /* network arithmetic: "fp32" (NULL too), "tf32" (NVIDIA GPUs) or "bf16" */
  double start_sigma;    /* super-resolution: start the reverse process at this noise level from the
                            noised coarse field (0: from pure noise at the top level). Since API 7 */
} sf_sample_options;

int sf_api_version(void);
/* Message of the last failed call on this thread ("" if none). Valid until the next call. */
const char* sf_last_error(void);
/* "" when the n x n field (float32, row-major) looks like the model's training data; otherwise a
 * warning naming how it differs (mean and spread after the model's standardisation) and what to
 * check: the model would still run, and its samples would mean nothing. Also when the field's
 * boundary is of another kind than the model's (a jump across the seam for a periodic model, a
 * periodic-looking field for a model with boundary "mirror"). Valid until the next call on this
 * thread. Since API version 6. */
const char* sf_input_warning(const sf_model* model, const float* field, int n);
/* 1 if this build of the engine can run on a CUDA GPU now, else 0. */
int sf_cuda_available(void);

void sf_sample_options_default(sf_sample_options* options);

/* device: "cpu", "cuda", "cuda:K" (NULL means "cpu"). */
sf_status sf_model_open(const char* path, const char* device, sf_model** model);
void sf_model_close(sf_model* model);

/* The model's configuration as JSON, copied into buf (NUL-terminated) when size suffices;
 * *needed receives the size needed including the NUL. */
sf_status sf_model_config_json(const sf_model* model, char* buf, size_t size, size_t* needed);
/* The model's card as plain text lines (task, the grids and factors it was trained for, noise,
 * network, data, training), as `scorefield info` prints it; same buffer rules as above. */
sf_status sf_model_card(const sf_model* model, char* buf, size_t size, size_t* needed);
int sf_model_training_resolution(const sf_model* model);
int sf_model_condition_channels(const sf_model* model);

/* count unconditional samples on an n x n grid into out[count][n][n] (row-major). This function,
 * sf_superresolve and sf_check_superres_grid refuse models trained for fields with walls
 * (model.boundary = "mirror", whose grids hold f (M - 1) + 1 points) with SF_ERR_UNSUPPORTED:
 * the command-line tool serves those. */
sf_status sf_sample(sf_model* model, int n, int count, const sf_sample_options* options, float* out);

/* count samples on an n x n grid conditioned on the coarse field coarse[coarse_n][coarse_n];
 * needs a model trained for super-resolution (sf_model_condition_channels > 0). */
sf_status sf_superresolve(sf_model* model, const float* coarse, int coarse_n, int n, int count,
                          const sf_sample_options* options, float* out);

/* Succeeds when the model can super-resolve a coarse_n x coarse_n grid to n x n; otherwise the
 * error names the problem (grid shape, factor above the trained ones, model task). Costs nothing. */
sf_status sf_check_superres_grid(const sf_model* model, int coarse_n, int n);

/* The upscale factors a super-resolution model was trained with, each once and ascending, into
 * out[0 .. capacity-1]; returns how many there are (0 for other tasks, -1 for a null model). */
int sf_model_factors(const sf_model* model, int* out, int capacity);

/* The field in[n][n] restricted to an m x m grid (m < n) into out[m][m] by spectral truncation:
 * the modes |kx|, |ky| < m/2, Nyquist modes dropped, grid values of the same function. This is
 * the restriction that made the models' training pairs (`datagen ns --save`), so a field
 * restricted here is what a model's coarse input looks like. */
sf_status sf_restrict(const float* in, int n, int m, float* out);

/* count samples of the field on an n x n grid given values at some of its points: values[n][n]
 * and mask[n][n] (1 where observed, 0 elsewhere; values there are ignored); needs a model trained
 * with task "observations" (sf_model_condition_channels == 4, or 2 for models made before the
 * interpolant channels). */
sf_status sf_condition_observations(sf_model* model, const float* values, const float* mask, int n, int count,
                                    const sf_sample_options* options, float* out);

#ifdef __cplusplus
}
#endif

#endif /* SCOREFIELD_H */
