station_fuzzer(NAME apdu SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/apdu_fuzz.cpp LIBS hal)
