# End-to-end scans against the real engine and registry (tests/tools/e2e-env.sh):
# two real Debian images, a vulnerability database made for them, the JSON
# results, history, summary, diff, exit codes and an engine lost mid-job.
# Natively ckitty talks to the engine's unix socket; the Windows ckitty.exe
# talks to it over \\.\pipe\docker_engine through the relay under Wine.
find_package(Python3 COMPONENTS Interpreter)
if(CMAKE_HOST_UNIX AND Python3_FOUND)
    if(WIN32)
        set(ck_scan_exec ${CK_E2E_ENV} exec --relay $<TARGET_FILE:pipe_relay> --)
        set(ck_scan_ckitty "${CK_WINE_RUN} $<TARGET_FILE:ckitty>")
        set(ck_ckitty_cmd ${CK_WINE_RUN} $<TARGET_FILE:ckitty>)
    else()
        set(ck_scan_exec ${CK_E2E_ENV} exec --)
        set(ck_scan_ckitty $<TARGET_FILE:ckitty>)
        set(ck_ckitty_cmd $<TARGET_FILE:ckitty>)
    endif()
    add_test(NAME e2e_scan
             COMMAND ${ck_scan_exec} ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/scan_e2e.py
                     --ckitty ${ck_scan_ckitty} --work ${CMAKE_BINARY_DIR}/scan_e2e)
    set_tests_properties(e2e_scan PROPERTIES LABELS e2e TIMEOUT 900 SKIP_RETURN_CODE 77
        FIXTURES_REQUIRED ck_e2e)

    # The pull policy and --remove-pulled against the real engine and registry.
    add_test(NAME e2e_pull_policy
             COMMAND ${ck_scan_exec} ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/pull_e2e.py
                     --ckitty ${ck_scan_ckitty} --work ${CMAKE_BINARY_DIR}/pull_e2e)
    set_tests_properties(e2e_pull_policy PROPERTIES LABELS e2e TIMEOUT 600 SKIP_RETURN_CODE 77
        FIXTURES_REQUIRED ck_e2e RESOURCE_LOCK ck_e2e_pull_image)

    # The CI runners' programs and the re-match run natively only: runners are
    # Linux, and what these two add to the Windows build (the folder import,
    # re-match, changes) is the same code that test_import and test_rematch run
    # under Wine.
    if(NOT WIN32)
        # docs/ci's GitLab and Kubernetes templates run as written: 12 images over
        # three shards, gathered into one history, equal the list scanned in one go.
        add_test(NAME e2e_ci_templates
                 COMMAND ${ck_scan_exec} ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/ci_templates.py
                         --ckitty ${ck_scan_ckitty} --work ${CMAKE_BINARY_DIR}/ci_templates)
        set_tests_properties(e2e_ci_templates PROPERTIES LABELS e2e TIMEOUT 900 SKIP_RETURN_CODE 77
            FIXTURES_REQUIRED ck_e2e RESOURCE_LOCK ck_e2e_pull_image)

        # Three real images scanned, newer records imported, then re-matched with no
        # engine in reach: the full scan's findings, grouped by ckitty changes.
        add_test(NAME e2e_rematch
                 COMMAND ${ck_scan_exec} ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/rematch_e2e.py
                         --ckitty ${ck_scan_ckitty} --work ${CMAKE_BINARY_DIR}/rematch_e2e)
        set_tests_properties(e2e_rematch PROPERTIES LABELS e2e TIMEOUT 900 SKIP_RETURN_CODE 77
            FIXTURES_REQUIRED ck_e2e RESOURCE_LOCK ck_e2e_pull_image)
    endif()

    # The inventory through the engine equals dpkg-query inside the image.
    add_test(NAME e2e_sbom_engine
             COMMAND ${ck_scan_exec} bash ${CMAKE_CURRENT_LIST_DIR}/sbom_engine.sh ${ck_ckitty_cmd})
    set_tests_properties(e2e_sbom_engine PROPERTIES LABELS e2e TIMEOUT 300 SKIP_RETURN_CODE 77
        FIXTURES_REQUIRED ck_e2e)

    # A real application image (npm, PyPI, Go, Maven, unmanaged files) against
    # the ecosystems' own tools, through the engine, a docker save archive and
    # (natively) a root folder.
    add_test(NAME e2e_app_image
             COMMAND ${ck_scan_exec} ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/app_image.py
                     --work ${CMAKE_BINARY_DIR}/app_e2e --ckitty ${ck_ckitty_cmd})
    set_tests_properties(e2e_app_image PROPERTIES LABELS e2e TIMEOUT 900 SKIP_RETURN_CODE 77
        FIXTURES_REQUIRED ck_e2e)

    # Its vulnerabilities with real OSV records (../shared) against a reference
    # computation; extended: skipped when ../shared is absent.
    add_test(NAME e2e_app_findings
             COMMAND ${ck_scan_exec} ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/app_findings.py
                     --work ${CMAKE_BINARY_DIR}/app_findings --shared ${CK_SHARED_FIXTURES}
                     --fixtures ${CK_TEST_FIXTURES} --ckitty ${ck_ckitty_cmd})
    set_tests_properties(e2e_app_findings PROPERTIES LABELS "e2e;extended" TIMEOUT 900 SKIP_RETURN_CODE 77
        FIXTURES_REQUIRED ck_e2e)
endif()
