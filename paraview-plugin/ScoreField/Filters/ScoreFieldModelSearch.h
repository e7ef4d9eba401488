// Where the plugin finds a model: the Model File as given when it is a path that exists, else a
// file of that name (or the task's default model when none is given) in the model folders:
// SCOREFIELD_MODEL_PATH (colon-separated), the installed share/scorefield/models beside the
// plugin, and this build tree's data/models. So a fresh install works with an empty Model File,
// and a state file can name a shipped model by its file name alone.
#ifndef ScoreFieldModelSearch_h
#define ScoreFieldModelSearch_h

#include <string>
#include <vector>

namespace scorefield_plugin
{

// The folders searched, most specific first.
std::vector<std::string> ModelFolders();

// The shipped model a task uses when Model File is empty (0 unconditional, 1 superres,
// 2 observations).
const char* DefaultModelName(int task);

// The path to open for `requested`, or "" with `error` naming what was tried and the fix.
std::string ResolveModel(const std::string& requested, int task, std::string& error);

}

#endif
