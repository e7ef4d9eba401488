# pipelines/concat_fields.py joins datagen outputs into one training set: the joined file holds
# the inputs' fields and labels in order, `scorefield train` accepts it, and inputs of different
# grids are refused with nothing written. cmake -DCLI=... -DPYTHON=... -DSCRIPT=... -DDIR=... -P
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR})
# Mixture samples carry labels (the component of each field), so both data sets are checked.
foreach(spec "a;grf-mixture;16;3;1" "b;grf-mixture;16;5;2" "c;grf;8;2;3")
  list(GET spec 0 name)
  list(GET spec 1 law)
  list(GET spec 2 n)
  list(GET spec 3 count)
  list(GET spec 4 seed)
  execute_process(COMMAND ${CLI} datagen ${law} --resolution ${n} --count ${count} --seed ${seed} --out ${DIR}/${name}.h5
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
execute_process(COMMAND ${PYTHON} ${SCRIPT} ${DIR}/ab.h5 ${DIR}/a.h5 ${DIR}/b.h5 COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${PYTHON} -c "
import sys, h5py, numpy as np
d = sys.argv[1]
read = lambda n, k: np.asarray(h5py.File(f'{d}/{n}.h5', 'r')[k])
for key in ('fields', 'labels'):
    joined, parts = read('ab', key), np.concatenate([read('a', key), read('b', key)])
    if joined.shape != parts.shape or not np.array_equal(joined, parts):
        sys.exit(f'{key}: joined {joined.shape} is not a then b {parts.shape}')
if 'b.h5' not in h5py.File(f'{d}/ab.h5', 'r')['fields'].attrs['sources']:
    sys.exit('the joined file does not record its sources')
" ${DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the joined file is wrong (${rc})")
endif()
file(WRITE ${DIR}/train.toml "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n[training]\ndata = \"ab.h5\"\noutput = \"ab.sfm\"\nsteps = 4\nbatch_size = 4\n")
execute_process(COMMAND ${CLI} train --config ${DIR}/train.toml COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${PYTHON} ${SCRIPT} ${DIR}/ac.h5 ${DIR}/a.h5 ${DIR}/c.h5 RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "different grids" OR EXISTS ${DIR}/ac.h5)
  message(FATAL_ERROR "inputs of 16^2 and 8^2 fields: exit ${rc}, '${err}', output left: should fail, name the problem, write nothing")
endif()
file(GLOB leftovers ${DIR}/tmp*.h5)
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()
