# A running simulation whose model file goes bad and comes back (tests/catalyst_model_swap.py): on
# RANKS ranks, the truncated and the wrong-task model must each fail on every rank with their
# message, the simulation must run to its end (no hang: a 60 s watchdog), and the restored model
# must give output again on every rank.
# cmake -DAPP=... -DMPIEXEC=... -DSOURCE=... -DINITIAL=... -DMODELS=... -DWORK=... -DRANKS=N -P catalyst_model_swap.cmake
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(COPY_FILE ${MODELS}/ns-superres-64.sfm ${WORK}/live.sfm)
set(ENV{SCOREFIELD_MODEL} ${WORK}/live.sfm)
set(ENV{SCOREFIELD_GOOD_MODEL} ${MODELS}/ns-superres-64.sfm)
set(ENV{SCOREFIELD_WRONG_MODEL} ${MODELS}/ns-unconditional-64.sfm)
set(ENV{SCOREFIELD_EVERY} 1)
set(ENV{SCOREFIELD_SAMPLES} 1)
set(ENV{SCOREFIELD_STEPS} 2)
set(ENV{SCOREFIELD_OUTPUT} ${WORK}/extracts)
execute_process(COMMAND bash ${SOURCE}/scripts/with-xvfb.sh ${MPIEXEC} --oversubscribe -np ${RANKS} ${APP}
                        --initial ${INITIAL} --index 3 --end-time 0.01 --timeout 60
                        --script ${SOURCE}/tests/catalyst_model_swap.py
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
set(all "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the simulation did not run to its end (exit ${rc}):\n${all}")
endif()
math(EXPR last "${RANKS} - 1")
foreach(rank RANGE ${last})
  foreach(phase good restored)
    if(NOT all MATCHES "model ${phase} on rank ${rank}: [1-9][0-9]* cells")
      message(FATAL_ERROR "no output with the ${phase} model on rank ${rank}:\n${all}")
    endif()
  endforeach()
  foreach(phase truncated wrong_task)
    if(NOT all MATCHES "model ${phase} on rank ${rank}: 0 cells")
      message(FATAL_ERROR "the ${phase} model gave output (or no report) on rank ${rank}:\n${all}")
    endif()
  endforeach()
endforeach()
foreach(expected "is truncated" "needs task \"superres\"")
  if(NOT all MATCHES "${expected}")
    message(FATAL_ERROR "no message saying '${expected}':\n${all}")
  endif()
endforeach()
message(STATUS "model under fire on ${RANKS} rank(s): both bad files reported on every rank, run completed, recovered")
