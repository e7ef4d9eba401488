# The real ParaView GUI under Xvfb: loads the plugin, applies Generative Super-Resolution through
# a script and saves a screenshot, which check_screenshot.py inspects.
# cmake -DPLUGIN=... -DMODEL=... -DINPUT=... -DWORK=... -DSCRIPT=... -DCHECK=... -DWITH_XVFB=scripts/with-xvfb.sh
#       -P paraview_gui.cmake
file(REMOVE_RECURSE ${WORK})
# A fresh settings directory: no welcome dialog (it is modal and would wait for a click forever),
# and nothing of the user's own settings.
file(WRITE ${WORK}/config/ParaView/ParaView5.11.0.ini "[General]\nGeneralSettings.ShowWelcomeDialog=0\n")
set(shot ${WORK}/screenshot.png)
execute_process(COMMAND ${CMAKE_COMMAND} -E env XDG_CONFIG_HOME=${WORK}/config SCOREFIELD_PLUGIN=${PLUGIN}
                        SCOREFIELD_MODEL=${MODEL} SCOREFIELD_INPUT=${INPUT} SCOREFIELD_ARRAY=vorticity
                        SCOREFIELD_SCREENSHOT=${shot} SCOREFIELD_XVFB_SCREEN=2100x1080x24
                        bash ${WITH_XVFB} paraview --script=${SCRIPT} --exit
                TIMEOUT 240 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${shot}.log progress)
message(STATUS "${progress}")
if(NOT rc EQUAL 0 OR NOT progress MATCHES "gui script: finished" OR NOT EXISTS ${shot})
  message(FATAL_ERROR "the GUI run failed (exit ${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND /usr/bin/python3 ${CHECK} ${shot} COMMAND_ERROR_IS_FATAL ANY)
