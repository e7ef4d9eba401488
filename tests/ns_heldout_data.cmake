# Held-out Navier-Stokes fields the shipped models never saw: the law of the training data
# (nu = 1e-4, solved at 128^2) from other seeds (9000, 9001; training used 2000-2011), at
# t = 12, 17, 22, 27, spread over the training window t = 10 .. 29.5 (the small scales still
# build up over it: early fields hold far less energy above k = 8 than late ones).
# cmake -DCLI=... -DDIR=... -P ns_heldout_data.cmake
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND ${CLI} datagen ns --resolution 128 --save 64,32,16,8 --trajectories 2 --snapshots 4
                        --spinup 12 --interval 5 --nu 0.0001 --threads 2 --seed 9000 --out ${DIR}
                COMMAND_ERROR_IS_FATAL ANY)
