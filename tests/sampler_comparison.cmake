# The product target for samplers on held-out 4x super-resolution: the probability-flow ODE with at
# most 32 network evaluations (16 Heun steps: 31) reaches the unseen-band spectrum error of
# annealed Langevin with at least 1000 (63 steps on each of the model's 16 levels: 1008) within
# 10% (ODE error <= 1.1 x Langevin error). Same fields, samples and seed for both; the report's
# error is over 2 fields x 8 samples, deterministic for a fixed seed. Prints both errors and times.
# cmake -DCLI=... -DMODEL=... -DHELDOUT=... -DWORK=... -P sampler_comparison.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
foreach(run "ode;16" "langevin;63")
  list(GET run 0 sampler)
  list(GET run 1 steps)
  string(TIMESTAMP start "%s")
  execute_process(COMMAND ${CLI} superres --model ${MODEL} --input ${HELDOUT}/ns_16.h5 --count 2 --factor 4
                          --samples 8 --sampler ${sampler} --steps ${steps} --seed 1 --out ${WORK}/${sampler}.h5
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  string(TIMESTAMP end "%s")
  math(EXPR seconds "${end} - ${start}")
  execute_process(COMMAND ${CLI} eval --samples ${WORK}/${sampler}.h5 --reference ${HELDOUT}/ns_64.h5
                          --json ${WORK}/${sampler}.json OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  file(READ ${WORK}/${sampler}.json report)
  string(JSON error_${sampler} GET "${report}" superres band_spectrum_error)
  message(STATUS "${sampler} ${steps} steps: band spectrum error ${error_${sampler}}, ${seconds} s")
endforeach()
execute_process(COMMAND /usr/bin/python3 -c "import sys; print(int(float(sys.argv[1]) <= 1.1 * float(sys.argv[2])))"
                        ${error_ode} ${error_langevin} OUTPUT_VARIABLE ok OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT ok STREQUAL "1")
  message(FATAL_ERROR "ODE (31 evaluations) band error ${error_ode} is not within 10% of Langevin's (1008) ${error_langevin}")
endif()
message(STATUS "ok: ODE with 31 evaluations ${error_ode} <= 1.1 x Langevin with 1008 evaluations ${error_langevin}")
