# Packaging steps run by the build (cmake -P): stage the shipped files (signed when asked), make an MSI, make the portable zip.
#
#   cmake -DSTEP=stage -DSTAGE=dir -DFILES="a|b|…" -DSIGN=ON|OFF -P package.cmake
#       copies FILES into STAGE; with SIGN, every .exe/.dll is signed on the way (see sign_file).
#   cmake -DSTEP=msi -DSTAGE=dir -DWXS=connectas.wxs -DWIXL=wixl -DSCOPE=user|machine -DVERSION=X.Y.Z
#         -DHAVE_TRAY=1|0 [-DHAVE_PACKAGE=1|0] -DOUT=file.msi -DSIGN=ON|OFF -P package.cmake
#       runs wixl in STAGE (wixl 0.101 only finds sources relative to the working folder), then signs.
#   cmake -DSTEP=zip -DSTAGE=dir -DNAME=folder -DENTRIES="a|b|…" -DOUT=file.zip -P package.cmake
#       writes OUT with the STAGE files ENTRIES inside one folder NAME, with a fixed time stamp.
#   cmake -DSTEP=sign -DIN=file -DOUT=file -P package.cmake
#       signs one file (used by tests/installer).
#
# Signing (osslsigncode) takes the certificate from the environment at build time, never from an
# argument that ps could show:
#   CONNECTAS_SIGN_PKCS12      a .pfx/.p12 file with certificate and key, or
#   CONNECTAS_SIGN_CERT        the certificate chain (PEM or DER) and
#   CONNECTAS_SIGN_KEY         its private key (PEM or DER),
#   CONNECTAS_SIGN_PASS_FILE   optional: a file whose first line is the key's password,
#   CONNECTAS_SIGN_TIMESTAMP_URL optional: an RFC 3161 time-stamp server,
#   CONNECTAS_OSSLSIGNCODE     optional: the osslsigncode program (default: found on PATH).
cmake_minimum_required(VERSION 3.20)

function(fail)
  message(FATAL_ERROR "package.cmake (${STEP}): ${ARGV0}")
endfunction()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    fail("'${cmd}' failed (${rc}):\n${out}${err}")
  endif()
endfunction()

# Signs in into out with osslsigncode (SHA-256, Authenticode for PE files and MSI alike).
function(sign_file in out)
  set(tool "$ENV{CONNECTAS_OSSLSIGNCODE}")
  if(NOT tool)
    find_program(tool_path osslsigncode)
    set(tool "${tool_path}")
  endif()
  if(NOT tool)
    fail("signing was asked for (CONNECTAS_SIGN=ON) but osslsigncode is not installed")
  endif()
  set(args sign -h sha256 -n ConnectAs)
  if(DEFINED ENV{CONNECTAS_SIGN_PKCS12} AND NOT "$ENV{CONNECTAS_SIGN_PKCS12}" STREQUAL "")
    list(APPEND args -pkcs12 "$ENV{CONNECTAS_SIGN_PKCS12}")
  elseif(DEFINED ENV{CONNECTAS_SIGN_CERT} AND DEFINED ENV{CONNECTAS_SIGN_KEY})
    list(APPEND args -certs "$ENV{CONNECTAS_SIGN_CERT}" -key "$ENV{CONNECTAS_SIGN_KEY}")
  else()
    fail("signing was asked for but no certificate is set: set CONNECTAS_SIGN_PKCS12, or CONNECTAS_SIGN_CERT "
         "and CONNECTAS_SIGN_KEY (see docs/install.md), or configure with -DCONNECTAS_SIGN=OFF")
  endif()
  if(DEFINED ENV{CONNECTAS_SIGN_PASS_FILE} AND NOT "$ENV{CONNECTAS_SIGN_PASS_FILE}" STREQUAL "")
    list(APPEND args -readpass "$ENV{CONNECTAS_SIGN_PASS_FILE}")
  endif()
  if(DEFINED ENV{CONNECTAS_SIGN_TIMESTAMP_URL} AND NOT "$ENV{CONNECTAS_SIGN_TIMESTAMP_URL}" STREQUAL "")
    list(APPEND args -ts "$ENV{CONNECTAS_SIGN_TIMESTAMP_URL}")
  endif()
  file(REMOVE "${out}.signing")
  run(${tool} ${args} -in "${in}" -out "${out}.signing")
  file(RENAME "${out}.signing" "${out}")
endfunction()

string(REPLACE "|" ";" FILES "${FILES}")
string(REPLACE "|" ";" ENTRIES "${ENTRIES}")

if(STEP STREQUAL "stage")
  file(MAKE_DIRECTORY "${STAGE}")
  foreach(f IN LISTS FILES)
    get_filename_component(name "${f}" NAME)
    if(SIGN AND name MATCHES "\\.(exe|dll)$")
      sign_file("${f}" "${STAGE}/${name}")
    else()
      file(COPY_FILE "${f}" "${STAGE}/${name}" ONLY_IF_DIFFERENT)
    endif()
  endforeach()

elseif(STEP STREQUAL "msi")
  if(NOT VERSION MATCHES "^([0-9]+)\\.([0-9]+)\\.([0-9]+)$")
    fail("VERSION '${VERSION}' is not MAJOR.MINOR.PATCH")
  endif()
  math(EXPR next_patch "${CMAKE_MATCH_3} + 1")
  set(next "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}.${next_patch}")
  get_filename_component(out_dir "${OUT}" DIRECTORY)
  file(MAKE_DIRECTORY "${out_dir}")
  set(tmp "${OUT}.building")
  file(REMOVE "${tmp}")
  if(NOT HAVE_PACKAGE)
    set(HAVE_PACKAGE 0)
  endif()
  execute_process(COMMAND "${WIXL}" -a x64 -D Scope=${SCOPE} -D Version=${VERSION} -D NextVersion=${next}
                          -D HaveTray=${HAVE_TRAY} -D HavePackage=${HAVE_PACKAGE} -o "${tmp}" "${WXS}"
                  WORKING_DIRECTORY "${STAGE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  # wixl prints "builder.vala:…: unimplemented" for every non-advertised shortcut; it is not an error.
  string(REGEX REPLACE "[^\n]*Message:[^\n]*unimplemented\n?" "" err "${err}")
  if(NOT rc EQUAL 0 OR NOT EXISTS "${tmp}")
    fail("wixl failed (${rc}):\n${out}${err}")
  endif()
  if(SIGN)
    sign_file("${tmp}" "${OUT}")
    file(REMOVE "${tmp}")
  else()
    file(RENAME "${tmp}" "${OUT}")
  endif()

elseif(STEP STREQUAL "zip")
  get_filename_component(out_dir "${OUT}" DIRECTORY)
  set(work "${OUT}.dir")
  file(REMOVE_RECURSE "${work}")
  file(MAKE_DIRECTORY "${work}/${NAME}")
  set(entries "")
  foreach(e IN LISTS ENTRIES)
    file(COPY_FILE "${STAGE}/${e}" "${work}/${NAME}/${e}")
    list(APPEND entries "${NAME}/${e}")
  endforeach()
  file(REMOVE "${OUT}")
  # A fixed time stamp: the same binaries give the same zip.
  run(${CMAKE_COMMAND} -E chdir "${work}" ${CMAKE_COMMAND} -E tar cf "${OUT}" --format=zip
      "--mtime=2000-01-01 00:00:00 UTC" -- ${entries})
  file(REMOVE_RECURSE "${work}")

elseif(STEP STREQUAL "sign")
  sign_file("${IN}" "${OUT}")

else()
  fail("unknown STEP '${STEP}'")
endif()
