#!/usr/bin/env bash
# Runs a command with a private X display for ParaView's rendering, and stops the display after.
# Debian's ParaView renders through GLX only (its VTK has neither EGL nor OSMesa windows), so
# every rendering process needs an X server; on a headless machine this starts Xvfb.
#
#   scripts/with-xvfb.sh COMMAND [ARG ...]      exit status: the command's (or 3: no display)
#
# Why not xvfb-run: its Xvfb resets whenever its last client disconnects, and refuses the
# connections that arrive during the reset (measured: 2 processes opening and closing the display
# 300 times each failed 45-58 times; none with -noreset). ParaView's ranks open and close the
# display to test whether they can render, so under xvfb-run one rank could find no display while
# another found it (the ranks then hang in different collectives) or a render window could fail
# to open (VTK aborts: "bad X server connection"). Also, xvfb-run's cookie is written for the host
# name of the moment ("host/unix:99"), so a client that sees another host name (a machine renamed
# while it starts up, a container's UTS namespace) is refused; and its `-a` picks a display by
# lock files, which two runs starting together can both choose. Here Xvfb runs with -noreset, the
# cookie is of the "any host" family, Xvfb picks a free display itself (-displayfd) and reports it
# only once it accepts connections, and a real client connects before the command starts.
# SCOREFIELD_XVFB_SCREEN overrides the screen (default 1600x900x24).
set -euo pipefail
(($# > 0)) || { echo "usage: with-xvfb.sh COMMAND [ARG ...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

for tool in Xvfb xauth mcookie; do
  command -v "$tool" > /dev/null || {
    echo "with-xvfb: '$tool' not found; run scripts/install-deps.sh (packages xvfb, xauth, util-linux)" >&2
    exit 3
  }
done

dir=$(mktemp -d -t scorefield-xvfb.XXXXXX)
xvfb_pid=
cleanup() {
  if [[ -n $xvfb_pid ]]; then
    kill "$xvfb_pid" 2> /dev/null || true
    wait "$xvfb_pid" 2> /dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One MIT-MAGIC-COOKIE-1 entry of family "wild" (ffff), empty address and display number: it
# matches every host name and display, on the client side and in the server's -auth file.
name_hex=$(printf 'MIT-MAGIC-COOKIE-1' | od -An -tx1 | tr -d ' \n')
touch "$dir/Xauthority"
echo "ffff 0000  0000  0012 $name_hex 0010 $(mcookie)" | xauth -q -f "$dir/Xauthority" nmerge -

display=
for attempt in 1 2 3; do
  rm -f "$dir/display"
  Xvfb -displayfd 3 -screen 0 "${SCOREFIELD_XVFB_SCREEN:-1600x900x24}" -nolisten tcp -noreset -auth "$dir/Xauthority" \
    3> "$dir/display" > "$dir/xvfb.log" 2>&1 &
  xvfb_pid=$!
  # Xvfb writes the display number when it is ready to accept connections.
  for _ in $(seq 100); do
    [[ -s $dir/display ]] && break
    kill -0 "$xvfb_pid" 2> /dev/null || break
    sleep 0.1
  done
  if [[ -s $dir/display ]] &&
    DISPLAY=":$(tr -d '\n' < "$dir/display")" XAUTHORITY="$dir/Xauthority" /usr/bin/python3 "$here/x_display_check.py"; then
    display=":$(tr -d '\n' < "$dir/display")"
    break
  fi
  kill "$xvfb_pid" 2> /dev/null || true
  wait "$xvfb_pid" 2> /dev/null || true
  xvfb_pid=
  echo "with-xvfb: attempt $attempt: no usable X display; Xvfb said:" >&2
  sed 's/^/  /' "$dir/xvfb.log" >&2
done
if [[ -z $display ]]; then
  echo "with-xvfb: could not start Xvfb; check that /tmp is writable and the xvfb package is installed" >&2
  exit 3
fi

status=0
DISPLAY=$display XAUTHORITY=$dir/Xauthority "$@" || status=$?
# A display that died under the command explains an abort in VTK ("bad X server connection").
if ! kill -0 "$xvfb_pid" 2> /dev/null; then
  echo "with-xvfb: the X server of display $display exited while the command ran; its log:" >&2
  sed 's/^/  /' "$dir/xvfb.log" >&2
  ((status != 0)) || status=3
fi
exit "$status"
