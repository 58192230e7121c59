# GUI tests: the real ContainerKitty.exe under Wine and Xvfb, driven from outside.
add_test(NAME gui_main_window
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_main_window.sh $<TARGET_FILE:ContainerKitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_main_window PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)

# The whole path: history and data made by ckitty.exe, list, scan, findings,
# comparison, CSV export (test_gui_scan.sh); screenshots of each step.
add_test(NAME gui_scan
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_scan.sh $<TARGET_FILE:ContainerKitty> $<TARGET_FILE:ckitty>
                 ${CMAKE_BINARY_DIR})
set_tests_properties(gui_scan PROPERTIES LABELS gui TIMEOUT 600 RESOURCE_LOCK display)

# The Packages and Unmanaged tabs over a scan with application packages and
# unmanaged files (test_gui_inventory.sh); screenshots of each.
add_test(NAME gui_inventory
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_inventory.sh $<TARGET_FILE:ContainerKitty>
                 $<TARGET_FILE:ckitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_inventory PROPERTIES LABELS gui TIMEOUT 600 RESOURCE_LOCK display)

# Every dialog by its shortcut, and the window at 144 DPI (test_gui_dialogs.sh).
add_test(NAME gui_dialogs
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_dialogs.sh $<TARGET_FILE:ContainerKitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_dialogs PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)

# Against the real engine of the e2e environment, through the named pipe
# (test_gui_engine.sh); skipped when that environment does not run.
if(TARGET pipe_relay)
    add_test(NAME gui_engine
             COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_engine.sh $<TARGET_FILE:ContainerKitty>
                     $<TARGET_FILE:ckitty> $<TARGET_FILE:pipe_relay> ${CMAKE_BINARY_DIR})
    set_tests_properties(gui_engine PROPERTIES LABELS "gui;e2e" TIMEOUT 900 RESOURCE_LOCK display
        SKIP_RETURN_CODE 77 FIXTURES_REQUIRED ck_e2e)
endif()

# First start without data: the information bar's download (test_gui_first_start.sh).
add_test(NAME gui_first_start
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_first_start.sh $<TARGET_FILE:ContainerKitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_first_start PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)

# The risk review: the Triage column with open, decided and expired findings,
# the Triage dialog from the keyboard, the decisions expiring soon
# (test_gui_triage.sh); screenshots of each.
add_test(NAME gui_triage
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_triage.sh $<TARGET_FILE:ContainerKitty> $<TARGET_FILE:ckitty>
                 ${CMAKE_BINARY_DIR})
set_tests_properties(gui_triage PROPERTIES LABELS gui TIMEOUT 600 RESOURCE_LOCK display)

# Windows behaviours Wine can show: one window for two starts at once, the
# focus back after another window, Escape (test_gui_windows.sh).
add_test(NAME gui_windows
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_windows.sh $<TARGET_FILE:ContainerKitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_windows PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)

# An engine in Windows-containers mode: the information bar says how to
# switch (test_gui_winengine.sh, run by the fake engine with its address).
if(Python3_EXECUTABLE)
    add_test(NAME gui_windows_engine
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/fake_engine.py windows --rc 0
                     --expect "gui windows engine: ok" --never /containers --never /images/create
                     -- bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_winengine.sh {host} $<TARGET_FILE:ContainerKitty>
                        ${CMAKE_BINARY_DIR})
    set_tests_properties(gui_windows_engine PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)
endif()

# What changed after a data update: the re-match, the information bar, the
# view (test_gui_changes.sh).
add_test(NAME gui_changes
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_changes.sh $<TARGET_FILE:ContainerKitty>
                 $<TARGET_FILE:ckitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_changes PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)
