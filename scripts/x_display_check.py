"""Exit 0 when a client can open the X display named by DISPLAY (with XAUTHORITY), as VTK's
render window will; otherwise print Xlib's reason and exit 1. Used by with-xvfb.sh."""
import ctypes
import ctypes.util
import os
import sys

name = ctypes.util.find_library("X11")
if not name:
    sys.exit("x_display_check: libX11 not found (package libx11-6)")
xlib = ctypes.cdll.LoadLibrary(name)
xlib.XOpenDisplay.restype = ctypes.c_void_p
xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
handle = xlib.XOpenDisplay(None)
if not handle:
    sys.exit("x_display_check: cannot open display %r with XAUTHORITY=%r" %
             (os.environ.get("DISPLAY"), os.environ.get("XAUTHORITY")))
xlib.XCloseDisplay(handle)
