# The ParaView GUI under Xvfb runs gui_abort.py; the abort button must stop the filter at once.
# cmake -DPLUGIN=... -DMODEL=... -DWORK=... -DSCRIPT=... -DWITH_XVFB=scripts/with-xvfb.sh -P gui_abort.cmake
file(REMOVE_RECURSE ${WORK})
# A fresh settings directory: no welcome dialog (modal: it would wait for a click forever).
file(WRITE ${WORK}/config/ParaView/ParaView5.11.0.ini "[General]\nGeneralSettings.ShowWelcomeDialog=0\n")
set(result ${WORK}/result.txt)
execute_process(COMMAND ${CMAKE_COMMAND} -E env XDG_CONFIG_HOME=${WORK}/config SCOREFIELD_PLUGIN=${PLUGIN}
                        SCOREFIELD_MODEL=${MODEL} SCOREFIELD_RESULT=${result} SCOREFIELD_GUI_TEST_ABORT_AT=10
                        SCOREFIELD_GUI_TEST_ABORT_LOG=${WORK}/click.txt
                        bash ${WITH_XVFB} paraview --script=${SCRIPT} --exit
                TIMEOUT 240 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT EXISTS ${result})
  message(FATAL_ERROR "the GUI run wrote no result (exit ${rc}):\n${out}\n${err}")
endif()
file(STRINGS ${result} lines)
foreach(line IN LISTS lines)
  string(REPLACE " " ";" pair "${line}")
  list(GET pair 0 key)
  list(GET pair 1 value)
  set(${key} ${value})
endforeach()
message(STATUS "abort in the GUI: clicked at ${clicked_at_progress}%, button enabled ${button_enabled}, "
               "${reports_after_click} sampler steps after the click, ${seconds_click_to_return} s from the click "
               "to the filter's return (whole run ${seconds_total} s), ${points_after_abort} points after the abort, "
               "${points_after_next_update} after the next update")
# Bounds: the relay sets AbortExecute inside the progress report during which it clicks, and the
# filter checks it before the sampler's next step, so no step may follow (a count, whatever the
# machine's speed); the next update has the full 256^2 grid.
if(NOT finished EQUAL 1 OR NOT button_enabled EQUAL 1 OR clicked_at_progress LESS 10
   OR NOT reports_after_click EQUAL 0 OR NOT points_after_abort EQUAL 0 OR NOT points_after_next_update EQUAL 65536)
  message(FATAL_ERROR "the abort button did not stop the filter (exit ${rc}):\n${out}\n${err}")
endif()
