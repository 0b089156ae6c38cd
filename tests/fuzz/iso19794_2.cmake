station_fuzzer(NAME iso19794_2_parse SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/iso19794_2_parse_fuzz.cpp
  LIBS station_biometrics)
