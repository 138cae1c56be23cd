# The pseudo-locale (qps-ploc) string table, made by the build from the English string tables
# (resources/make_pseudo.py) into ${CONNECTAS_PSEUDO_DIR}/pseudo_strings.rc2; tray_res.rc includes it.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(CONNECTAS_PSEUDO_DIR ${CMAKE_BINARY_DIR}/generated/resources CACHE INTERNAL "pseudo-locale folder")
set(CONNECTAS_PSEUDO_RC2 ${CONNECTAS_PSEUDO_DIR}/pseudo_strings.rc2 CACHE INTERNAL "pseudo-locale table")
set(_pseudo_inputs ${CMAKE_SOURCE_DIR}/resources/tray_strings.rc2 ${CMAKE_SOURCE_DIR}/tray/tray_connect.rc2
    ${CMAKE_SOURCE_DIR}/resources/errors.rc2)
add_custom_command(
  OUTPUT ${CONNECTAS_PSEUDO_RC2}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CONNECTAS_PSEUDO_DIR}
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/resources/make_pseudo.py ${CONNECTAS_PSEUDO_RC2} ${_pseudo_inputs}
  DEPENDS ${CMAKE_SOURCE_DIR}/resources/make_pseudo.py ${_pseudo_inputs}
  COMMENT "Pseudo-locale string table (qps-ploc)"
  VERBATIM)
add_custom_target(connectas_pseudo_strings DEPENDS ${CONNECTAS_PSEUDO_RC2})
