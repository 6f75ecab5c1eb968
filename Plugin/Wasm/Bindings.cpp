// The WebAssembly module's interface (embind). JavaScript callers use js/ratatoskr-engine.mjs, which wraps
// these calls: bytes in through the input view, JSON answers parsed, output chunks copied out of the heap.
#include "Wasm/WasmEngine.h"

#include <emscripten/bind.h>
#include <emscripten/val.h>

namespace
{
  using Ratatoskr::Wasm::WasmEngine;

  // A view into the wasm heap, valid until the engine's next call (or the heap grows): the caller fills it
  // at once.
  emscripten::val InputView(WasmEngine& engine, size_t size)
  {
    std::string& input = engine.Input(size);
    return emscripten::val(emscripten::typed_memory_view(input.size(), reinterpret_cast<unsigned char*>(input.data())));
  }

  // Output goes to the JavaScript function `sink`, one view per chunk, valid during the call only.
  Ratatoskr::Cli::OutputSink ToSink(emscripten::val& sink)
  {
    return [&sink](const char* data, size_t size) {
      sink(emscripten::val(emscripten::typed_memory_view(size, reinterpret_cast<const unsigned char*>(data))));
    };
  }

  std::string Anonymize(WasmEngine& engine, const std::string& metadataJson, bool failOnLeak, bool explicitlyNamed,
                        emscripten::val sink)
  {
    return engine.Anonymize(metadataJson, failOnLeak, explicitlyNamed, ToSink(sink));
  }

  std::string Mask(WasmEngine& engine, const std::string& regionsJson, emscripten::val sink)
  {
    return engine.Mask(regionsJson, ToSink(sink));
  }

  std::string Wrap(WasmEngine& engine, const std::string& kind, const std::string& optionsJson,
                   const std::string& contextDicom, emscripten::val sink)
  {
    return engine.Wrap(kind, optionsJson, contextDicom, ToSink(sink));
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
    .function("input", &InputView)
    .function("anonymize", &Anonymize)
    .function("preview", &WasmEngine::Preview)
    .function("summary", &WasmEngine::Summary)
    .function("mask", &Mask)
    .function("wrap", &Wrap);
  emscripten::function("version", &WasmEngine::Version);
}
