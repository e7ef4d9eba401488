# Hangs and rank disagreements in situ become errors, not silent spins.
#   broken-render: a script in which rank 0 renders and rank 1 waits elsewhere (a collective only
#     one rank enters) under a 20 s watchdog: the run must fail well within 120 s, with the
#     watchdog's message naming the step and the script;
#   display: rank 1 cannot open the X display the other rank renders on (the situation that made
#     ParaView's ranks take different rendering paths and hang): the adaptor must refuse to start,
#     on every rank, naming rank 1 and the display.
# cmake -DAPP=... -DMPIEXEC=... -DSOURCE=... -DINITIAL=... -DCASE=broken-render|display -P catalyst_watchdog.cmake
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
set(app ${APP} --initial ${INITIAL} --index 3 --end-time 0.01)
if(CASE STREQUAL "broken-render")
  set(run ${MPIEXEC} --oversubscribe -np 2 ${app} --script ${SOURCE}/tests/catalyst_broken_render.py --timeout 20)
  set(expected "in-situ watchdog: rank [01] of 2 spent more than 20 s in step 0, in Catalyst script '[^']*catalyst_broken_render.py', running")
  set(limit 120)
else()
  set(script ${SOURCE}/pipelines/catalyst_superres_images.py)
  set(run ${MPIEXEC} --oversubscribe -np 1 ${app} --script ${script} : -np 1 env DISPLAY=:4077 ${app} --script ${script})
  set(expected "rank 1 of 2: cannot open the X display ':4077'")
  set(limit 60)
endif()
string(TIMESTAMP start "%s")
execute_process(COMMAND bash ${SOURCE}/scripts/with-xvfb.sh ${run} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 300)
string(TIMESTAMP stop "%s")
math(EXPR seconds "${stop} - ${start}")
message(STATUS "exit ${rc} after ${seconds} s")
if(rc EQUAL 0 OR NOT "${out}${err}" MATCHES "${expected}")
  message(FATAL_ERROR "expected a failure saying \"${expected}\", got exit ${rc}:\n${out}\n${err}")
endif()
if(seconds GREATER ${limit})
  message(FATAL_ERROR "the failure took ${seconds} s, more than ${limit} s")
endif()
