# Seeds: station-app/config/station.toml (the documented example) and two refusals.
station_fuzzer(NAME config SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/config_fuzz.cpp LIBS station_config)
