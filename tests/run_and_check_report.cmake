# Runs a generation command, evaluates its output against the truth with `scorefield eval --json`,
# and checks numbers of the report: CHECKS is a list of "path<=bound", "path>=bound" or
# "path<path" items, a path being dot-separated keys of the report (e.g. superres.coverage_2std).
# cmake -DCLI=... -DOUT=out.h5 -DTRUTH=truth.h5 "-DRUN=superres;--model;..." "-DCHECKS=..." -P this
get_filename_component(dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
file(REMOVE ${OUT} ${OUT}.json)
execute_process(COMMAND ${CLI} ${RUN} --out ${OUT} COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CLI} eval --samples ${OUT} --reference ${TRUTH} --json ${OUT}.json COMMAND_ERROR_IS_FATAL ANY)
file(READ ${OUT}.json report)

function(report_value path out)
  string(REPLACE "." ";" keys "${path}")
  string(JSON v GET "${report}" ${keys})
  set(${out} ${v} PARENT_SCOPE)
endfunction()

set(failed 0)
foreach(check IN LISTS CHECKS)
  if(check MATCHES "^([a-z0-9_.]+)(<=|>=|<)(.+)$")
    set(lhs_path ${CMAKE_MATCH_1})
    set(op ${CMAKE_MATCH_2})
    set(rhs ${CMAKE_MATCH_3})
    report_value(${lhs_path} lhs)
    if(rhs MATCHES "^[a-z_]")
      report_value(${rhs} rhs)
    endif()
    # CMake has no floating-point comparison; Debian's python3 (a test dependency) does it.
    execute_process(COMMAND /usr/bin/python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); \
print(int({'<=': a <= b, '>=': a >= b, '<': a < b}[sys.argv[3]]))" ${lhs} ${rhs} ${op}
                    OUTPUT_VARIABLE ok OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(ok STREQUAL "1")
      message(STATUS "ok:   ${lhs_path} = ${lhs} ${op} ${rhs}")
    else()
      message(SEND_ERROR "FAIL: ${lhs_path} = ${lhs} is not ${op} ${rhs}")
      set(failed 1)
    endif()
  else()
    message(FATAL_ERROR "malformed check '${check}'")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "report ${OUT}.json fails its checks")
endif()
