# Every target of ours gets the same strict warnings; third-party headers come
# in as SYSTEM includes so their warnings never fail our build.
add_compile_options(-Wall -Wextra -Wpedantic -Werror)
