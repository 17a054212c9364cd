# OS1_ENGINE_ONLY: core, the engine, its developer tools and one test binary
# of the engine's kernel twin tests and conformance tests, nothing else (no
# Boost, SQLite, curl, server, companion). The aarch64 cross build
# (cmake/aarch64.cmake, scripts/test-arm) is its user: those need only ICU
# and nlohmann_json for the target. Included from the top CMakeLists.txt.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
set(OS1_SHARED_DIR "${CMAKE_SOURCE_DIR}/../shared" CACHE PATH "The os1 reference kit (../shared)")

add_subdirectory(src/core)
add_subdirectory(src/engine)
add_subdirectory(tools/engine_tools)

if(NOT OS1_BUILD_TESTS)
  return()
endif()
enable_testing()
# GoogleTest for the target: Debian's googletest sources (/usr/src/googletest,
# installed with libgtest-dev) built by this toolchain; a native build uses
# the installed package.
if(CMAKE_CROSSCOMPILING AND EXISTS /usr/src/googletest/CMakeLists.txt)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
  foreach(t gtest gtest_main gmock)
    if(NOT TARGET GTest::${t})
      add_library(GTest::${t} ALIAS ${t})
    endif()
  endforeach()
else()
  find_package(GTest REQUIRED)
endif()

# The engine's tests that hold for every ISA family: the kernels against
# their scalar twins (every SIMD tier this CPU runs), the vector ops, the
# tensor types, the forward pass per ISA (batched == one token at a time,
# threads), and the conformance suites against llama.cpp's and whisper.cpp's
# outputs (../shared/conformance: engine/, archs/, whisper/). scripts/test-arm
# runs them under qemu (OS1_ARM_FILTER there picks a subset).
set(OS1_ENGINE_ONLY_TESTS
  kernels_test.cpp vec_ops_test.cpp vec_ops_attn_test.cpp tensor_types_test.cpp
  forward_test.cpp attention_test.cpp rope_test.cpp arch_ops_test.cpp session_test.cpp
  conformance_test.cpp arch_conformance_test.cpp whisper_conformance_test.cpp)
list(TRANSFORM OS1_ENGINE_ONLY_TESTS PREPEND ${CMAKE_SOURCE_DIR}/tests/engine/)
add_executable(os1_engine_only_tests ${OS1_ENGINE_ONLY_TESTS} ${CMAKE_SOURCE_DIR}/tests/test_support.cpp)
target_link_libraries(os1_engine_only_tests PRIVATE GTest::gtest_main GTest::gmock os1_engine os1_engine_tools os1_core)
target_include_directories(os1_engine_only_tests PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
target_compile_options(os1_engine_only_tests PRIVATE -Wno-missing-field-initializers $<$<CONFIG:Release>:-O1>)
# There is no os1 binary in this build: tests that run it are not in the list.
target_compile_definitions(os1_engine_only_tests PRIVATE
  OS1_SOURCE_DIR="${CMAKE_SOURCE_DIR}" OS1_SHARED_DIR="${OS1_SHARED_DIR}" OS1_BINARY="os1-not-built")
add_test(NAME engine_only COMMAND os1_engine_only_tests WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
