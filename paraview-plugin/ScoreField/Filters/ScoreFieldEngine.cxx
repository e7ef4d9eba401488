#include "ScoreFieldEngine.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace scorefield_plugin
{
namespace
{

std::mutex EngineMutex;

// Where the engine library may be, most specific first: the user's override, the install layout
// (relative to the plugin), this build tree, then the dynamic linker's search path.
std::vector<std::string> Candidates()
{
  std::vector<std::string> paths;
  if (const char* env = std::getenv("SCOREFIELD_ENGINE_LIBRARY"))
  {
    paths.emplace_back(env);
    return paths; // an explicit choice is not second-guessed
  }
  const std::string dir = PluginDirectory();
  if (!dir.empty())
  {
    paths.push_back(dir + "/" SCOREFIELD_ENGINE_RELATIVE_PATH);
  }
  paths.emplace_back(SCOREFIELD_ENGINE_BUILD_PATH);
  paths.emplace_back("libscorefield.so");
  return paths;
}

template <typename F>
bool Resolve(void* lib, const char* name, F& fn, std::string& missing)
{
  fn = reinterpret_cast<F>(dlsym(lib, name));
  if (!fn)
  {
    missing += std::string(missing.empty() ? "" : ", ") + name;
  }
  return fn != nullptr;
}

std::unique_ptr<EngineApi> LoadEngine(std::string& error)
{
  std::string tried;
  for (const auto& path : Candidates())
  {
    void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!lib)
    {
      tried += "\n  " + path + ": " + dlerror();
      continue;
    }
    auto api = std::make_unique<EngineApi>();
    api->Path = path;
    std::string missing;
    Resolve(lib, "sf_api_version", api->ApiVersion, missing);
    Resolve(lib, "sf_last_error", api->LastError, missing);
    Resolve(lib, "sf_cuda_available", api->CudaAvailable, missing);
    Resolve(lib, "sf_sample_options_default", api->SampleOptionsDefault, missing);
    Resolve(lib, "sf_model_open", api->ModelOpen, missing);
    Resolve(lib, "sf_model_close", api->ModelClose, missing);
    Resolve(lib, "sf_model_condition_channels", api->ModelConditionChannels, missing);
    Resolve(lib, "sf_model_training_resolution", api->ModelTrainingResolution, missing);
    Resolve(lib, "sf_sample", api->Sample, missing);
    Resolve(lib, "sf_superresolve", api->Superresolve, missing);
    Resolve(lib, "sf_check_superres_grid", api->CheckSuperresGrid, missing);
    Resolve(lib, "sf_restrict", api->Restrict, missing);
    Resolve(lib, "sf_condition_observations", api->ConditionObservations, missing);
    Resolve(lib, "sf_model_card", api->ModelCard, missing);
    Resolve(lib, "sf_model_factors", api->ModelFactors, missing);
    Resolve(lib, "sf_input_warning", api->InputWarning, missing);
    if (!missing.empty() || api->ApiVersion() < SCOREFIELD_API_VERSION)
    {
      tried += "\n  " + path + ": too old an engine (missing " + missing + "); rebuild ScoreField";
      dlclose(lib);
      continue;
    }
    return api; // the library stays loaded for the life of the process
  }
  error = "cannot load the ScoreField engine library (libscorefield.so). Tried:" + tried +
    "\nSet SCOREFIELD_ENGINE_LIBRARY to its path, or install ScoreField with `cmake --install`.";
  return nullptr;
}

struct FileStamp
{
  long long Size = -1;
  long long ModifiedNs = -1;
  bool operator<(const FileStamp& o) const
  {
    return std::tie(Size, ModifiedNs) < std::tie(o.Size, o.ModifiedNs);
  }
};

FileStamp Stamp(const std::string& path)
{
  struct stat st;
  FileStamp s;
  if (stat(path.c_str(), &st) == 0)
  {
    s.Size = static_cast<long long>(st.st_size);
    s.ModifiedNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  }
  return s;
}

using CacheKey = std::tuple<std::string, std::string, FileStamp>;
std::map<CacheKey, std::weak_ptr<ModelHandle>> ModelCache;
// The last model used stays alive even when no filter holds it (a filter drops its handle when
// its properties change), so that the common edit-run cycle never reloads.
std::shared_ptr<ModelHandle> MostRecent;
int LoadCount = 0;

}

std::string PluginDirectory()
{
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&PluginDirectory), &info) == 0 || !info.dli_fname)
  {
    return std::string();
  }
  std::string file = info.dli_fname;
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? std::string(".") : file.substr(0, slash);
}

const EngineApi* Engine(std::string& error)
{
  static std::unique_ptr<EngineApi> api;
  static std::string loadError;
  static bool tried = false;
  std::lock_guard<std::mutex> lock(EngineMutex);
  if (!tried)
  {
    tried = true;
    api = LoadEngine(loadError);
  }
  if (!api)
  {
    error = loadError;
  }
  return api.get();
}

ModelHandle::~ModelHandle()
{
  if (Model && Api)
  {
    Api->ModelClose(Model);
  }
}

OpenedModel OpenModel(const std::string& path, const std::string& device, std::string& error)
{
  OpenedModel result;
  const EngineApi* api = Engine(error);
  if (!api)
  {
    return result;
  }
  if (path.empty())
  {
    error = "no model file given: set the Model File property to a .sfm model (data/models/ has "
            "the shipped ones)";
    return result;
  }
  std::lock_guard<std::mutex> lock(EngineMutex);
  const CacheKey key{ path, device, Stamp(path) };
  auto found = ModelCache.find(key);
  if (found != ModelCache.end())
  {
    if (auto handle = found->second.lock())
    {
      MostRecent = handle;
      result.Handle = handle;
      result.Reused = true;
      return result;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  sf_model* model = nullptr;
  if (api->ModelOpen(path.c_str(), device.c_str(), &model) != SF_OK)
  {
    error = api->LastError();
    return result;
  }
  ++LoadCount;
  auto handle = std::make_shared<ModelHandle>();
  handle->Model = model;
  handle->Api = api;
  ModelCache[key] = handle;
  MostRecent = handle;
  result.Handle = handle;
  result.LoadSeconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

int ModelLoadCount()
{
  std::lock_guard<std::mutex> lock(EngineMutex);
  return LoadCount;
}

}
