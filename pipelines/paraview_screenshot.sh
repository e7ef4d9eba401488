#!/usr/bin/env bash
# Makes docs/images/paraview-superres.png: the ParaView GUI (under Xvfb) with the ScoreField
# plugin applying Generative Super-Resolution to a held-out 16 x 16 Navier-Stokes field: coarse
# input, one sample, ensemble mean and ensemble std. Needs a build and the test data of the
# paraview_plugin_filters test (run `ctest --preset default -R paraview_plugin_filters` first).
set -euo pipefail
cd "$(dirname "$0")/.."
input=build/tests/paraview_plugin/coarse.vti
[[ -f $input ]] || { echo "missing $input: run ctest --preset default -R paraview_plugin_filters" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config/ParaView"
printf '[General]\nGeneralSettings.ShowWelcomeDialog=0\n' > "$work/config/ParaView/ParaView5.11.0.ini"
XDG_CONFIG_HOME=$work/config SCOREFIELD_PLUGIN=$PWD/build/lib/paraview-5.11/plugins/ScoreField/ScoreField.so \
  SCOREFIELD_MODEL=$PWD/data/models/ns-superres.sfm SCOREFIELD_INPUT=$PWD/$input SCOREFIELD_ARRAY=vorticity \
  SCOREFIELD_SCREENSHOT=$work/shot.png \
  SCOREFIELD_XVFB_SCREEN=2100x1080x24 bash scripts/with-xvfb.sh paraview --script=tests/paraview_gui_script.py --exit
/usr/bin/python3 tests/check_screenshot.py "$work/shot.png"
mv "$work/shot.png" docs/images/paraview-superres.png
echo "wrote docs/images/paraview-superres.png"
