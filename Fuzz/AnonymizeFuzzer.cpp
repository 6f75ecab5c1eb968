// libFuzzer entry point for the anonymization engine: every input goes through
// Anonymizer::AnonymizeBuffer and Anonymizer::Preview with one of the built-in profiles, chosen by the
// first byte (part of the 128-byte preamble, which the parser ignores, so mutating it only switches
// the profile).
//
// Allowed outcomes are the engine's documented ones: success, DicomInputError (which includes
// BurnedInAnnotationError) and AnonymizationError. LeakError cannot happen (failOnLeak is off, so the
// write path is reached more often). Anything else - another exception, a crash, a sanitizer report,
// or an output that the engine cannot read back - aborts and is a bug.
//
// Build (clang, see Fuzz/README.md):
//   cmake -S . -B /work/build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
//         -DRATATOSKR_BUILD_FUZZERS=ON -DRATATOSKR_BUILD_TESTS=OFF
//   make -C /work/build-fuzz AnonymizeFuzzer
//   /work/build-fuzz/AnonymizeFuzzer -max_len=65536 Fuzz/work-corpus Fuzz/corpus

#include "Core/Anonymizer.h"
#include "Core/DicomBuffer.h"
#include "Core/Errors.h"
#include "Core/ProfileRegistry.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/oflog/oflog.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

namespace
{
  using namespace Ratatoskr::Core;

  // Built once, then only read: the engine is const and thread-safe.
  struct Engines
  {
    std::vector<std::unique_ptr<Anonymizer>> anonymizers;
    AnonymizationContext context;

    Engines()
    {
      OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
      ProfileRegistry registry;
      registry.LoadBuiltin();
      const Pseudonymizer pseudonymizer("fuzzing-key", "2.25");
      for (const std::string& name : registry.ListNames())
      {
        anonymizers.push_back(std::make_unique<Anonymizer>(registry.Get(name), pseudonymizer));
      }
      context.failOnLeak = false;
      context.metadata = {{"CaseId", "CASE-1"}, {"CourseId", "COURSE-1"}};
    }
  };

  const Engines& GetEngines()
  {
    static const Engines engines;
    return engines;
  }

  [[noreturn]] void Bug(const Anonymizer& anonymizer, const char* stage, const char* what)
  {
    std::fprintf(stderr, "BUG: %s with profile '%s': %s\n", stage, anonymizer.Profile().Name().c_str(), what);
    std::abort();
  }

  void CheckOutputReadable(const Anonymizer& anonymizer, const std::string& output)
  {
    try
    {
      DicomBuffer::Read(output.data(), output.size());
    }
    catch (const std::exception& e)
    {
      Bug(anonymizer, "re-reading the anonymized output", e.what());
    }
  }

  void RunOne(const Anonymizer& anonymizer, const AnonymizationContext& context, const uint8_t* data, size_t size)
  {
    try
    {
      AnonymizationReport report;
      const std::string output = anonymizer.AnonymizeBuffer(data, size, context, report);
      CheckOutputReadable(anonymizer, output);
    }
    catch (const DicomInputError&)
    {
    }
    catch (const AnonymizationError&)
    {
    }
    catch (const std::exception& e)
    {
      Bug(anonymizer, "AnonymizeBuffer threw an undocumented exception", (std::string(typeid(e).name()) + ": " + e.what()).c_str());
    }

    try
    {
      anonymizer.Preview(data, size, context);
    }
    catch (const DicomInputError&)
    {
    }
    catch (const AnonymizationError&)
    {
    }
    catch (const std::exception& e)
    {
      Bug(anonymizer, "Preview threw an undocumented exception", (std::string(typeid(e).name()) + ": " + e.what()).c_str());
    }
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const Engines& engines = GetEngines();
  const size_t profile = size == 0 ? 0 : data[0] % engines.anonymizers.size();
  RunOne(*engines.anonymizers[profile], engines.context, data, size);
  return 0;
}
