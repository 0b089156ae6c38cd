# Every target of ours gets the same strict warnings; third-party headers come
# in as SYSTEM includes so their warnings never fail our build.
add_compile_options(-Wall -Wextra -Wpedantic -Werror)

# GCC 12 reports -Wrestrict on std::string concatenation when optimising
# (GCC bug 105651, fixed in GCC 13): a false positive in libstdc++ inlining,
# not in our code, so only that warning is relaxed, only for that compiler.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options(-Wno-restrict)
endif()
