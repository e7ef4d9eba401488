# The ParaView plugin under pvpython: every filter and source on held-out data and on the Wavelet
# source, equality with `scorefield superres`, then each bad input in its own process, which must
# report the problem on stderr, leave the output empty and exit normally.
# cmake -DPVPYTHON=... -DCLI=... -DPLUGIN=... -DMODELS=... -DHELDOUT=... -DWORK=... -DSCRIPT=... -P paraview_plugin.cmake
file(REMOVE_RECURSE ${WORK})
set(tail ${PLUGIN} ${MODELS} ${HELDOUT} ${WORK})
execute_process(COMMAND ${PVPYTHON} ${SCRIPT} write-input ${tail} COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CLI} superres --model ${MODELS}/ns-superres-64.sfm --input ${WORK}/coarse.vti
                        --array vorticity --factor 4 --samples 3 --sampler ode --steps 8 --seed 11 --out ${WORK}/cli.vti
                COMMAND_ERROR_IS_FATAL ANY)
# The multistep sampler, chosen in the panel, against the CLI's.
execute_process(COMMAND ${CLI} superres --model ${MODELS}/ns-superres-64.sfm --input ${WORK}/coarse.vti
                        --array vorticity --factor 4 --samples 3 --sampler ode2m --steps 8 --seed 11 --out ${WORK}/cli_ode2m.vti
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${PVPYTHON} ${SCRIPT} check ${tail} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "plugin checks failed (exit ${rc})")
endif()

# case|what stderr must say
set(cases
  "missing_array|has no point array 'pressure'"
  "three_d|the input is a 3-D image"
  "non_square|the input is 16 x 8"
  "missing_model|does not exist"
  "unknown_model_name|no model 'nosuch.sfm' in the model folders"
  "wrong_task|needs task \"superres\""
  "factor_too_large|exceeds the largest the model was trained for"
  "nan_input|holds NaN or Inf"
  "conditioning_too_large|Conditioning Size 32 does not fit the 16 x 16 input"
  "sample_with_superres_model|needs task \"unconditional\""
  "tf32_on_cpu|tf32 precision applies to NVIDIA GPUs only")
foreach(entry IN LISTS cases)
  string(FIND "${entry}" "|" bar)
  string(SUBSTRING "${entry}" 0 ${bar} case)
  math(EXPR start "${bar} + 1")
  string(SUBSTRING "${entry}" ${start} -1 expected)
  execute_process(COMMAND ${PVPYTHON} ${SCRIPT} bad ${case} ${tail}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(FIND "${err}" "${expected}" found)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "points=0" OR found EQUAL -1)
    message(FATAL_ERROR "bad input '${case}': exit ${rc}, stdout '${out}', expected '${expected}' on stderr:\n${err}")
  endif()
  message(STATUS "ok   bad input '${case}' reported: ${expected}")
endforeach()

# The same plugin in one live pipeline whose model file is truncated, replaced by a model of the
# wrong task and restored between updates: each bad update is reported, the pipeline goes on.
if(SWAP_SCRIPT)
  execute_process(COMMAND ${PVPYTHON} ${SWAP_SCRIPT} ${PLUGIN} ${MODELS} ${WORK}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  # Each update's messages precede its marker: the first group is the truncated file's, the second
  # the wrong task's.
  # (copied out first: every MATCHES in an if() resets CMAKE_MATCH_n)
  string(REGEX MATCH "after good(.*)--- after truncated(.*)--- after wrong_task" parts "${err}")
  set(truncated_messages "${CMAKE_MATCH_1}")
  set(wrong_task_messages "${CMAKE_MATCH_2}")
  if(NOT rc EQUAL 0 OR NOT out MATCHES "all checks passed" OR NOT truncated_messages MATCHES "is truncated"
     OR NOT wrong_task_messages MATCHES "needs task \"superres\"")
    message(FATAL_ERROR "model swap in a live pipeline: exit ${rc}\n${out}\n${err}")
  endif()
  message(STATUS "ok   live pipeline: truncated and wrong-task model files reported, restored model reloaded")
endif()
