# The path corpus through the core (natively and under Wine); tests/shellext runs the same corpus through the
# shell extension's selection code.
connectas_add_test(core_paths SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_paths.c
                   ${CMAKE_CURRENT_SOURCE_DIR}/pathcorpus.c LIBS connectas_core
                   ARGS ${CMAKE_SOURCE_DIR}/tests/data/paths.corpus)
