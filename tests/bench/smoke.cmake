# The benchmarks build and run (one short pass at N = 64 and the end-to-end --quick mode); their
# timings are not checked here: timing belongs in docs/benchmarks.md, not in tests.
execute_process(COMMAND ${MICRO} --benchmark_filter=/64$ --benchmark_min_time=0.01 --threads 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "network_forward_backward/64")
  message(FATAL_ERROR "micro-benchmarks failed (exit ${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${E2E} --quick --threads 2 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
foreach(what sample forward scaling peak train memory)
  if(NOT out MATCHES "\"what\": \"${what}\"")
    message(FATAL_ERROR "end-to-end benchmark did not report '${what}' (exit ${rc}):\n${out}\n${err}")
  endif()
endforeach()
message(STATUS "${out}")
