# xiezuo_library(NAME SRCS ... DEPS ...): one static library per module, with
# src/ as the include root so that headers are included as "module/x.h".
function(xiezuo_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# xiezuo_test(NAME SRCS ... DEPS ... LABELS ...): a GoogleTest binary
# registered with CTest as one test. One process per binary (not per case):
# fixtures such as the code tables load once, and a 2-core CI machine does
# not spend its time starting processes. The binary's own output lists each
# case.
function(xiezuo_test name)
  if(NOT XIEZUO_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 600)
endfunction()
