station_fuzzer(NAME dossier SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dossier_fuzz.cpp LIBS station_dossier)
