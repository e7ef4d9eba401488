# Makes a small model with the CLI for tests that need any model file: cmake -DCLI=... -DDIR=... -P
file(MAKE_DIRECTORY ${DIR})
file(WRITE ${DIR}/tiny.toml "[network]\nwidth = 8\nmodes = 4\nlayers = 2\nembed_dim = 8\n[training]\ndata = \"tiny.h5\"\noutput = \"tiny.sfm\"\nsteps = 10\nbatch_size = 4\n")
execute_process(COMMAND ${CLI} datagen grf --resolution 16 --count 16 --seed 1 --out ${DIR}/tiny.h5
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CLI} train --config ${DIR}/tiny.toml COMMAND_ERROR_IS_FATAL ANY)
