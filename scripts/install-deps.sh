#!/usr/bin/env bash
# Installs every Debian package ScoreField needs to build, test and run. Idempotent: when all are
# present it only checks and returns (well under a second).
set -euo pipefail

packages=(
  # toolchain (clang-14 and its runtimes: the sanitizer build and the libFuzzer targets)
  build-essential cmake pkg-config clang-14 libclang-rt-14-dev
  # the plugin's formatting check (paraview-plugin/.clang-format, CTest plugin_source_format)
  clang-format-14
  # engine
  libtorch-dev libopenblas0-pthread libhdf5-dev nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
  libfmt-dev libspdlog-dev zlib1g-dev libstb-dev libfftw3-dev
  # figures (pipelines/plot_spectra.py)
  python3-matplotlib
  # data (Fashion-MNIST images for the image super-resolution example)
  dataset-fashion-mnist
  # MPI (the slab-decomposed Navier-Stokes solver)
  libopenmpi-dev openmpi-bin libfftw3-mpi-dev
  # tests (python3-numpy: the independent reference of the Navier-Stokes solver; python3-h5py:
  # comparison of data sets written by different runs)
  libgtest-dev python3-numpy python3-h5py
  # ParaView / Catalyst (the C API is checked inside a ParaView process)
  paraview paraview-dev python3-paraview libpython3.11-dev xvfb xauth
  # the one third party that ParaView's CMake package looks for, when the plugin is configured,
  # and that paraview-dev does not bring (checked by configuring without each candidate)
  libdouble-conversion-dev
  # ParaView's Qt components (the plugin's GUI abort relay): their CMake package asks for Qt's and
  # VTK's third-party development packages, which paraview-dev does not declare
  qtbase5-dev qttools5-dev qttools5-dev-tools libqt5svg5-dev qtxmlpatterns5-dev-tools libqt5opengl5-dev
  qtwebengine5-dev libqt5x11extras5-dev libnetcdf-dev libnetcdf-cxx-legacy-dev libglew-dev libfreetype6-dev
  libxml2-dev libx11-dev libxt-dev libgl1-mesa-dev libglu1-mesa-dev libgl2ps-dev libjpeg-dev libpng-dev
  libtiff-dev liblz4-dev libutfcpp-dev libjsoncpp-dev libexpat1-dev libpugixml-dev libcgns-dev libexodusii-dev
  libtheora-dev libogg-dev libboost-dev libprotobuf-dev libgdal-dev libproj-dev libpq-dev
  default-libmysqlclient-dev libtbb-dev libxss-dev libxft-dev libavcodec-dev libavformat-dev libavutil-dev
  libswscale-dev libeigen3-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
