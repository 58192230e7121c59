# ck_deps: an interface target carrying libcurl, cJSON, SQLite, zlib and
# zstd (its decompressor reads zstd-compressed image layers).
# Native Linux: Debian's -dev packages. mingw-w64: the static libraries that
# cmake/deps-mingw.sh built (CK_DEPS_PREFIX: curl, SQLite, cJSON, zstd) and
# Debian's static zlib. MSVC: vcpkg's packages (vcpkg.json).
add_library(ck_deps INTERFACE)

if(MINGW)
    if(NOT CK_DEPS_PREFIX)
        message(FATAL_ERROR "Set CK_DEPS_PREFIX to the prefix printed by cmake/deps-mingw.sh")
    endif()
    target_include_directories(ck_deps INTERFACE ${CK_DEPS_PREFIX}/include)
    target_compile_definitions(ck_deps INTERFACE CURL_STATICLIB)
    target_link_libraries(ck_deps INTERFACE
        ${CK_DEPS_PREFIX}/lib/libcurl.a
        ${CK_DEPS_PREFIX}/lib/libsqlite3.a
        ${CK_DEPS_PREFIX}/lib/libcjson.a
        ${CK_DEPS_PREFIX}/lib/libzstd.a
        ${CMAKE_FIND_ROOT_PATH}/lib/libz.a
        ws2_32 crypt32 secur32 bcrypt advapi32 normaliz wldap32 iphlpapi ole32 shell32 userenv rstrtmgr)
elseif(MSVC)
    find_package(CURL CONFIG REQUIRED)
    find_package(cJSON CONFIG REQUIRED)
    find_package(unofficial-sqlite3 CONFIG REQUIRED)
    find_package(ZLIB REQUIRED)
    find_package(zstd CONFIG REQUIRED)
    # vcpkg's zstd names one target in its newer ports, two in older ones
    if(TARGET zstd::libzstd)
        set(ck_zstd zstd::libzstd)
    elseif(TARGET zstd::libzstd_shared)
        set(ck_zstd zstd::libzstd_shared)
    else()
        set(ck_zstd zstd::libzstd_static)
    endif()
    target_link_libraries(ck_deps INTERFACE CURL::libcurl cjson unofficial::sqlite3::sqlite3 ZLIB::ZLIB ${ck_zstd}
        ws2_32 crypt32 advapi32 ole32 shell32 userenv rstrtmgr)
else()
    find_package(CURL REQUIRED)
    find_package(SQLite3 REQUIRED)
    find_package(ZLIB REQUIRED)
    find_package(Threads REQUIRED)
    find_path(CJSON_INCLUDE_DIR cjson/cJSON.h REQUIRED)
    find_library(CJSON_LIBRARY cjson REQUIRED)
    find_path(ZSTD_INCLUDE_DIR zstd.h REQUIRED)
    find_library(ZSTD_LIBRARY zstd REQUIRED)
    target_include_directories(ck_deps INTERFACE ${CJSON_INCLUDE_DIR} ${ZSTD_INCLUDE_DIR})
    target_link_libraries(ck_deps INTERFACE CURL::libcurl SQLite::SQLite3 ${CJSON_LIBRARY} ${ZSTD_LIBRARY} ZLIB::ZLIB
        Threads::Threads)
endif()
