# The main job's exact configuration (pipelines/ns_insitu_demo.sh: the three Catalyst scripts
# loaded together, the shipped model, 64^2 -> 256^2, 4 samples, and the 256^2 simulation beside
# it) run RUNS times in a row on RANKS ranks, each a short run (t = 0.2: super-resolved steps 0
# and 200). Every run must finish and write every picture, extract, spectrum row, the comparison
# with the fine simulation and the summary, and the samples must match the fine simulation within
# the bounds of tests/check_insitu_fine.py (coverage, resolved shells, L2; each bound explained
# there). The demo's watchdog (120 s per piece of in-situ work, against about 15 s needed) turns a
# hang into a failure with a message. The first run makes the demo's initial state (or it is
# copied from INITIAL_FROM, a folder holding one).
# cmake -DSOURCE=... -DBUILD=... -DWORK=... -DRANKS=... -DRUNS=... [-DINITIAL_FROM=DIR] -P main_job_repeated.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
if(INITIAL_FROM AND EXISTS ${INITIAL_FROM}/ns_64.h5 AND EXISTS ${INITIAL_FROM}/ns_256.h5)
  file(COPY ${INITIAL_FROM}/ns_64.h5 ${INITIAL_FROM}/ns_256.h5 DESTINATION ${WORK}/initial)
endif()
set(ENV{SCOREFIELD_END_TIME} 0.2)
set(ENV{SCOREFIELD_EVERY} 200)
set(ENV{SCOREFIELD_RANKS} ${RANKS})
set(ENV{SCOREFIELD_BUILD} ${BUILD})
set(ENV{SCOREFIELD_CATALYST_TIMEOUT} 120)
foreach(run RANGE 1 ${RUNS})
  string(TIMESTAMP start "%s")
  # The outer limit only guards against a hang the watchdog cannot see (outside Catalyst).
  execute_process(COMMAND bash ${SOURCE}/pipelines/ns_insitu_demo.sh ${WORK} WORKING_DIRECTORY ${SOURCE}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 400)
  string(TIMESTAMP stop "%s")
  math(EXPR seconds "${stop} - ${start}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run ${run} of ${RUNS} on ${RANKS} rank(s) failed after ${seconds} s (exit ${rc}):\n${out}\n${err}")
  endif()
  foreach(file superres_000000.png superres_000200.png superres_000000.pvti superres_000200.pvti coarse_000000.pvti
               coarse_000200.pvti spectra.csv spectra.png summary.txt summary.json run.json fine_comparison.json
               fine_comparison.png)
    if(NOT EXISTS ${WORK}/${file})
      message(FATAL_ERROR "run ${run}: ${file} is missing:\n${out}\n${err}")
    endif()
  endforeach()
  foreach(step 000000 000200)
    execute_process(COMMAND /usr/bin/python3 ${SOURCE}/tests/check_screenshot.py ${WORK}/superres_${step}.png 3
                    COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
  endforeach()
  # The samples keep the modes of the 32^2 restriction they are conditioned on (the main job's
  # Conditioning Size), not the 64^2 run's top octave.
  execute_process(COMMAND /usr/bin/python3 ${SOURCE}/tests/check_insitu_spectra.py ${WORK}/spectra.csv 0,200 256 32
                  COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
  execute_process(COMMAND /usr/bin/python3 ${SOURCE}/tests/check_insitu_fine.py ${WORK}/fine_comparison.json 0,200
                  RESULT_VARIABLE fine_rc OUTPUT_VARIABLE fine_out)
  if(NOT fine_rc EQUAL 0)
    message(FATAL_ERROR "run ${run}: the samples do not match the fine simulation:\n${fine_out}")
  endif()
  file(READ ${WORK}/summary.txt summary)
  if(NOT summary MATCHES "Against a 256\\^2 simulation of the same flow")
    message(FATAL_ERROR "run ${run}: the summary lacks the comparison with the fine simulation:\n${summary}")
  endif()
  message(STATUS "run ${run} of ${RUNS} on ${RANKS} rank(s): complete in ${seconds} s")
endforeach()
