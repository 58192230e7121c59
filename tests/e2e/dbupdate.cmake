# `ckitty db update` against the OSV fixture server (tests/tools/osv_server.py):
# full download, 304, incremental records, a download cut off half way. Needs
# only Python; in the mingw-w64 build ckitty.exe runs under Wine.
if(Python3_FOUND)
    set(CK_DBUPDATE_RUNNER "")
    if(CMAKE_CROSSCOMPILING_EMULATOR)
        set(CK_DBUPDATE_RUNNER --emulator ${CMAKE_CROSSCOMPILING_EMULATOR})
    endif()
    add_test(NAME dbupdate_e2e
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/dbupdate_e2e.py
                     --ckitty $<TARGET_FILE:ckitty> ${CK_DBUPDATE_RUNNER}
                     --fixtures ${CK_TEST_FIXTURES} --work ${CMAKE_CURRENT_BINARY_DIR}/dbupdate_e2e)
    set_tests_properties(dbupdate_e2e PROPERTIES LABELS unit TIMEOUT 600)
endif()
# `ckitty db update` and `db import` of EPSS scores and the KEV catalogue
# against their fixture server (tests/tools/exploit_server.py).
if(Python3_FOUND)
    add_test(NAME exploit_e2e
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/exploit_e2e.py
                     --ckitty $<TARGET_FILE:ckitty> ${CK_DBUPDATE_RUNNER}
                     --work ${CMAKE_CURRENT_BINARY_DIR}/exploit_e2e)
    set_tests_properties(exploit_e2e PROPERTIES LABELS unit TIMEOUT 600)
endif()
