// A Catalyst pipeline that runs another under the in-situ watchdog, so that a script that hangs
// is named with the step and the phase it hangs in. vtkCPProcessor calls RequestDataDescription
// (which also imports a version-2 script on its first call: the plugin, the model, the views and
// their render windows are made then) and CoProcess (catalyst_execute, then the extracts and
// images) on every rank.
#pragma once

#include <string>

#include <vtkCPPipeline.h>
#include <vtkSmartPointer.h>

#include "insitu_watchdog.hpp"

class vtkSFWatchedPipeline : public vtkCPPipeline {
 public:
  static vtkSFWatchedPipeline* New();
  vtkTypeMacro(vtkSFWatchedPipeline, vtkCPPipeline);
  vtkSFWatchedPipeline(const vtkSFWatchedPipeline&) = delete;
  void operator=(const vtkSFWatchedPipeline&) = delete;

  void Watch(vtkCPPipeline* inner, const std::string& script, scorefield::insitu::Watchdog* dog);

  int RequestDataDescription(vtkCPDataDescription* description) override;
  int CoProcess(vtkCPDataDescription* description) override;
  int Finalize() override;

 protected:
  vtkSFWatchedPipeline() = default;
  ~vtkSFWatchedPipeline() override = default;

 private:
  vtkSmartPointer<vtkCPPipeline> Inner;
  std::string Script;
  scorefield::insitu::Watchdog* Dog = nullptr;
};
