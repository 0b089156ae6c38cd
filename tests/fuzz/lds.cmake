station_fuzzer(NAME lds SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/lds_fuzz.cpp LIBS station_card)
