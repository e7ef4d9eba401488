# `scorefield datagen ns` on one process and with --mpi on RANKS ranks must write the same data
# set (bound 1e-10 relative: the distributed FFT changes only the summation order).
# cmake -DCLI=... -DMPIEXEC=... -DRANKS=... -DDIR=... -DCOMPARE=... -P ns_datagen_mpi.cmake
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR}/serial ${DIR}/mpi)
set(args datagen ns --resolution 64 --save 16 --trajectories 2 --snapshots 3 --spinup 0.5 --interval 0.25)
execute_process(COMMAND ${CLI} ${args} --out ${DIR}/serial COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${MPIEXEC} --oversubscribe -np ${RANKS} ${CLI} ${args} --mpi --out ${DIR}/mpi
                COMMAND_ERROR_IS_FATAL ANY)
foreach(n 64 16)
  execute_process(COMMAND ${COMPARE} ${DIR}/mpi/ns_${n}.h5 ${DIR}/serial/ns_${n}.h5 1e-10 COMMAND_ERROR_IS_FATAL ANY)
endforeach()
message(STATUS "datagen ns on ${RANKS} ranks matches one process")
