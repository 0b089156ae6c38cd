station_fuzzer(NAME wsq_decode SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/wsq_decode_fuzz.cpp LIBS station_biometrics
  SEEDS wsq-from:${STATION_SHARED_DATA}/nist-an2)
