# Docker Engine client: its helper programs and its end-to-end tests.
#
# The e2e tests run against tests/tools/e2e-env.sh (a real dockerd, real
# registries, a debootstrap image): the fixture test e2e_env_start starts it
# (skipped, exit 77, without root or dockerd), e2e_env_stop ends it when no
# other test run still uses it. Other e2e tests reuse the fixture with
#   set_tests_properties(<test> PROPERTIES FIXTURES_REQUIRED ck_e2e ...)
# and run their program through "${CK_E2E_ENV} exec -- <program> ..." (which
# exports CK_E2E_* and DOCKER_HOST, and exits 77 when the environment is
# down). Windows programs run through
#   "${CK_E2E_ENV} exec --relay $<TARGET_FILE:pipe_relay> -- ${CK_WINE_RUN} <program.exe> ..."
# which serves \\.\pipe\docker_engine in the build's Wine prefix.

set(CK_E2E_ENV ${CMAKE_SOURCE_DIR}/tests/tools/e2e-env.sh)
set(CK_WINE_RUN ${CMAKE_SOURCE_DIR}/tests/tools/wine-run.sh)

# A credential helper with fixed answers (docker-credential-cktest), for the
# registry-credentials unit test.
add_executable(docker-credential-cktest tools/fake_credential_helper.c)
target_compile_options(docker-credential-cktest PRIVATE ${CK_WARNINGS})
ck_unit_test(regauth ARGS $<TARGET_FILE_DIR:docker-credential-cktest>)
add_dependencies(test_regauth docker-credential-cktest)
if(WIN32)
    target_link_libraries(test_regauth PRIVATE advapi32)
endif()

if(WIN32)
    # Serves \\.\pipe\docker_engine under Wine, forwarding to dockerd's TCP port.
    add_executable(pipe_relay tools/pipe_relay.c)
    target_compile_options(pipe_relay PRIVATE ${CK_WARNINGS})
    target_link_libraries(pipe_relay PRIVATE ws2_32)
    if(MINGW)
        target_link_options(pipe_relay PRIVATE -municode)
    endif()
endif()

