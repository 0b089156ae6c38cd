# The allowed arrows between the station's own libraries are written once, in
# each library's README: the paragraph that starts "**May depend on:**" names,
# in backticks, the project targets the library may link (`hal`,
# `station_dossier`, ...). station_check_links() compares a target's link
# interface with that paragraph and fails the configure on any other project
# target, so the map a newcomer reads and the build cannot drift apart.
# Outside libraries (OpenSSL::Crypto, PkgConfig::...) are not checked here.

# The backticked words of the "May depend on" paragraph of `readme`, into `out`.
function(station_allowed_links readme out)
  if(NOT EXISTS "${readme}")
    message(FATAL_ERROR "${readme} does not exist: it must say what its library may depend on")
  endif()
  file(READ "${readme}" text)
  string(FIND "${text}" "**May depend on:**" start)
  if(start EQUAL -1)
    message(FATAL_ERROR "${readme} has no '**May depend on:**' paragraph naming the targets its library may link")
  endif()
  string(SUBSTRING "${text}" ${start} -1 text)
  string(FIND "${text}" "\n\n" end)
  if(NOT end EQUAL -1)
    string(SUBSTRING "${text}" 0 ${end} text)
  endif()
  string(REGEX MATCHALL "`[A-Za-z0-9_]+`" words "${text}")
  list(TRANSFORM words REPLACE "`" "")
  set(${out} ${words} PARENT_SCOPE)
endfunction()

# The project targets `target` links (directly or in its link interface).
function(station_linked_targets target out)
  get_target_property(direct ${target} LINK_LIBRARIES)
  get_target_property(interface ${target} INTERFACE_LINK_LIBRARIES)
  set(found)
  foreach(item IN LISTS direct interface)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
    if(item AND NOT item MATCHES "::" AND TARGET "${item}")
      list(APPEND found "${item}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES found)
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# Fails the configure when `target` links a project target that `readme`'s
# "May depend on" paragraph does not name.
function(station_check_links target readme)
  station_allowed_links("${readme}" allowed)
  station_linked_targets(${target} linked)
  foreach(link IN LISTS linked)
    if(NOT link IN_LIST allowed)
      string(JOIN ", " named ${allowed})
      message(FATAL_ERROR "${target} links ${link}, which ${readme} does not allow "
                          "(its 'May depend on' names: ${named}); remove the link or change the map on purpose")
    endif()
  endforeach()
endfunction()
