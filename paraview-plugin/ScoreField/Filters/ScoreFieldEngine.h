// The plugin's door to the engine: loads libscorefield.so once per process with RTLD_DEEPBIND
// (the engine links libtorch, whose protobuf clashes with ParaView's; the plugin never links it)
// and keeps opened models cached, so that re-running a filter with another seed or sample count
// does not reload the model.
#ifndef ScoreFieldEngine_h
#define ScoreFieldEngine_h

#include <memory>
#include <string>

#include "scorefield.h"

namespace scorefield_plugin
{

// The C API entry points the plugin uses, resolved from the engine library.
struct EngineApi
{
  std::string Path; // the library that was loaded
  int (*ApiVersion)();
  const char* (*LastError)();
  int (*CudaAvailable)();
  void (*SampleOptionsDefault)(sf_sample_options*);
  sf_status (*ModelOpen)(const char*, const char*, sf_model**);
  void (*ModelClose)(sf_model*);
  int (*ModelConditionChannels)(const sf_model*);
  int (*ModelTrainingResolution)(const sf_model*);
  sf_status (*Sample)(sf_model*, int, int, const sf_sample_options*, float*);
  sf_status (*Superresolve)(
    sf_model*, const float*, int, int, int, const sf_sample_options*, float*);
  sf_status (*CheckSuperresGrid)(const sf_model*, int, int);
  sf_status (*Restrict)(const float*, int, int, float*);
  sf_status (*ConditionObservations)(
    sf_model*, const float*, const float*, int, int, const sf_sample_options*, float*);
  sf_status (*ModelCard)(const sf_model*, char*, size_t, size_t*);
  int (*ModelFactors)(const sf_model*, int*, int);
  const char* (*InputWarning)(const sf_model*, const float*, int);
};

// The directory of the plugin's own shared library (from one of its symbols), or "".
std::string PluginDirectory();

// The engine, loaded on first call. Returns nullptr and sets `error` (what was tried and how to
// point the plugin at the library) when it cannot be loaded.
const EngineApi* Engine(std::string& error);

// An opened model shared by every filter that uses the same file and device.
struct ModelHandle
{
  sf_model* Model = nullptr;
  const EngineApi* Api = nullptr;
  ~ModelHandle();
};

struct OpenedModel
{
  std::shared_ptr<ModelHandle> Handle;
  bool Reused = false;      // true when it came from the cache
  double LoadSeconds = 0.0; // time spent loading (0 when reused)
};

// Opens `path` on `device` ("cpu" or "cuda"), or returns the cached handle when the same file
// (same size and modification time) was opened on the same device before. On failure returns an
// empty handle and sets `error`.
OpenedModel OpenModel(const std::string& path, const std::string& device, std::string& error);

// Number of times a model file was actually read in this process (for tests of the cache).
int ModelLoadCount();

}

#endif
