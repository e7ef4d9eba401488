#include "ScoreFieldModelSearch.h"

#include "ScoreFieldEngine.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

namespace scorefield_plugin
{

namespace
{

bool IsFile(const std::string& path)
{
  struct stat s;
  return stat(path.c_str(), &s) == 0 && S_ISREG(s.st_mode);
}

}

std::vector<std::string> ModelFolders()
{
  std::vector<std::string> folders;
  if (const char* env = std::getenv("SCOREFIELD_MODEL_PATH"))
  {
    std::string list = env;
    for (size_t start = 0; start <= list.size();)
    {
      const size_t end = std::min(list.find(':', start), list.size());
      if (end > start)
      {
        folders.push_back(list.substr(start, end - start));
      }
      start = end + 1;
    }
  }
  const std::string dir = PluginDirectory();
  if (!dir.empty())
  {
    folders.push_back(dir + "/" SCOREFIELD_MODELS_RELATIVE_PATH);
  }
  folders.emplace_back(SCOREFIELD_MODELS_BUILD_PATH);
  return folders;
}

const char* DefaultModelName(int task)
{
  switch (task)
  {
    case 0:
      return "ns-unconditional-64.sfm";
    case 2:
      return "ns-observations-64.sfm";
    default:
      return "ns-superres.sfm";
  }
}

std::string ResolveModel(const std::string& requested, int task, std::string& error)
{
  if (!requested.empty() && (requested.find('/') != std::string::npos || IsFile(requested)))
  {
    // A path is taken as given: a missing file is reported by the engine, naming the path.
    return requested;
  }
  const std::string name = requested.empty() ? DefaultModelName(task) : requested;
  std::string tried;
  for (const auto& folder : ModelFolders())
  {
    const std::string candidate = folder + "/" + name;
    if (IsFile(candidate))
    {
      return candidate;
    }
    tried += (tried.empty() ? "" : ", ") + folder;
  }
  error = "no model '" + name + "' in the model folders (" + tried + ")" +
    (requested.empty() ? "; set Model File to a .sfm model" : "; give Model File as a path") +
    ", or add the folder that holds it to SCOREFIELD_MODEL_PATH";
  return std::string();
}

}
