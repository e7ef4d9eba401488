#include "x_display.hpp"

#include <dlfcn.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace scorefield::insitu {

namespace {
using OpenDisplay = void* (*)(const char*);
using CloseDisplay = int (*)(void*);
}  // namespace

XDisplayHold::XDisplayHold() {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) return;
  // libX11 is loaded, not linked: the adaptor does not depend on X when no script renders.
  xlib_ = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
  if (!xlib_) {
    problem_ = "DISPLAY is '" + std::string(display) + "' but libX11.so.6 cannot be loaded (" + dlerror() + ")";
    return;
  }
  const auto open = reinterpret_cast<OpenDisplay>(dlsym(xlib_, "XOpenDisplay"));
  // A server resetting after its last client left (a display check before the run) refuses
  // connections for a few milliseconds: retry for up to 2 s before calling it unreachable.
  for (int attempt = 0; open && !display_ && attempt < 40; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    display_ = open(nullptr);
  }
  if (!display_) {
    const char* authority = std::getenv("XAUTHORITY");
    problem_ = "cannot open the X display '" + std::string(display) +
               "' (XAUTHORITY=" + (authority ? authority : "unset") +
               "): ParaView's rendering needs it on every rank, and ranks that disagree about it deadlock in "
               "rendering. Start the simulation under scripts/with-xvfb.sh, which starts a display every rank can "
               "open, or unset DISPLAY when no script renders";
  }
}

XDisplayHold::~XDisplayHold() {
  if (display_)
    if (const auto close = reinterpret_cast<CloseDisplay>(dlsym(xlib_, "XCloseDisplay"))) close(display_);
  if (xlib_) dlclose(xlib_);
}

}  // namespace scorefield::insitu