add_executable(test_engine_e2e e2e/test_engine_e2e.c)
target_compile_options(test_engine_e2e PRIVATE ${CK_WARNINGS})
target_include_directories(test_engine_e2e PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(test_engine_e2e PRIVATE ck_core)

if(CMAKE_HOST_UNIX)
    # Reports 77 (skipped) when not root or a program (dockerd, ...) is missing.
    add_test(NAME e2e_env_prerequisites COMMAND ${CK_E2E_ENV} check)
    set_tests_properties(e2e_env_prerequisites PROPERTIES LABELS e2e SKIP_RETURN_CODE 77)

    add_test(NAME e2e_env_start COMMAND ${CK_E2E_ENV} start --lease)
    set_tests_properties(e2e_env_start PROPERTIES FIXTURES_SETUP ck_e2e LABELS e2e
        SKIP_RETURN_CODE 77 TIMEOUT 1200)
    add_test(NAME e2e_env_stop COMMAND ${CK_E2E_ENV} stop --lease)
    set_tests_properties(e2e_env_stop PROPERTIES FIXTURES_CLEANUP ck_e2e LABELS e2e)

    # What `docker create` + `docker cp` give: the reference for the archive test.
    set(CK_E2E_ENGINE_DIR ${CMAKE_CURRENT_BINARY_DIR}/e2e-engine)
    add_test(NAME e2e_engine_reference
             COMMAND ${CK_E2E_ENV} exec -- ${CK_E2E_ENV} extract local /var/lib/dpkg/status
                     ${CK_E2E_ENGINE_DIR}/dpkg-status)
    set_tests_properties(e2e_engine_reference PROPERTIES FIXTURES_REQUIRED ck_e2e
        FIXTURES_SETUP ck_e2e_engine_reference LABELS e2e SKIP_RETURN_CODE 77)

    # ck_e2e_exec: the environment (and, for Windows programs, the pipe
    # relay); ck_e2e_prog: what runs a program of this build.
    if(WIN32)
        set(ck_e2e_exec ${CK_E2E_ENV} exec --relay $<TARGET_FILE:pipe_relay> --)
        set(ck_e2e_prog ${CK_WINE_RUN})
    else()
        set(ck_e2e_exec ${CK_E2E_ENV} exec --)
        set(ck_e2e_prog)
    endif()

    add_test(NAME e2e_engine
             COMMAND ${ck_e2e_exec} ${ck_e2e_prog} $<TARGET_FILE:test_engine_e2e> ${CK_TEST_FIXTURES}
                     ${CK_E2E_ENGINE_DIR}/dpkg-status)
    set_tests_properties(e2e_engine PROPERTIES FIXTURES_REQUIRED "ck_e2e;ck_e2e_engine_reference"
        LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 600)

    # The CLI over the same endpoint (the default one: DOCKER_HOST natively,
    # the named pipe under Wine). "$@" is the program (and its runner).
    add_test(NAME e2e_ckitty_engine COMMAND ${ck_e2e_exec} ${ck_e2e_prog} $<TARGET_FILE:ckitty> engine)
    set_tests_properties(e2e_ckitty_engine PROPERTIES FIXTURES_REQUIRED ck_e2e LABELS e2e
        SKIP_RETURN_CODE 77 PASS_REGULAR_EXPRESSION "API: +1\\.[0-9]+.*OS: +linux")
    add_test(NAME e2e_ckitty_pull
             COMMAND ${ck_e2e_exec} sh -c "out=$(\"$@\" pull \"$CK_E2E_IMAGE\") && echo \"$out\" && echo \"$out\" | grep -q ': pulled'"
                     sh ${ck_e2e_prog} $<TARGET_FILE:ckitty>)
    set_tests_properties(e2e_ckitty_pull PROPERTIES FIXTURES_REQUIRED ck_e2e LABELS e2e SKIP_RETURN_CODE 77)
    # A missing image: exit 2 and one sentence naming it.
    add_test(NAME e2e_ckitty_pull_missing
             COMMAND ${ck_e2e_exec} sh -c "out=$(\"$@\" pull \"$CK_E2E_REGISTRY/ck/absent:1\" 2>&1) || rc=$? && echo \"$out\" && test \"$rc\" = 2 && echo \"$out\" | grep -q 'ck/absent:1'"
                     sh ${ck_e2e_prog} $<TARGET_FILE:ckitty>)
    set_tests_properties(e2e_ckitty_pull_missing PROPERTIES FIXTURES_REQUIRED ck_e2e LABELS e2e SKIP_RETURN_CODE 77)
    # The authenticated registry: credentials found through DOCKER_CONFIG.
    add_test(NAME e2e_ckitty_pull_auth
             COMMAND ${ck_e2e_exec} sh -c "\"$CK_E2E_ENV_SCRIPT\" auth-config \"$0\" && DOCKER_CONFIG=\"$0\" \"$@\" pull \"$CK_E2E_AUTH_IMAGE\""
                     ${CK_E2E_ENGINE_DIR}/dockercfg ${ck_e2e_prog} $<TARGET_FILE:ckitty>)
    set_tests_properties(e2e_ckitty_pull_auth PROPERTIES FIXTURES_REQUIRED ck_e2e LABELS e2e SKIP_RETURN_CODE 77
        ENVIRONMENT CK_E2E_ENV_SCRIPT=${CK_E2E_ENV})
endif()

# Engines a real dockerd cannot imitate: too old, refusing HEAD /_ping, not
# HTTP at all (tests/tools/fake_engine.py serves them on 127.0.0.1).
if(Python3_EXECUTABLE)
    if(WIN32)
        set(ck_fake_runner ${CK_WINE_RUN})
    else()
        set(ck_fake_runner)
    endif()
    set(ck_fake_engine ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/fake_engine.py)
    add_test(NAME engine_fake_too_old
             COMMAND ${ck_fake_engine} old --rc 2 --expect "is too old: it speaks Engine API 1.12"
                     -- ${ck_fake_runner} $<TARGET_FILE:ckitty> engine --host {host})
    add_test(NAME engine_fake_head_refused
             COMMAND ${ck_fake_engine} head-404 --rc 0 --expect "19.03.99-fake" --expect "API:      1.40"
                     -- ${ck_fake_runner} $<TARGET_FILE:ckitty> engine --host {host})
    add_test(NAME engine_fake_not_http
             COMMAND ${ck_fake_engine} not-http --rc 2 --expect "malformed HTTP status line"
                     -- ${ck_fake_runner} $<TARGET_FILE:ckitty> engine --host {host})
    # Docker Desktop in Windows-containers mode, and a Windows image on a
    # Linux engine: said plainly, and no pull or container is ever asked for.
    add_test(NAME engine_fake_windows_engine
             COMMAND ${ck_fake_engine} windows --rc 2 --expect "OS:       windows"
                     --expect "runs Windows containers, and ContainerKitty reads Linux images"
                     -- ${ck_fake_runner} $<TARGET_FILE:ckitty> engine --host {host})
    add_test(NAME engine_fake_windows_scan
             COMMAND ${ck_fake_engine} windows --rc 2 --expect "switch Docker Desktop to Linux containers"
                     --expect "0 scanned, 1 failed" --never /containers --never /images/create
                     -- ${ck_fake_runner} $<TARGET_FILE:ckitty> scan --host {host}
                        --history ${CMAKE_CURRENT_BINARY_DIR}/fake_windows_history.db
                        --db ${CMAKE_CURRENT_BINARY_DIR}/fake_windows_vulns.db debian:12)
    add_test(NAME engine_fake_windows_image
             COMMAND ${ck_fake_engine} windows-image --rc 2
                     --expect "is an image for windows, and ContainerKitty reads Linux images only"
                     --never /containers --never /images/create
                     -- ${ck_fake_runner} $<TARGET_FILE:ckitty> scan --no-pull --host {host}
                        --history ${CMAKE_CURRENT_BINARY_DIR}/fake_windows_history.db
                        --db ${CMAKE_CURRENT_BINARY_DIR}/fake_windows_vulns.db
                        mcr.microsoft.com/windows/nanoserver:ltsc2022)
    set_tests_properties(engine_fake_windows_engine engine_fake_windows_scan engine_fake_windows_image
        PROPERTIES LABELS unit TIMEOUT 180 RESOURCE_LOCK fake_windows_history)
    add_executable(test_engine_cancel e2e/test_engine_cancel.c)
    target_compile_options(test_engine_cancel PRIVATE ${CK_WARNINGS})
    target_include_directories(test_engine_cancel PRIVATE ${CMAKE_SOURCE_DIR}/tests)
    target_link_libraries(test_engine_cancel PRIVATE ck_core)
    add_test(NAME engine_fake_hang_cancel
             COMMAND ${ck_fake_engine} hang --rc 0 --expect "did not answer in time"
                     -- ${ck_fake_runner} $<TARGET_FILE:test_engine_cancel> {host})
    set_tests_properties(engine_fake_too_old engine_fake_head_refused engine_fake_not_http
        engine_fake_hang_cancel PROPERTIES LABELS unit TIMEOUT 180)
    if(WIN32)
        # The same over the named pipe (overlapped ReadFile, CancelIoEx).
        add_test(NAME engine_fake_hang_cancel_npipe
                 COMMAND ${ck_fake_engine} hang --rc 0 --expect "did not answer in time"
                         --pipe-relay ${CK_WINE_RUN} $<TARGET_FILE:pipe_relay>
                         -- ${ck_fake_runner} $<TARGET_FILE:test_engine_cancel> {host})
        set_tests_properties(engine_fake_hang_cancel_npipe PROPERTIES LABELS unit TIMEOUT 180)
    endif()
endif()

# Permission denied on the engine's socket, as a user outside its group.
if(CMAKE_HOST_UNIX AND NOT WIN32)
    add_test(NAME e2e_engine_permission
             COMMAND ${CK_E2E_ENV} exec -- sh -c "command -v setpriv >/dev/null || exit 77 && out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \"$@\" engine --host \"unix://$CK_E2E_SOCK\" 2>&1) || rc=$? && echo \"$out\" && test \"$rc\" = 2 && echo \"$out\" | grep -q 'permission denied on .*docker.sock (is this user in the docker group?)'"
                     sh $<TARGET_FILE:ckitty>)
    set_tests_properties(e2e_engine_permission PROPERTIES FIXTURES_REQUIRED ck_e2e LABELS e2e SKIP_RETURN_CODE 77)
endif()
