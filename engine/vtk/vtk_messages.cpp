#include "vtk_messages.hpp"

#include <vtkLogger.h>
#include <vtkObjectFactory.h>
#include <vtkOutputWindow.h>
#include <vtkSmartPointer.h>

#include <mutex>

namespace scorefield {

namespace {

// An output window that keeps error text instead of printing it.
class RecordingWindow : public vtkOutputWindow {
 public:
  static RecordingWindow* New();
  vtkTypeMacro(RecordingWindow, vtkOutputWindow);

  void DisplayText(const char* text) override {
    if (!text) return;
    if (GetCurrentMessageType() != MESSAGE_TYPE_ERROR) return;
    std::string line(text);
    // VTK prefixes "ERROR: In /path/file.cxx, line N\nvtkClass (0x...): message": keep the message,
    // first line only (the pipeline's own failure report appends a dump of its request).
    const auto colon = line.find("): ");
    if (colon != std::string::npos) line = line.substr(colon + 3);
    line = line.substr(0, line.find('\n'));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty() || line.find("returned failure for request") != std::string::npos) {
      failed = true;  // an error all the same, though its text says nothing about the file
      return;
    }
    if (!errors.empty()) errors += "; ";
    errors += line;
  }

  bool failed = false;
  std::string errors;
};
vtkStandardNewMacro(RecordingWindow);

std::mutex& scope_mutex() {
  static std::mutex m;
  return m;
}

// Guarded by scope_mutex().
RecordingWindow* current = nullptr;
vtkOutputWindow* previous = nullptr;
vtkLogger::Verbosity previous_verbosity = vtkLogger::VERBOSITY_INFO;

}  // namespace

VtkMessages::VtkMessages() {
  scope_mutex().lock();
  previous = vtkOutputWindow::GetInstance();
  previous->Register(nullptr);  // SetInstance releases the old window; keep it to restore
  current = RecordingWindow::New();
  vtkOutputWindow::SetInstance(current);
  // VTK's logger prints errors to stderr as well as to the output window: silence it meanwhile.
  previous_verbosity = vtkLogger::GetCurrentVerbosityCutoff();
  vtkLogger::SetStderrVerbosity(vtkLogger::VERBOSITY_OFF);
}

VtkMessages::~VtkMessages() {
  vtkLogger::SetStderrVerbosity(previous_verbosity);
  vtkOutputWindow::SetInstance(previous);
  previous->UnRegister(nullptr);
  current->Delete();
  current = nullptr;
  previous = nullptr;
  scope_mutex().unlock();
}

bool VtkMessages::has_errors() const { return current->failed || !current->errors.empty(); }

std::string VtkMessages::errors() const { return current->errors; }

}  // namespace scorefield
