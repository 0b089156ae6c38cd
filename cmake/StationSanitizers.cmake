option(STATION_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(STATION_SANITIZE)
  # Recovering from UB would let a test pass over a real defect, so UBSan aborts.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
