#include "scorefield/field_dataset.hpp"

#include <hdf5.h>

#include <cstring>
#include <string>
#include <vector>

#include "scorefield/atomic_file.hpp"
#include "scorefield/error.hpp"
#include "scorefield/isolated_probe.hpp"

namespace scorefield {

namespace {

// Owns one HDF5 identifier and closes it with the matching function.
class H5Id {
 public:
  H5Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  ~H5Id() {
    if (id_ >= 0) close_(id_);
  }
  operator hid_t() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// HDF5 prints its own error stack by default; our messages replace it.
struct QuietHdf5 {
  QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const QuietHdf5 quiet_hdf5;

void write_scalar_attribute(hid_t obj, const std::string& name, hid_t mem_type, hid_t file_type, const void* v) {
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Id attr(H5Acreate2(obj, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.ok() || H5Awrite(attr, mem_type, v) < 0) fail(ErrorKind::Io, "cannot write HDF5 attribute '" + name + "'");
}

void write_array(hid_t file, const char* name, const torch::Tensor& t, hid_t mem_type, hid_t file_type) {
  std::vector<hsize_t> dims(t.sizes().begin(), t.sizes().end());
  H5Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
  H5Id set(H5Dcreate2(file, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  if (!set.ok() || H5Dwrite(set, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.data_ptr()) < 0)
    fail(ErrorKind::Io, std::string("cannot write HDF5 data set '") + name + "'");
}

// A data set declaring more values than this (8 GiB of float32) is refused before memory is
// allocated for it: a corrupt header must give an error, not exhaust memory.
constexpr hsize_t kMaxValues = hsize_t{1} << 31;

hsize_t checked_count(const hsize_t* dims, int rank, const std::string& what) {
  hsize_t values = 1;
  for (int d = 0; d < rank; ++d) {
    if (dims[d] != 0 && values > kMaxValues / dims[d])
      fail(ErrorKind::BadData, what + " declares more than 2^31 values (corrupt header, or too large to read at "
                                      "once: split it, or read shards with --mpi)");
    values *= dims[d];
  }
  return values;
}

// True when a stored number type is one of the standard IEEE floats or two's-complement integers
// (either byte order). Anything else is refused before a read: libhdf5 1.10.8 converts a corrupt
// type with an impossible bit layout by reading past its buffers (a bus error in H5T__bit_copy,
// found by fuzzing, docs/reliability.md), and no writer a user has produces such types.
bool is_plain_number_type(hid_t type) {
  if (type < 0) return false;
  static const hid_t plain[] = {H5T_IEEE_F32LE, H5T_IEEE_F32BE, H5T_IEEE_F64LE, H5T_IEEE_F64BE,
                                H5T_STD_I8LE,   H5T_STD_I8BE,   H5T_STD_I16LE,  H5T_STD_I16BE,
                                H5T_STD_I32LE,  H5T_STD_I32BE,  H5T_STD_I64LE,  H5T_STD_I64BE,
                                H5T_STD_U8LE,   H5T_STD_U8BE,   H5T_STD_U16LE,  H5T_STD_U16BE,
                                H5T_STD_U32LE,  H5T_STD_U32BE,  H5T_STD_U64LE,  H5T_STD_U64BE};
  for (hid_t p : plain)
    if (H5Tequal(type, p) > 0) return true;
  return false;
}

void require_plain_numbers(hid_t set, const std::string& what) {
  H5Id type(H5Dget_type(set), H5Tclose);
  if (!is_plain_number_type(type))
    fail(ErrorKind::BadData, what + " is not stored as IEEE floats or plain integers (corrupt header, or a "
                                    "type ScoreField does not read: convert it to float32)");
}

// The numeric attributes ScoreField's commands write. They are opened by name: libhdf5 1.10.8
// crashes (H5A__attr_release_table) when it enumerates the attributes of some corrupt object
// headers, and opening by name takes another path through the library (found by fuzzing,
// docs/reliability.md). Other attributes a foreign writer added are not read.
const std::vector<std::string>& known_attribute_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n{"resolution", "alpha", "tau", "scale", "mean", "seed", "nu", "dt", "spinup",
                               "interval", "trajectories", "solver_resolution", "coarse_resolution",
                               "training_resolution", "samples_per_field", "mask_seed", "steps", "batch",
                               "sample", "value_min", "value_max", "snapshots", "cfl", "fraction"};
    for (int c = 0; c < 16; ++c)
      for (const char* key : {"alpha", "tau", "scale", "mean", "weight"})
        n.push_back("component" + std::to_string(c) + "_" + key);
    return n;
  }();
  return names;
}

// The read itself. `check_values` is false in the isolated probe, whose child process must not
// use libtorch's thread pool (the finiteness check), and true in the real read.
FieldSet read_fields_in_process(const std::filesystem::path& path, int64_t begin, int64_t end, bool check_values) {
  const std::string where = "data set '" + path.string() + "'";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(ErrorKind::Io, where + " does not exist (check the path)");
  if (H5Fis_hdf5(path.c_str()) <= 0) fail(ErrorKind::BadData, where + " is not an HDF5 file");
  H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok()) fail(ErrorKind::Io, where + " cannot be opened");
  if (H5Lexists(file, "fields", H5P_DEFAULT) <= 0)
    fail(ErrorKind::BadData, where + " has no /fields data set (see docs/file-formats.md)");
  H5Id set(H5Dopen2(file, "fields", H5P_DEFAULT), H5Dclose);
  if (!set.ok()) fail(ErrorKind::BadData, where + ": /fields cannot be opened (corrupt file?)");
  require_plain_numbers(set, where + ": /fields");
  H5Id space(H5Dget_space(set), H5Sclose);
  hsize_t dims[3] = {0, 0, 0};
  if (H5Sget_simple_extent_ndims(space) != 3 || H5Sget_simple_extent_dims(space, dims, nullptr) != 3)
    fail(ErrorKind::BadData, where + ": /fields must be 3-D [count, N, N]");
  if (dims[1] != dims[2] || dims[1] < 4)
    fail(ErrorKind::BadData, where + ": /fields holds " + std::to_string(dims[1]) + " x " + std::to_string(dims[2]) +
                                 " fields; square grids of at least 4 x 4 are needed");
  checked_count(dims, 3, where + ": /fields");
  const auto total = static_cast<int64_t>(dims[0]);
  if (end < 0) end = total;
  if (begin < 0 || begin > end || end > total)
    fail(ErrorKind::InvalidArgument, where + " holds " + std::to_string(total) + " fields; rows [" +
                                         std::to_string(begin) + ", " + std::to_string(end) + ") do not exist");
  // Only the requested rows are read (a hyperslab): each MPI rank reads just its shard.
  const hsize_t start[3] = {static_cast<hsize_t>(begin), 0, 0};
  const hsize_t count[3] = {static_cast<hsize_t>(end - begin), dims[1], dims[2]};
  H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr);
  H5Id memory(H5Screate_simple(3, count, nullptr), H5Sclose);
  FieldSet out;
  out.fields = torch::empty({end - begin, static_cast<int64_t>(dims[1]), static_cast<int64_t>(dims[2])}, torch::kFloat32);
  if (end > begin && H5Dread(set, H5T_NATIVE_FLOAT, memory, space, H5P_DEFAULT, out.fields.data_ptr()) < 0)
    fail(ErrorKind::BadData, where + ": /fields cannot be read as float32 (truncated file?)");
  if (check_values && !torch::isfinite(out.fields).all().item<bool>()) {
    auto bad = (~torch::isfinite(out.fields)).flatten(1).any(1).nonzero();
    fail(ErrorKind::BadData, where + " holds NaN or Inf values (first in field " +
                                 std::to_string(begin + bad[0].item<int64_t>()) + "); clean the data before use");
  }
  out.total_count = total;
  if (H5Lexists(file, "labels", H5P_DEFAULT) > 0) {
    H5Id lset(H5Dopen2(file, "labels", H5P_DEFAULT), H5Dclose);
    require_plain_numbers(lset, where + ": /labels");
    H5Id lspace(H5Dget_space(lset), H5Sclose);
    hsize_t ldims[1] = {0};
    if (H5Sget_simple_extent_ndims(lspace) != 1 || H5Sget_simple_extent_dims(lspace, ldims, nullptr) != 1 ||
        ldims[0] != dims[0])
      fail(ErrorKind::BadData, where + ": /labels must be 1-D with one label per field (" + std::to_string(total) + ")");
    const hsize_t lstart[1] = {static_cast<hsize_t>(begin)}, lcount[1] = {static_cast<hsize_t>(end - begin)};
    H5Sselect_hyperslab(lspace, H5S_SELECT_SET, lstart, nullptr, lcount, nullptr);
    H5Id lmemory(H5Screate_simple(1, lcount, nullptr), H5Sclose);
    out.labels = torch::empty({end - begin}, torch::kInt32);
    if (end > begin && H5Dread(lset, H5T_NATIVE_INT32, lmemory, lspace, H5P_DEFAULT, out.labels.data_ptr()) < 0)
      fail(ErrorKind::BadData, where + ": /labels cannot be read");
  }
  for (const auto& name : known_attribute_names()) {
    if (H5Aexists_by_name(set, ".", name.c_str(), H5P_DEFAULT) <= 0) continue;
    H5Id attr(H5Aopen_by_name(set, ".", name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.ok()) continue;
    H5Id type(H5Aget_type(attr), H5Tclose);
    H5Id attr_space(H5Aget_space(attr), H5Sclose);
    if (!is_plain_number_type(type)) continue;
    if (H5Sget_simple_extent_npoints(attr_space) != 1) continue;  // scalars only
    double v = 0;
    if (H5Aread(attr, H5T_NATIVE_DOUBLE, &v) >= 0) out.attributes[name] = v;
  }
  return out;
}

torch::Tensor read_array_in_process(const std::filesystem::path& path, const std::string& name) {
  const std::string where = "data set '" + path.string() + "'";
  if (H5Fis_hdf5(path.c_str()) <= 0) fail(ErrorKind::BadData, where + " is not an HDF5 file");
  H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok()) fail(ErrorKind::Io, where + " cannot be opened");
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) return {};
  H5Id set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  require_plain_numbers(set, where + ": /" + name);
  H5Id space(H5Dget_space(set), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 1 || rank > 8) fail(ErrorKind::BadData, where + ": /" + name + " has an unreadable shape");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (H5Sget_simple_extent_dims(space, dims.data(), nullptr) != rank)
    fail(ErrorKind::BadData, where + ": /" + name + " has an unreadable shape");
  checked_count(dims.data(), rank, where + ": /" + name);
  auto out = torch::empty(std::vector<int64_t>(dims.begin(), dims.end()), torch::kFloat32);
  if (H5Dread(set, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data_ptr()) < 0)
    fail(ErrorKind::BadData, where + ": /" + name + " cannot be read as float32");
  return out;
}

// Is this a file the HDF5 library will parse? Checked before the isolated probe, so that a missing
// or foreign file gets its own message without a process being started for it.
void require_hdf5_file(const std::filesystem::path& path, const std::string& where) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(ErrorKind::Io, where + " does not exist (check the path)");
  if (H5Fis_hdf5(path.c_str()) <= 0) fail(ErrorKind::BadData, where + " is not an HDF5 file");
}

}  // namespace

