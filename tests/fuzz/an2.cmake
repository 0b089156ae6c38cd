station_fuzzer(NAME an2_parse SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/an2_parse_fuzz.cpp LIBS station_biometrics
  SEEDS ${STATION_SHARED_DATA}/nist-an2)
