# Seeds: station-app/workflow/examples/enrollment.json (the documented example) and wrong types.
station_fuzzer(NAME enrollment_json SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/enrollment_json_fuzz.cpp LIBS station_workflow)
