# Secure messaging and GENERAL AUTHENTICATE parsers (station-app/card/src/access).
station_fuzzer(NAME sm SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/sm_fuzz.cpp LIBS station_card_access)
