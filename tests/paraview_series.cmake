# pipelines/superres_series.py on three coarse .vti files: every output must equal
# `scorefield superres` on its input with the same model and seed.
# cmake -DPVPYTHON=... -DCLI=... -DPLUGIN=... -DMODEL=... -DINPUTS=a;b;c -DWORK=... -DPIPELINE=... -DCOMPARE=... -P ...
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${PVPYTHON} ${PIPELINE} --plugin ${PLUGIN} --model ${MODEL} --array vorticity --samples 2
                        --steps 8 --seed 3 --out ${WORK} ${INPUTS} COMMAND_ERROR_IS_FATAL ANY)
if(NOT EXISTS ${WORK}/superres.pvd)
  message(FATAL_ERROR "no superres.pvd written")
endif()
foreach(input IN LISTS INPUTS)
  get_filename_component(stem ${input} NAME_WE)
  execute_process(COMMAND ${CLI} superres --model ${MODEL} --input ${input} --array vorticity --factor 4 --samples 2
                          --steps 8 --seed 3 --out ${WORK}/${stem}_cli.vti OUTPUT_QUIET ERROR_QUIET COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND ${PVPYTHON} ${COMPARE} ${WORK}/${stem}_superres.vti ${WORK}/${stem}_cli.vti
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
