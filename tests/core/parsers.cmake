# Tests of the core's parsers and model storage: UNC paths, account names, the model, scenario files.
connectas_add_test(core_unc SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_unc.c LIBS connectas_core)
connectas_add_test(core_model SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_model.c LIBS connectas_core)
