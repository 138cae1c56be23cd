# Tests of fix execution (fixrun), the error table, text helpers and the structured explanations.
connectas_add_test(core_fixrun SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_fixrun.c LIBS connectas_core)
connectas_add_test(core_errtab SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_errtab.c LIBS connectas_core)
connectas_add_test(core_explain SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_explain.c LIBS connectas_core)
connectas_add_test(core_text SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_text.c LIBS connectas_core)
