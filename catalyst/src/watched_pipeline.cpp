#include "watched_pipeline.hpp"

#include <vtkCPDataDescription.h>
#include <vtkObjectFactory.h>

vtkStandardNewMacro(vtkSFWatchedPipeline);

void vtkSFWatchedPipeline::Watch(vtkCPPipeline* inner, const std::string& script, scorefield::insitu::Watchdog* dog) {
  this->Inner = inner;
  this->Script = script;
  this->Dog = dog;
}

int vtkSFWatchedPipeline::RequestDataDescription(vtkCPDataDescription* description) {
  scorefield::insitu::WatchdogScope scope(
      *this->Dog, description->GetTimeStep(),
      "Catalyst script '" + this->Script + "', deciding whether to run (its first call imports the script)");
  return this->Inner->RequestDataDescription(description);
}

int vtkSFWatchedPipeline::CoProcess(vtkCPDataDescription* description) {
  scorefield::insitu::WatchdogScope scope(
      *this->Dog, description->GetTimeStep(),
      "Catalyst script '" + this->Script + "', running (catalyst_execute, then its extracts and images)");
  return this->Inner->CoProcess(description);
}

int vtkSFWatchedPipeline::Finalize() {
  scorefield::insitu::WatchdogScope scope(*this->Dog, -1, "Catalyst script '" + this->Script + "', finalising");
  return this->Inner->Finalize();
}
