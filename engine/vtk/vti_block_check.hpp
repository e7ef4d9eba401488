// VTK's XML reader allocates whatever a binary block header declares (a 700-byte file can ask
// for 2^58 bytes, found by fuzzing). This reads those headers first and refuses sizes that the
// file cannot hold, so that a corrupt file gives an error instead of exhausting memory.
#pragma once

#include <filesystem>

namespace scorefield {

// Fails with ErrorKind::BadData naming the array when a block header of a binary or appended
// DataArray declares more bytes than the file holds (raw), more blocks than it has room for, or
// compressed blocks larger than the file. Ascii arrays have no headers and are not checked.
void check_vti_block_headers(const std::filesystem::path& path);

}  // namespace scorefield
