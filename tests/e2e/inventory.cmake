# The package inventory against independent oracles, run by Python scripts:
#   inventory_pkgdb_oracle   every database in ../shared/fixtures/pkgdb, counted
#                            by python3-apt / python3-rpm (extended; 77 when absent)
#   sbom_rootfs_vs_dpkg      `ckitty sbom --rootfs /` against dpkg-query (77 without dpkg)
#   sbom_debootstrap_image   the e2e image cache's debootstrap root made into
#                            docker save archives (both layouts, gzip and zstd) against
#                            python3-apt (77 until tests/tools/e2e-env.sh made it)
# python3-apt and python3-rpm are Debian's, for Debian's own python3.
find_program(CK_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(CK_SYSTEM_PYTHON)
    set(CK_INVENTORY_RUNNER "")
    if(CMAKE_CROSSCOMPILING_EMULATOR)
        set(CK_INVENTORY_RUNNER ${CMAKE_CROSSCOMPILING_EMULATOR})
    endif()
    add_test(NAME inventory_pkgdb_oracle
             COMMAND ${CK_SYSTEM_PYTHON} ${CMAKE_SOURCE_DIR}/tests/tools/pkgdb_oracle.py
                     $<TARGET_FILE:test_pkgdb_shared> ${CK_TEST_FIXTURES} ${CK_SHARED_FIXTURES} ${CK_INVENTORY_RUNNER})
    set_tests_properties(inventory_pkgdb_oracle PROPERTIES LABELS extended SKIP_RETURN_CODE 77 TIMEOUT 300)
    add_test(NAME sbom_rootfs_vs_dpkg
             COMMAND ${CK_SYSTEM_PYTHON} ${CMAKE_SOURCE_DIR}/tests/tools/sbom_oracle.py
                     rootfs $<TARGET_FILE:ckitty> ${CK_INVENTORY_RUNNER})
    set_tests_properties(sbom_rootfs_vs_dpkg PROPERTIES LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 300)
    add_test(NAME sbom_debootstrap_image
             COMMAND ${CK_SYSTEM_PYTHON} ${CMAKE_SOURCE_DIR}/tests/tools/sbom_oracle.py
                     image $<TARGET_FILE:ckitty> auto ${CMAKE_CURRENT_BINARY_DIR}/sbom_e2e ${CK_INVENTORY_RUNNER})
    set_tests_properties(sbom_debootstrap_image PROPERTIES LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
