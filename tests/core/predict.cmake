# Tests of the 1219 predictor, session slots, rendering, the sandbox backend and the text buffer.
set(_scenarios ${CMAKE_SOURCE_DIR}/tests/data/scenarios)
connectas_add_test(core_strbuf SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_strbuf.c LIBS connectas_core)
connectas_add_test(core_slots SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_slots.c LIBS connectas_core)
connectas_add_test(core_predict SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_predict.c LIBS connectas_core
                   ARGS ${_scenarios})
connectas_add_test(core_render SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_render.c LIBS connectas_core)
connectas_add_test(core_sandbox SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sandbox.c LIBS connectas_core)
# The benchmark at a tiny size, so that it keeps building and working (timings are not judged).
connectas_add_test(core_bench_smoke SOURCES ${CMAKE_SOURCE_DIR}/tests/bench/bench_predict.c LIBS connectas_core
                   ARGS --smoke)
