# Tests of the support tools in the core: the scenario writer, redaction and the temporary-connection journal.
connectas_add_test(core_scenario_write SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_scenario_write.c
                   LIBS connectas_core
                   ARGS ${CMAKE_SOURCE_DIR}/tests/data/scenarios/serverfault-773082.scenario
                        ${CMAKE_SOURCE_DIR}/tests/data/scenarios/technician-customer-site.scenario)
connectas_add_test(core_redact SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_redact.c LIBS connectas_core
                   ARGS ${CMAKE_SOURCE_DIR}/tests/data/scenarios/serverfault-773082.scenario
                        ${CMAKE_SOURCE_DIR}/tests/data/scenarios/technician-customer-site.scenario)
connectas_add_test(core_journal SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_journal.c LIBS connectas_core)
