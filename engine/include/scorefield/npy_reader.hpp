// Reads a NumPy .npy file (numpy.save's format, versions 1 to 3): the way most Python simulation
// and analysis codes hand over an array. Little-endian float32/float64/int32/int64 arrays of one
// to four axes, in C or Fortran order; the result is float32 in C order with the array's own
// shape (a Fortran-ordered file is transposed back, so the axes mean what numpy.load says).
#pragma once

#include <filesystem>

#include <torch/torch.h>

namespace scorefield {

// Fails with BadData naming the file and the problem on a wrong magic string, a damaged or
// oversized header, an object, complex, big-endian or structured dtype, or a payload whose size
// is not the header's shape; with Io on a missing or unreadable file.
torch::Tensor read_npy(const std::filesystem::path& path);

}  // namespace scorefield
