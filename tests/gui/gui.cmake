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

# Every dialog by its shortcut, and the window at 144 DPI (test_gui_dialogs.sh).
add_test(NAME gui_dialogs
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_gui_dialogs.sh $<TARGET_FILE:ContainerKitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_dialogs PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)
