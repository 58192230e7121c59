# GUI tests: the real ContainerKitty.exe under Wine and Xvfb, driven from outside.
add_test(NAME gui_main_window
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_main_window.sh $<TARGET_FILE:ContainerKitty> ${CMAKE_BINARY_DIR})
set_tests_properties(gui_main_window PROPERTIES LABELS gui TIMEOUT 300 RESOURCE_LOCK display)
