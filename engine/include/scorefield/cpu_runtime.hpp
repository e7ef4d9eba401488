// Process-wide CPU settings for the engine's work. Measured on Debian 12 (libtorch 1.13 with
// OpenMP, OpenBLAS pthread build, glibc 2.36); numbers in docs/benchmarks.md.
//  - threads: libtorch's intra-op (OpenMP) threads; 0 keeps libtorch's default.
//  - BLAS: one thread inside each BLAS call. libtorch parallelises around BLAS with OpenMP, whose
//    idle threads spin, and OpenBLAS's own threads then compete with them for the same cores: the
//    network forward at 64^2 ran 2.7x slower with them. OPENBLAS_NUM_THREADS, when set, is
//    respected.
//  - allocator: glibc malloc keeps freed large blocks for reuse (mmap and trim thresholds 1 GiB)
//    instead of handing them back to the kernel, which makes every large tensor pay a page fault
//    per 4 KiB each time it is allocated: a 1x1 convolution at 256^2 ran 5.8x slower. Freed memory
//    up to the run's peak stays with the process. SCOREFIELD_SYSTEM_MALLOC=1 leaves malloc as is.
#pragma once

namespace scorefield {

// Idempotent for BLAS and the allocator (configured on the first call); sets the thread count on
// every call with threads > 0.
void configure_cpu_runtime(int threads = 0);

// Threads inside each OpenBLAS call (for measuring the BLAS's own peak); false when the BLAS in
// use is not OpenBLAS.
bool set_blas_threads(int threads);

}  // namespace scorefield
