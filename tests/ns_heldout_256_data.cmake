# Held-out Navier-Stokes fields solved at 256^2, for the multi-resolution model at every grid the
# product uses: the law of its training data (nu = 1e-4, dt = 5e-4, solved at 256^2 and restricted)
# from seeds no data set uses (9200, 9201; training 5000-5023, docs 9000-9002, main job 9100), at
# t = 25 and 30, in the statistically steady regime of the training window t = 25 .. 34.5.
# cmake -DCLI=... -DDIR=... -P ns_heldout_256_data.cmake
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND ${CLI} datagen ns --resolution 256 --save 128,64,32,16 --trajectories 2 --snapshots 2
                        --spinup 25 --interval 5 --dt 0.0005 --nu 0.0001 --threads 2 --seed 9200 --out ${DIR}
                COMMAND_ERROR_IS_FATAL ANY)
