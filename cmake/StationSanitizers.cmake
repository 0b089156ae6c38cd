option(STATION_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
option(STATION_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(STATION_SANITIZE)
  # Recovering from UB would let a test pass over a real defect, so UBSan aborts.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(STATION_FUZZ)
  # Coverage instrumentation for everything a fuzzer links; the fuzzer
  # targets themselves add -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
