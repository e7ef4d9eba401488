# The instrumented Navier-Stokes mini-app with one Catalyst pipeline on RANKS MPI ranks: a held-out
# 16^2 state, 50 steps, super-resolution 4x every 25 steps (steps 0, 25, 50).
#   extracts:   .pvti extracts of the right extents, and the super-resolved field written in situ
#               equals `scorefield superres` run offline on the coarse extract with the same seed;
#   statistics: spectra.csv rows for every step, coarse shells kept;
#   images:     one PNG per step (under scripts/with-xvfb.sh), each showing three fields.
# cmake -DAPP=... -DMPIEXEC=... -DRANKS=... -DPIPELINE=extracts|statistics|images -DSOURCE=... -DINITIAL=...
#       -DCLI=... -DPVPYTHON=... -DPLUGIN=... -DMODEL=... -DWORK=... -P catalyst_insitu.cmake
file(REMOVE_RECURSE ${WORK})
set(ENV{SCOREFIELD_OUTPUT} ${WORK})
set(ENV{SCOREFIELD_EVERY} 25)
set(ENV{SCOREFIELD_PLUGIN} ${PLUGIN})
set(ENV{SCOREFIELD_MODEL} ${MODEL})
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
# A hang in a collective fails the test with the watchdog's message (each step needs a few seconds).
set(ENV{SCOREFIELD_CATALYST_TIMEOUT} 120)
set(run ${MPIEXEC} --oversubscribe -np ${RANKS} ${APP} --initial ${INITIAL} --index 3 --end-time 0.05
        --script ${SOURCE}/pipelines/catalyst_superres_${PIPELINE}.py --summary ${WORK}/summary.json)
if(PIPELINE STREQUAL "images")
  set(run bash ${SOURCE}/scripts/with-xvfb.sh ${run})
endif()
execute_process(COMMAND ${run} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}")
if(NOT rc EQUAL 0 OR NOT EXISTS ${WORK}/summary.json)
  message(FATAL_ERROR "the mini-app failed (exit ${rc}):\n${out}\n${err}")
endif()

if(PIPELINE STREQUAL "extracts")
  foreach(step 000000 000025 000050)
    foreach(name superres coarse)
      if(NOT EXISTS ${WORK}/${name}_${step}.pvti)
        message(FATAL_ERROR "missing extract ${name}_${step}.pvti")
      endif()
    endforeach()
  endforeach()
  file(READ ${WORK}/superres_000025.pvti pvti)
  file(READ ${WORK}/coarse_000025.pvti coarse)
  if(NOT pvti MATCHES "WholeExtent=\"0 64 0 64 0 0\"" OR NOT coarse MATCHES "WholeExtent=\"0 16 0 16 0 0\"")
    message(FATAL_ERROR "wrong extents:\n${pvti}\n${coarse}")
  endif()
  execute_process(COMMAND ${PVPYTHON} ${SOURCE}/tests/pvti_to_vti.py ${WORK}/coarse_000025.pvti ${WORK}/coarse_25.vti
                  COMMAND_ERROR_IS_FATAL ANY)
  # The scripts' defaults: 4 samples, 16 ODE steps, seed 0, factor 4.
  execute_process(COMMAND ${CLI} superres --model ${MODEL} --input ${WORK}/coarse_25.vti --array vorticity --factor 4
                          --samples 4 --sampler ode --steps 16 --seed 0 --out ${WORK}/offline_25.vti
                  OUTPUT_QUIET ERROR_QUIET COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND ${PVPYTHON} ${SOURCE}/tests/compare_vti.py ${WORK}/superres_000025.pvti ${WORK}/offline_25.vti
                  COMMAND_ERROR_IS_FATAL ANY)
elseif(PIPELINE STREQUAL "statistics")
  execute_process(COMMAND /usr/bin/python3 ${SOURCE}/tests/check_insitu_spectra.py ${WORK}/spectra.csv 0,25,50 64 16
                  COMMAND_ERROR_IS_FATAL ANY)
else()
  foreach(step 000000 000025 000050)
    execute_process(COMMAND /usr/bin/python3 ${SOURCE}/tests/check_screenshot.py ${WORK}/superres_${step}.png 3
                    COMMAND_ERROR_IS_FATAL ANY)
  endforeach()
endif()
