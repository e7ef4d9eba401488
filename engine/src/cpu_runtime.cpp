#include "scorefield/cpu_runtime.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <torch/torch.h>

namespace scorefield {

namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

void single_threaded_blas() {
  if (std::getenv("OPENBLAS_NUM_THREADS") == nullptr) set_blas_threads(1);
}

void keep_freed_memory() {
#if defined(__GLIBC__)
  if (env_set("SCOREFIELD_SYSTEM_MALLOC")) return;
  constexpr int kOneGiB = 1 << 30;
  mallopt(M_MMAP_THRESHOLD, kOneGiB);
  mallopt(M_TRIM_THRESHOLD, kOneGiB);
#endif
}

}  // namespace

// OpenBLAS is reached through dlopen/dlsym, not linked: it is libtorch's dependency, may be
// another BLAS on another system, and is local to the engine when a host dlopens it.
bool set_blas_threads(int threads) {
  for (const char* lib : {"libopenblas.so.0", "libopenblas.so"}) {
    void* handle = dlopen(lib, RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) continue;
    using SetThreads = void (*)(int);
    auto set = reinterpret_cast<SetThreads>(dlsym(handle, "openblas_set_num_threads"));
    if (set != nullptr) set(threads);
    dlclose(handle);
    return set != nullptr;
  }
  return false;
}

void configure_cpu_runtime(int threads) {
  static std::once_flag once;
  std::call_once(once, [] {
    single_threaded_blas();
    keep_freed_memory();
  });
  if (threads > 0) torch::set_num_threads(threads);
}

}  // namespace scorefield
