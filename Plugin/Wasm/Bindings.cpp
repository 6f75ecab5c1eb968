// The WebAssembly module's interface (embind). JavaScript callers use js/ratatoskr-engine.mjs, which wraps
// these calls: bytes in as Uint8Array, JSON answers parsed, output bytes copied out of the wasm heap.
#include "Wasm/WasmEngine.h"

#include <emscripten/bind.h>
#include <emscripten/val.h>

namespace
{
  using Ratatoskr::Wasm::WasmEngine;

  // A view into the wasm heap, valid until the engine's next call: the caller copies it at once.
  emscripten::val OutputView(const WasmEngine& engine)
  {
    const std::string& output = engine.Output();
    return emscripten::val(emscripten::typed_memory_view(output.size(),
                                                         reinterpret_cast<const unsigned char*>(output.data())));
  }
}

EMSCRIPTEN_BINDINGS(ratatoskr_engine)
{
  emscripten::class_<WasmEngine>("Engine")
    .constructor<>()
    .function("listProfiles", &WasmEngine::ListProfiles)
    .function("loadProfile", &WasmEngine::LoadProfile)
    .function("configure", &WasmEngine::Configure)
    .function("configureWithKeyFile", &WasmEngine::ConfigureWithKeyFile)
    .function("anonymize", &WasmEngine::Anonymize)
    .function("output", &OutputView)
    .function("releaseOutput", &WasmEngine::ReleaseOutput)
    .function("preview", &WasmEngine::Preview);
  emscripten::function("version", &WasmEngine::Version);
}
