# Data-parallel training and distributed generation on RANKS MPI ranks against one process.
# cmake -DCLI=... -DMPIEXEC=... -DRANKS=2 -DDIR=... -DCOMPARE=compare_fields.py -DPYTHON=... -P train_mpi.cmake
#
# Tolerances: the ranks sum the same per-item gradients in another order (float32), which changes
# weights by rounding (~1e-7 relative) per step; Adam's normalisation keeps this from growing
# beyond ~1e-5 over 20 steps, and samples inherit it, so 1e-4 relative L2 separates rounding from
# any real difference (a wrong shard, a missed item or a doubled gradient changes samples by >1e-2).
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR})
set(mpi ${MPIEXEC} --oversubscribe -np ${RANKS})
macro(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${DIR} COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
endmacro()
macro(same a b tol)
  execute_process(COMMAND ${PYTHON} ${COMPARE} ${DIR}/${a} ${DIR}/${b} ${tol} WORKING_DIRECTORY ${DIR}
                  COMMAND_ERROR_IS_FATAL ANY)
endmacro()
function(config name task batch output)
  file(WRITE ${DIR}/${name}.toml "[model]\ntask = \"${task}\"\n[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n"
       "[training]\ndata = \"d.h5\"\noutput = \"${output}\"\nsteps = 20\nbatch_size = ${batch}\nthreads = 1\n"
       "coarse_factors = [2, 4]\ncheckpoint_every = 10\n")
endfunction()

# 33 fields: the shards are uneven (17 + 16 on 2 ranks).
run(${CLI} datagen grf --resolution 16 --count 33 --seed 1 --out d.h5)
math(EXPR per_rank "8 / ${RANKS}")
config(one unconditional 8 one.sfm)
config(many unconditional ${per_rank} many.sfm)
run(${CLI} train --config one.toml)
run(${mpi} ${CLI} train --mpi --config many.toml)
run(${CLI} sample --model one.sfm --count 6 --steps 4 --seed 3 --out one.h5)
run(${CLI} sample --model many.sfm --count 6 --steps 4 --seed 3 --out many.h5)
same(many.h5 one.h5 1e-4)
message(STATUS "${RANKS} ranks x batch ${per_rank} train like 1 rank x batch 8")

# Resume on another rank count: stop after 10 steps on RANKS ranks, finish on one.
config(split_first unconditional ${per_rank} split.sfm)
config(split_second unconditional 8 split.sfm)
run(${mpi} ${CLI} train --mpi --config split_first.toml --stop-after 10)
run(${CLI} train --config split_second.toml --resume)
run(${CLI} sample --model split.sfm --count 6 --steps 4 --seed 3 --out split.h5)
same(split.h5 one.h5 1e-4)
message(STATUS "a checkpoint written on ${RANKS} ranks resumes on 1")

# Distributed generation gives the single-process result (same seeds: bit-identical).
run(${mpi} ${CLI} sample --mpi --model one.sfm --count 6 --batch 2 --steps 4 --seed 3 --out dist.h5)
run(${CLI} sample --model one.sfm --count 6 --batch 2 --steps 4 --seed 3 --out serial.h5)
same(dist.h5 serial.h5 0)
config(sr superres 8 sr.sfm)
run(${CLI} train --config sr.toml)
run(${CLI} datagen grf --resolution 8 --count 3 --seed 2 --out coarse.h5)
run(${mpi} ${CLI} superres --mpi --model sr.sfm --input coarse.h5 --factor 2 --samples 2 --steps 3 --out sr_dist.h5)
run(${CLI} superres --model sr.sfm --input coarse.h5 --factor 2 --samples 2 --steps 3 --out sr_serial.h5)
same(sr_dist.h5 sr_serial.h5 0)
message(STATUS "sample --mpi and superres --mpi match one process")

# A rank that cannot read its shard (NaN in the last field, rank RANKS-1's) stops every rank
# with that rank's message; the timeout of the test catches a hang.
execute_process(COMMAND ${PYTHON} -c "import h5py, numpy as np
with h5py.File('d.h5') as f: x = f['fields'][:]
x[-1, 3, 3] = np.nan
with h5py.File('bad.h5', 'w') as f: f['fields'] = x" WORKING_DIRECTORY ${DIR} COMMAND_ERROR_IS_FATAL ANY)
file(READ ${DIR}/many.toml text)
string(REPLACE "d.h5" "bad.h5" text "${text}")
string(REPLACE "many.sfm" "bad.sfm" text "${text}")
file(WRITE ${DIR}/bad.toml "${text}")
execute_process(COMMAND ${mpi} ${CLI} train --mpi --config bad.toml WORKING_DIRECTORY ${DIR}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
math(EXPR last "${RANKS} - 1")
if(status EQUAL 0 OR NOT err MATCHES "rank ${last} of ${RANKS}: data set .* NaN")
  message(FATAL_ERROR "a bad shard was not reported by every rank (status ${status}):\n${err}")
endif()
string(REGEX MATCHALL "rank ${last} of ${RANKS}: data set" reports "${err}")
list(LENGTH reports n_reports)
if(NOT n_reports EQUAL ${RANKS} OR EXISTS ${DIR}/bad.sfm)
  message(FATAL_ERROR "expected the message from all ${RANKS} ranks and no model file:\n${err}")
endif()
message(STATUS "a bad shard stops all ${RANKS} ranks with one message")