FieldSet read_fields(const std::filesystem::path& path) { return read_fields(path, 0, -1); }

FieldSet read_fields(const std::filesystem::path& path, int64_t begin, int64_t end) {
  const std::string where = "data set '" + path.string() + "'";
  require_hdf5_file(path, where);
  probe_isolated([&] { read_fields_in_process(path, begin, end, false); }, where);
  return read_fields_in_process(path, begin, end, true);
}

torch::Tensor read_array(const std::filesystem::path& path, const std::string& name) {
  const std::string where = "data set '" + path.string() + "'";
  require_hdf5_file(path, where);
  probe_isolated([&] { read_array_in_process(path, name); }, where);
  return read_array_in_process(path, name);
}

void write_fields(const std::filesystem::path& path, const FieldSet& set) {
  require(set.fields.defined() && set.fields.dim() == 3 && set.fields.size(1) == set.fields.size(2),
          "fields to write must be [count, N, N]");
  auto fields = set.fields.to(torch::kCPU, torch::kFloat32).contiguous();
  write_atomically(path, [&](const std::filesystem::path& tmp) {
    // The HDF5 1.8 file format: its superblock and object headers carry checksums, so that most
    // damage is refused by HDF5's own checks before it reaches the library's parsers (which are
    // not robust against corrupt files, docs/reliability.md). Readable by HDF5 1.8 and later.
    H5Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    H5Id file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access), H5Fclose);
    if (!file.ok()) fail(ErrorKind::Io, "cannot create HDF5 file '" + path.string() + "'");
    write_array(file, "fields", fields, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE);
    H5Id ds(H5Dopen2(file, "fields", H5P_DEFAULT), H5Dclose);
    const int n = static_cast<int>(fields.size(1));
    write_scalar_attribute(ds, "resolution", H5T_NATIVE_INT, H5T_STD_I32LE, &n);
    for (const auto& [name, value] : set.attributes)
      if (name != "resolution") write_scalar_attribute(ds, name, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, &value);
    {
      const char* domain = "unit torus [0,1)^2";
      H5Id str(H5Tcopy(H5T_C_S1), H5Tclose);
      H5Tset_size(str, std::strlen(domain) + 1);
      write_scalar_attribute(ds, "domain", str, str, domain);
    }
    for (const auto& [name, t] : set.extra) {
      require(name != "fields" && name != "labels" && !name.empty(), "reserved array name '" + name + "'");
      write_array(file, name.c_str(), t.to(torch::kCPU, torch::kFloat32).contiguous(), H5T_NATIVE_FLOAT,
                  H5T_IEEE_F32LE);
    }
    if (set.labels.defined())
      write_array(file, "labels", set.labels.to(torch::kInt32).contiguous(), H5T_NATIVE_INT32, H5T_STD_I32LE);
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) fail(ErrorKind::Io, "cannot flush '" + path.string() + "' (disk full?)");
  });
}

}  // namespace scorefield
