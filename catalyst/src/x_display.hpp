// The X display every rank renders on, held open from sfc_initialize to sfc_finalize.
//
// Debian's ParaView renders only through X (GLX), and each rank decides on its own whether it can
// render, from its own attempt to open the display (XOpenDisplay, then XCloseDisplay). An X server
// resets when its last client disconnects, and connections attempted during the reset fail:
// measured on Xvfb without -noreset, 2 processes opening and closing the display 300 times each
// failed 45-58 times. So one rank could judge that it cannot render while the other could (the
// ranks then take different paths through data delivery and compositing and wait on each other
// forever), or a render window could fail to open (VTK aborts: "bad X server connection").
// Holding one connection per rank for the whole run keeps the server from ever seeing its last
// client leave, whatever server the user started; opening it on every rank first, and agreeing
// on the outcome, turns a display that some ranks cannot reach into an error naming them.
#pragma once

#include <string>

namespace scorefield::insitu {

class XDisplayHold {
 public:
  XDisplayHold();  // opens DISPLAY when it is set; never throws
  XDisplayHold(const XDisplayHold&) = delete;
  XDisplayHold& operator=(const XDisplayHold&) = delete;
  ~XDisplayHold();

  // "" when DISPLAY is unset (nothing to hold) or open; otherwise what went wrong and the fix.
  const std::string& problem() const { return problem_; }

 private:
  void* xlib_ = nullptr;
  void* display_ = nullptr;
  std::string problem_;
};

}  // namespace scorefield::insitu
