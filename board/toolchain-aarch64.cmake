# CMake toolchain file: build the kiosk for 64-bit Raspberry Pi OS (Debian 12
# arm64) on a Debian 12 x86_64 machine, without a sysroot.
#
# Debian's cross gcc is multiarch-aware: it finds the :arm64 -dev packages in
# /usr/include/aarch64-linux-gnu and /usr/lib/aarch64-linux-gnu by itself, so
# the only things to point elsewhere are the compiler, pkg-config and the
# emulator that runs the unit tests. board/cross-arm64.sh installs all of it.
#
#   cmake -S . -B build/arm64 -DCMAKE_TOOLCHAIN_FILE=board/toolchain-aarch64.cmake
#   cmake --build build/arm64 && ctest --test-dir build/arm64 -L unit
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# pkg-config must see only the arm64 .pc files (plus the arch-independent
# ones); otherwise it would hand the amd64 libraries to the arm64 linker.
# Setting the variables here (not in the calling shell) keeps every configure
# run of this build directory consistent.
set(ENV{PKG_CONFIG_LIBDIR}
    "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Headers and libraries come from the multiarch directories; programs run at
# build time (none today) would be host programs.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# ctest runs every test executable through qemu-user; no binfmt_misc is
# needed. No -L prefix either: Debian's libc6:arm64 puts the arm64 loader at
# /lib/ld-linux-aarch64.so.1, and with -L /usr/aarch64-linux-gnu qemu looks
# up every path under the prefix first, which was enough to make the
# printer test (pty, sockets) spin and the power-cut test miss its window.
find_program(KIOSK_QEMU_AARCH64 qemu-aarch64)
if(KIOSK_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${KIOSK_QEMU_AARCH64}")
endif()
