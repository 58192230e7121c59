# ck_deps: an interface target carrying libcurl, cJSON, SQLite and zlib.
# Native Linux: Debian's -dev packages. mingw-w64: the static libraries that
# cmake/deps-mingw.sh built (CK_DEPS_PREFIX) and Debian's static zlib.
# MSVC: vcpkg's packages (vcpkg.json).
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
        ${CMAKE_FIND_ROOT_PATH}/lib/libz.a
        ws2_32 crypt32 secur32 bcrypt advapi32 normaliz wldap32 iphlpapi ole32 shell32 userenv)
elseif(MSVC)
    find_package(CURL CONFIG REQUIRED)
    find_package(cJSON CONFIG REQUIRED)
    find_package(unofficial-sqlite3 CONFIG REQUIRED)
    find_package(ZLIB REQUIRED)
    target_link_libraries(ck_deps INTERFACE CURL::libcurl cjson unofficial::sqlite3::sqlite3 ZLIB::ZLIB
        ws2_32 crypt32 advapi32 ole32 shell32 userenv)
else()
    find_package(CURL REQUIRED)
    find_package(SQLite3 REQUIRED)
    find_package(ZLIB REQUIRED)
    find_package(Threads REQUIRED)
    find_path(CJSON_INCLUDE_DIR cjson/cJSON.h REQUIRED)
    find_library(CJSON_LIBRARY cjson REQUIRED)
    target_include_directories(ck_deps INTERFACE ${CJSON_INCLUDE_DIR})
    target_link_libraries(ck_deps INTERFACE CURL::libcurl SQLite::SQLite3 ${CJSON_LIBRARY} ZLIB::ZLIB Threads::Threads)
endif()
