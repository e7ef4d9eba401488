# `cmake --install` into a fresh prefix; ParaView then finds the plugin through PV_PLUGIN_PATH and
# the plugin finds the installed engine by itself.
# cmake -DBUILD=... -DPREFIX=... -DPVPYTHON=... -DPVBATCH=... -DMODEL=... -DSCRIPT=... -P paraview_install.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX} OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
file(GLOB_RECURSE plugin ${PREFIX}/*/ScoreField.so)
if(NOT plugin)
  message(FATAL_ERROR "no ScoreField.so installed under ${PREFIX}")
endif()
get_filename_component(dir ${plugin} DIRECTORY)
foreach(python IN ITEMS ${PVPYTHON} ${PVBATCH})
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PV_PLUGIN_PATH=${dir} ${python} ${SCRIPT} ${MODEL} ${PREFIX}
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
