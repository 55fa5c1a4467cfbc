# The LCA benchmark driver (bench/lca/README.md). Included from bench/CMakeLists.txt (the bench
# build) and from tests/CMakeLists.txt (so that the test build, which CI runs, has it for the
# lca_bench_eis end-to-end test); whichever comes first defines the target. Until the plain-matrix
# reader (src/io/lca_matrices.hpp) exists there is no target, and the test is not registered.
if(NOT TARGET lca_bench AND EXISTS ${PROJECT_SOURCE_DIR}/src/io/lca_matrices.hpp)
  add_executable(lca_bench ${CMAKE_CURRENT_LIST_DIR}/lca_bench.cpp)
  target_link_libraries(lca_bench PRIVATE cl::io cl::core_lca nlohmann_json::nlohmann_json
                                          cl_warnings)
endif()
