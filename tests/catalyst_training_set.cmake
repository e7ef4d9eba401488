# A training set written in situ: the mini-app on RANKS MPI ranks with pipelines/catalyst_training_set.py
# (a held-out 16^2 state, 50 steps, a field every 25 steps), then `scorefield dataset` on the run's
# .pvd collection. The first field must be the initial state itself (gathered from every rank's
# slab into one grid), the set must hold every written step in time order, and no temporary file
# may remain.
# cmake -DAPP=... -DMPIEXEC=... -DRANKS=... -DSOURCE=... -DINITIAL=... -DCLI=... -DWORK=... -P catalyst_training_set.cmake
file(REMOVE_RECURSE ${WORK})
set(ENV{SCOREFIELD_OUTPUT} ${WORK}/run)
set(ENV{SCOREFIELD_EVERY} 25)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
set(ENV{SCOREFIELD_CATALYST_TIMEOUT} 120)
execute_process(COMMAND ${MPIEXEC} --oversubscribe -np ${RANKS} ${APP} --initial ${INITIAL} --index 3 --end-time 0.05
                        --script ${SOURCE}/pipelines/catalyst_training_set.py --summary ${WORK}/summary.json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the mini-app failed (exit ${rc}):\n${out}\n${err}")
endif()
file(GLOB leftovers ${WORK}/run/*.tmp*)
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()
execute_process(COMMAND ${CLI} dataset ${WORK}/run/run.pvd --save 8 --out ${WORK}/set
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scorefield dataset failed (exit ${rc}):\n${out}\n${err}")
endif()
message(STATUS "${out}")
execute_process(COMMAND /usr/bin/python3 ${SOURCE}/tests/check_training_set.py ${WORK}/set ${INITIAL} 3 3
                COMMAND_ERROR_IS_FATAL ANY)
