# Cortex-M3 cross build of firmware/ with Debian's gcc-arm-none-eabi and
# picolibc (QEMU mps2-an385). Use: cmake -S firmware -B build/firmware-m3
#   -DCMAKE_TOOLCHAIN_FILE=toolchain/arm-none-eabi.cmake
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")
# Test compiles cannot link a whole program without our memory symbols.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# -fno-delete-null-pointer-checks: flash (the bootloader's own vector table)
# really is at address 0 on this board, and the warm reset reads it.
set(FW_M3_FLAGS "-mcpu=cortex-m3 -mthumb -Os -ffunction-sections -fdata-sections -fno-delete-null-pointer-checks --specs=picolibc.specs")
set(CMAKE_C_FLAGS_INIT "${FW_M3_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${FW_M3_FLAGS} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${FW_M3_FLAGS}")
# picolibc.specs comes with the compile flags (used to link too). Each
# program picks its crt0 (firmware/boot/m3/CMakeLists.txt): `semihost` turns a
# return from main into a semihosting exit (never a 100 % CPU spin), but it
# pulls printf in for its fault reports, so the bootloader, whose main never
# returns, uses `minimal`.
set(CMAKE_EXE_LINKER_FLAGS_INIT "--oslib=semihost -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
