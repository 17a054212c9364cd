# Cross-compiling for 64-bit ARM (aarch64) with Debian's cross toolchain
# (g++-aarch64-linux-gnu), libraries from the arm64 multiarch packages
# (libicu-dev:arm64) in /usr/lib/aarch64-linux-gnu. scripts/test-arm uses it:
#   cmake -S . -B build-arm -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64.cmake -DOS1_ENGINE_ONLY=ON
# The binaries run on an ARM machine, or here under qemu-user
# (CMAKE_CROSSCOMPILING_EMULATOR: ctest and `cmake -E` start them through it).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# Programs (ccache, ninja, pkg-config) from the host; libraries and headers
# from the host's multiarch folders and the cross toolchain's own.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
# The target's loader and libraries: Debian's arm64 multiarch runtime
# (/lib/ld-linux-aarch64.so.1, libc6:arm64 and libstdc++6:arm64, which
# libicu-dev:arm64 brings). Not /usr/aarch64-linux-gnu, the cross
# toolchain's own: its loader would find the multiarch libc through the
# shared ld.so.cache, and a loader and libc of two glibc builds hang the
# first pthread_create (scripts/test-arm).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /)
# No FMA contraction anywhere in this build: the engine's scalar twins and
# the tests' own arithmetic round as on x86 (src/engine/CMakeLists.txt).
set(CMAKE_C_FLAGS_INIT "-ffp-contract=off")
set(CMAKE_CXX_FLAGS_INIT "-ffp-contract=off")
