# Tests of the core's parsers and model storage: UNC paths, account names, the model, scenario files.
connectas_add_test(core_unc SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_unc.c LIBS connectas_core)
connectas_add_test(core_model SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_model.c LIBS connectas_core)
connectas_add_test(core_acct SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_acct.c LIBS connectas_core)
connectas_add_test(core_scenario SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario.c LIBS connectas_core
                   ARGS ${CMAKE_SOURCE_DIR}/tests/data/scenarios/serverfault-773082.scenario
                        ${CMAKE_SOURCE_DIR}/tests/data/scenarios/technician-customer-site.scenario)
