# Image lists end to end: `ckitty list` against the GitLab fixture server
# (tests/tools/gitlab_server.py) and a real registry filled through its API
# (tests/tools/registry_fixture.py: open, htpasswd and bearer-token modes).
# The Windows ckitty.exe runs under the build's emulator (Wine).
if(Python3_FOUND)
    set(CK_LISTS_DRIVER ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/list_e2e.py
        --ckitty $<TARGET_FILE:ckitty>)
    if(CMAKE_CROSSCOMPILING_EMULATOR)
        list(APPEND CK_LISTS_DRIVER --emulator ${CMAKE_CROSSCOMPILING_EMULATOR})
    endif()
    foreach(case gitlab-policies gitlab-scopes gitlab-original gitlab-errors file)
        add_test(NAME lists_${case} COMMAND ${CK_LISTS_DRIVER} ${case})
        set_tests_properties(lists_${case} PROPERTIES LABELS e2e TIMEOUT 600)
    endforeach()
    foreach(mode open basic token)
        add_test(NAME lists_registry_${mode}
                 COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/registry_fixture.py
                         --mode ${mode} -- ${CK_LISTS_DRIVER} registry-${mode})
        set_tests_properties(lists_registry_${mode} PROPERTIES LABELS e2e TIMEOUT 600 SKIP_RETURN_CODE 77)
    endforeach()
endif()

# The local source against the e2e engine (tests/e2e/engine.cmake's fixture):
# its debootstrap image must be listed under its normalised name.
if(DEFINED ck_e2e_exec)
    add_test(NAME lists_local
             COMMAND ${ck_e2e_exec} sh -c "out=$(\"$@\" list --local -o -) && echo \"$out\" && echo \"$out\" | tr -d '\\r' | grep -qx \"docker.io/$CK_E2E_IMAGE_LOCAL\""
                     sh ${ck_e2e_prog} $<TARGET_FILE:ckitty>)
    set_tests_properties(lists_local PROPERTIES FIXTURES_REQUIRED ck_e2e LABELS e2e SKIP_RETURN_CODE 77
        TIMEOUT 600)
endif()
