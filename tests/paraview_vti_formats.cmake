# Every .vti encoding ParaView writes gives the same super-resolved output (same model, seed):
# the reader decodes them all to the same values.
# cmake -DCLI=... -DPVPYTHON=... -DMODEL=... -DDIR=... -DSCRIPT=write_vti_variants.py -P this
file(REMOVE_RECURSE ${DIR})
execute_process(COMMAND ${PVPYTHON} ${SCRIPT} ${DIR} COMMAND_ERROR_IS_FATAL ANY)
file(GLOB inputs ${DIR}/*.vti)
list(LENGTH inputs count)
if(count LESS 12)
  message(FATAL_ERROR "pvpython wrote ${count} variants, expected 12")
endif()
set(first "")
foreach(input IN LISTS inputs)
  get_filename_component(name ${input} NAME_WE)
  execute_process(COMMAND ${CLI} superres --model ${MODEL} --input ${input} --array RTData --factor 4 --samples 1
                          --steps 2 --seed 4 --out ${DIR}/out_${name}.vti COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
  file(MD5 ${DIR}/out_${name}.vti hash)
  if(first STREQUAL "")
    set(first ${hash})
    set(first_name ${name})
  elseif(NOT hash STREQUAL first)
    message(FATAL_ERROR "${name}.vti gives a different result than ${first_name}.vti")
  endif()
endforeach()
message(STATUS "all ${count} ParaView encodings read alike")
