# Included by firmware/CMakeLists.txt in the station's (host) build: builds
# firmware/ a second time for Cortex-M3 into <build>/firmware-m3, so CTest can
# boot the M3 images under QEMU. A missing cross toolchain or QEMU stops the
# configure: the QEMU tests must never be silently skipped.
find_program(FW_ARM_GXX arm-none-eabi-g++)
find_program(FW_QEMU_ARM qemu-system-arm)
foreach(tool FW_ARM_GXX FW_QEMU_ARM)
  if(NOT ${tool})
    message(FATAL_ERROR
      "firmware: ${tool} not found. The M3 build and its QEMU tests need gcc-arm-none-eabi, "
      "picolibc-arm-none-eabi, libstdc++-arm-none-eabi-newlib and qemu-system-arm "
      "(toolchain/bootstrap installs them from toolchain/debian-packages).")
  endif()
endforeach()
if(NOT EXISTS /usr/lib/picolibc/arm-none-eabi/picolibc.specs)
  message(FATAL_ERROR "firmware: picolibc for arm-none-eabi is missing: apt-get install picolibc-arm-none-eabi")
endif()

include(ExternalProject)
set(FW_M3_DIR ${CMAKE_BINARY_DIR}/firmware-m3)
set(FW_M3_PROGRAMS ${FW_M3_DIR}/boot/m3 CACHE INTERNAL "where the M3 build puts its programs")
set(launcher "")
if(STATION_CCACHE)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${STATION_CCACHE} -DCMAKE_C_COMPILER_LAUNCHER=${STATION_CCACHE})
endif()
ExternalProject_Add(firmware_m3
  SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR}/../firmware
  BINARY_DIR ${FW_M3_DIR}
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake
    -DCMAKE_BUILD_TYPE=MinSizeRel
    ${launcher}
  # Only the programs the QEMU tests and the benchmark run.
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target bootloader selftest_app selftest_app_fails
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS
    ${FW_M3_PROGRAMS}/bootloader.elf
    ${FW_M3_PROGRAMS}/selftest_app.bin
    ${FW_M3_PROGRAMS}/selftest_app_fails.bin
  USES_TERMINAL_BUILD OFF)
