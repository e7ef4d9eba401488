# Held-out Navier-Stokes fields solved at 256^2 for the multi-resolution model: the training law
# (nu = 1e-4) from a seed no training used (9010; training used 5000-5023 at 256^2), 2 snapshots
# at t = 15 and 20, restricted to 128, 64, 32 and 16 in the same order.
# cmake -DCLI=... -DDIR=... -P ns_heldout_256_data.cmake
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND ${CLI} datagen ns --resolution 256 --save 128,64,32,16 --trajectories 1 --snapshots 2
                        --spinup 15 --interval 5 --dt 0.0005 --nu 0.0001 --threads 2 --seed 9010 --out ${DIR}
                COMMAND_ERROR_IS_FATAL ANY)
