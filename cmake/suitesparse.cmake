# SuiteSparse KLU (LGPL-2.1+) with BTF, AMD and COLAMD from Debian's libsuitesparse-dev 5.12, which
# ships no CMake package: one imported target, SuiteSparse::KLU. LAPACK (dense LU for input-output
# tables) comes from CMake's FindLAPACK; with libopenblas-dev installed it resolves to OpenBLAS.
find_path(KLU_INCLUDE_DIR klu.h PATH_SUFFIXES suitesparse REQUIRED)
foreach(component klu btf amd colamd suitesparseconfig)
  find_library(SUITESPARSE_${component}_LIBRARY ${component} REQUIRED)
  list(APPEND SUITESPARSE_KLU_LIBRARIES ${SUITESPARSE_${component}_LIBRARY})
endforeach()
add_library(SuiteSparse::KLU INTERFACE IMPORTED)
set_target_properties(SuiteSparse::KLU PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${KLU_INCLUDE_DIR}
                                                  INTERFACE_LINK_LIBRARIES "${SUITESPARSE_KLU_LIBRARIES}")
find_package(LAPACK REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(Threads REQUIRED)
