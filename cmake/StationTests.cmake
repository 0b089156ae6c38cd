# station_test(NAME n SOURCES ... [LIBS ...] LABELS unit|rig|e2e|bench [RIG] [TIMEOUT s])
# RIG marks a test that starts pcscd: pcscd is one per host, so those tests hold
# a shared RESOURCE_LOCK and never overlap.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

function(station_test)
  cmake_parse_arguments(T "RIG" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ARGS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE PkgConfig::CMOCKA ${T_LIBS})
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} ${T_ARGS})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT})
  if(T_RIG)
    set_tests_properties(${T_NAME} PROPERTIES RESOURCE_LOCK pcscd)
  endif()
endfunction()
