# cl_add_test(NAME SOURCES... LIBS ...) builds one GoogleTest executable and registers its tests.
include(GoogleTest)
function(cl_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} cl_warnings GTest::gtest GTest::gtest_main
                                        rapidcheck)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE CL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT
                       "CL_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
