# Build-time rule: common/core stays portable C, so no file there may include a Windows header.
file(GLOB_RECURSE _core_sources CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/common/core/*.c ${CMAKE_SOURCE_DIR}/common/core/*.h)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/core-portability.stamp
  COMMAND ${CMAKE_COMMAND} -DCORE_DIR=${CMAKE_SOURCE_DIR}/common/core
          -DSTAMP=${CMAKE_BINARY_DIR}/core-portability.stamp -P ${CMAKE_SOURCE_DIR}/cmake/check-portability.cmake
  DEPENDS ${_core_sources} ${CMAKE_SOURCE_DIR}/cmake/check-portability.cmake
  COMMENT "Checking that common/core includes no Windows header")
add_custom_target(core_portability ALL DEPENDS ${CMAKE_BINARY_DIR}/core-portability.stamp)
