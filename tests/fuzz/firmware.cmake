# The scanner firmware's handlers of untrusted bytes (firmware/): the DFU
# request handler over the real inactive-slot target, the image parser, and
# the application's control endpoint and bulk stream.
station_fuzzer(NAME fw_dfu_requests SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fw_dfu_requests_fuzz.cpp LIBS fw_boot)
station_fuzzer(NAME fw_image_parse SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fw_image_parse_fuzz.cpp LIBS fw_boot)
station_fuzzer(NAME fw_app_control SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fw_app_control_fuzz.cpp LIBS fw_app)
# Firmware classes are built without RTTI; so are their fuzzers, or UBSan's
# vptr check would look for type info that was never emitted.
foreach(target fuzz_fw_dfu_requests fuzz_fw_image_parse fuzz_fw_app_control)
  target_compile_options(${target} PRIVATE -fno-rtti)
endforeach()
