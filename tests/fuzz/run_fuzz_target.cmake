# Runs one fuzz target for RUNS inputs from its seed corpus, with a fixed seed, so that every machine
# explores the same inputs. SECONDS only guards against a hang: a run it cuts short fails, since a
# shorter run would explore fewer inputs on a slower machine and pass where a faster one fails. New inputs go to WORK/corpus (never into
# the checked-in seeds); a crash, leak, timeout or sanitizer report fails the test and leaves the
# input as WORK/crash-* (or leak-*, timeout-*), to be fixed and added to the seeds as a regression.
# cmake -DTARGET=... -DSEEDS=... -DWORK=... -DSECONDS=... -DRUNS=... -P run_fuzz_target.cmake
# The corpus grown by an earlier run is dropped: every run starts from the seeds alone.
file(REMOVE_RECURSE ${WORK}/corpus)
file(MAKE_DIRECTORY ${WORK}/corpus)
execute_process(COMMAND ${TARGET} -runs=${RUNS} -max_total_time=${SECONDS} -seed=1 -timeout=30 -rss_limit_mb=6144
                        -max_len=65536 -print_final_stats=1 -artifact_prefix=${WORK}/ ${WORK}/corpus ${SEEDS}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${err}")
if(NOT status EQUAL 0)
  message("${err}")
  message(FATAL_ERROR "${TARGET} found a defect (status ${status}); the input is in ${WORK}")
endif()
string(REGEX MATCH "[0-9]+$" executed "${runs}")
if(NOT executed OR executed LESS RUNS)
  message(FATAL_ERROR "${TARGET} ran ${executed} of its ${RUNS} inputs within ${SECONDS} s: raise "
                      "SCOREFIELD_FUZZ_SECONDS for this machine (the inputs explored must not depend on its speed)")
endif()
message(STATUS "${TARGET}: no defect (${runs})")
