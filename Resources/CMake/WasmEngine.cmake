# The engine for WebAssembly: Plugin/Core (unchanged sources), the CLI's per-file decisions (Cli/FileOutcome,
# the reader and the encoder, so the module writes what ratatoskr-anonymize writes) and Plugin/Wasm (embind
# API), linked with DCMTK, jsoncpp, OpenSSL libcrypto and zlib built by Resources/Scripts/build-wasm-deps.sh
# from Debian's sources. Configured with emcmake by Resources/Scripts/build-wasm.sh, which passes
# RATATOSKR_WASM_DEPS (that script's prefix). Produces, in the build folder:
#   ratatoskr-engine-core.mjs + .wasm  emscripten's ES module (factory) and the code
#   ratatoskr-engine.mjs               the JavaScript API around it (Plugin/Wasm/js, copied)
#   ratatoskr-anonymize.mjs, cli/      the Node.js CLI on that API (node-engine.mjs loads it under Node.js)
if(NOT EMSCRIPTEN)
  message(FATAL_ERROR "RATATOSKR_WASM needs emscripten's toolchain: configure with emcmake (Resources/Scripts/build-wasm.sh)")
endif()
if(NOT RATATOSKR_WASM_DEPS OR NOT EXISTS "${RATATOSKR_WASM_DEPS}/.complete")
  message(FATAL_ERROR "RATATOSKR_WASM_DEPS must name the prefix made by Resources/Scripts/build-wasm-deps.sh")
endif()

# Position-independent wasm is for dynamic linking (slower, imports through a GOT): off here.
set(CMAKE_POSITION_INDEPENDENT_CODE OFF)
# -O2 as the native build; the native RelWithDebInfo's -g would put megabytes of DWARF into the .wasm.
# RATATOSKR_WASM_OPTIMIZE: the engine's compile and link options (README.md says what -O3, -flto and -msimd128 gave).
set(RATATOSKR_WASM_OPTIMIZE "-O2" CACHE STRING "Optimization options of the engine's wasm compile and link")
separate_arguments(wasm_optimize UNIX_COMMAND "${RATATOSKR_WASM_OPTIMIZE}")
set(CMAKE_CXX_FLAGS_RELEASE "-DNDEBUG")
set(CMAKE_C_FLAGS_RELEASE "-DNDEBUG")
# One exception model for the engine and its C++ libraries: native WebAssembly exceptions, as
# build-wasm-deps.sh builds DCMTK and jsoncpp (faster than emscripten's JavaScript-based -fexceptions).
set(RATATOSKR_WASM_EH -fwasm-exceptions)

set(deps ${RATATOSKR_WASM_DEPS})
set(RATATOSKR_WASM_LIBRARIES)
# Dependents before their dependencies (wasm-ld resolves archives in order).
foreach(lib dcmjpls dcmtkcharls dcmjpeg ijg8 ijg12 ijg16 dcmimage dcmimgle dcmdata oflog ofstd jsoncpp crypto z)
  list(APPEND RATATOSKR_WASM_LIBRARIES ${deps}/lib/lib${lib}.a)
endforeach()

include(Resources/CMake/EmbedResources.cmake)
file(GLOB RATATOSKR_PROFILE_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/Profiles/*.json)
ratatoskr_embed_resources(RatatoskrResources
  NAMESPACE Ratatoskr::Embedded
  BASE_DIR ${CMAKE_SOURCE_DIR}
  FILES ${RATATOSKR_PROFILE_FILES} ${CMAKE_SOURCE_DIR}/Resources/Reference/ps3.15-e1-1.json)
target_compile_options(RatatoskrResources PRIVATE ${RATATOSKR_WASM_EH} ${wasm_optimize})

file(GLOB RATATOSKR_CORE_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/Plugin/Core/*.cpp)
list(REMOVE_ITEM RATATOSKR_CORE_SOURCES ${CMAKE_SOURCE_DIR}/Plugin/Core/EmbeddedResources.cpp)
add_library(RatatoskrCore STATIC ${RATATOSKR_CORE_SOURCES})
target_include_directories(RatatoskrCore PUBLIC ${CMAKE_SOURCE_DIR}/Plugin ${deps}/include)
target_compile_options(RatatoskrCore PUBLIC ${RATATOSKR_WASM_EH} ${wasm_optimize})
target_compile_definitions(RatatoskrCore PUBLIC RATATOSKR_VERSION="${PROJECT_VERSION}")
target_link_libraries(RatatoskrCore PUBLIC RatatoskrResources ${RATATOSKR_WASM_LIBRARIES})

file(GLOB RATATOSKR_WASM_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/Plugin/Wasm/*.cpp)
set(cli ${CMAKE_SOURCE_DIR}/Plugin/Cli)
add_executable(ratatoskr-engine-core ${RATATOSKR_WASM_SOURCES}
  ${cli}/DicomEncoding.cpp ${cli}/DicomFileReader.cpp ${cli}/DicomSniffer.cpp ${cli}/FileOutcome.cpp)
target_link_libraries(ratatoskr-engine-core PRIVATE RatatoskrCore)
set_target_properties(ratatoskr-engine-core PROPERTIES SUFFIX ".mjs")
set(RATATOSKR_WASM_MAXIMUM_MEMORY "4GB" CACHE STRING "Largest wasm heap (wasm32: at most 4GB)")
# Built for browsers and workers only: under Node.js the caller gives the .wasm's bytes (node-engine.mjs), so
# emscripten 3.1.6's Node.js code (CommonJS require/__dirname in an ES module, fetch on file paths, its
# process-wide uncaughtException handlers) never runs.
# DYNAMIC_EXECUTION=0: embind's glue makes no function from a string (new Function), which the public upload
# page's Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-eval') refuses in its workers.
target_link_options(ratatoskr-engine-core PRIVATE ${RATATOSKR_WASM_EH} --bind ${wasm_optimize} -sDYNAMIC_EXECUTION=0
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createRatatoskrEngineModule -sENVIRONMENT=web,worker
  -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=${RATATOSKR_WASM_MAXIMUM_MEMORY})

# The JavaScript next to it (copied: plain ES modules, nothing to compile).
file(GLOB_RECURSE RATATOSKR_WASM_JS_SOURCES CONFIGURE_DEPENDS RELATIVE ${CMAKE_SOURCE_DIR}/Plugin/Wasm/js
  ${CMAKE_SOURCE_DIR}/Plugin/Wasm/js/*.mjs)
set(RATATOSKR_WASM_JS)
foreach(js IN LISTS RATATOSKR_WASM_JS_SOURCES)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/${js}
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/Plugin/Wasm/js/${js} ${CMAKE_BINARY_DIR}/${js}
    DEPENDS ${CMAKE_SOURCE_DIR}/Plugin/Wasm/js/${js} VERBATIM)
  list(APPEND RATATOSKR_WASM_JS ${CMAKE_BINARY_DIR}/${js})
endforeach()
add_custom_target(ratatoskr-engine-js ALL DEPENDS ${RATATOSKR_WASM_JS})
