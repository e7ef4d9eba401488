#include "ScoreFieldRunning.h"

#include "vtkScoreFieldAlgorithm.h"

#include <algorithm>
#include <mutex>
#include <vector>

namespace scorefield_plugin
{

namespace
{
std::mutex RunningMutex;
std::vector<vtkScoreFieldAlgorithm*>& Running()
{
  static std::vector<vtkScoreFieldAlgorithm*> running;
  return running;
}
}

RunningDraw::RunningDraw(vtkScoreFieldAlgorithm* algorithm)
  : Algorithm(algorithm)
{
  std::lock_guard<std::mutex> lock(RunningMutex);
  Running().push_back(algorithm);
}

RunningDraw::~RunningDraw()
{
  std::lock_guard<std::mutex> lock(RunningMutex);
  auto& running = Running();
  running.erase(std::remove(running.begin(), running.end(), this->Algorithm), running.end());
}

bool AnyRunning()
{
  std::lock_guard<std::mutex> lock(RunningMutex);
  return !Running().empty();
}

void AbortRunning()
{
  std::lock_guard<std::mutex> lock(RunningMutex);
  for (vtkScoreFieldAlgorithm* algorithm : Running())
  {
    algorithm->RequestAbort();
  }
}

}
