# Warnings live in an INTERFACE target that every CarbonLedger library links, not in global flags.
add_library(cl_warnings INTERFACE)
target_compile_options(cl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion
                                             -Wno-missing-field-initializers)
if(CL_WERROR)
  target_compile_options(cl_warnings INTERFACE -Werror)
endif()
