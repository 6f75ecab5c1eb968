// Regression test for the fuzzer's corpus (Fuzz/corpus: generated well-formed, truncated and mangled
// files, plus inputs the fuzzer once found troublesome). Runs in CI without clang: every file goes
// through AnonymizeBuffer and Preview with every built-in profile and must either succeed or throw
// DicomInputError; any other exception (or a crash) is a bug. Successful outputs must read back.
#include "TestSupport.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <typeinfo>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  std::filesystem::path CorpusFolder()
  {
    return std::filesystem::path(RATATOSKR_SOURCE_DIR) / "Fuzz" / "corpus";
  }

  std::vector<std::filesystem::path> CorpusFiles()
  {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (std::filesystem::directory_iterator it(CorpusFolder(), error), end; !error && it != end; it.increment(error))
    {
      if (it->is_regular_file())
      {
        files.push_back(it->path());
      }
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  std::string ReadAll(const std::filesystem::path& path)
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }

  AnonymizationContext FuzzContext()
  {
    AnonymizationContext context;
    context.failOnLeak = false;   // robustness, not leak checking: reach the write path
    context.metadata = {{"CaseId", "CASE-1"}, {"CourseId", "COURSE-1"}};
    return context;
  }

  // Runs one call; returns "" when the outcome is allowed, else what went wrong.
  template <typename Call>
  std::string Outcome(Call call)
  {
    try
    {
      call();
      return "";
    }
    catch (const DicomInputError&)
    {
      return "";
    }
    catch (const std::exception& e)
    {
      return std::string(typeid(e).name()) + ": " + e.what();
    }
    catch (...)
    {
      return "a non-standard exception";
    }
  }
}

TEST(FuzzCorpus, HasSeeds)
{
  EXPECT_GE(CorpusFiles().size(), 20u) << "Fuzz/corpus is missing or nearly empty: run Fuzz/make_corpus.py";
}

TEST(FuzzCorpus, EveryFileSucceedsOrIsRejectedAsBadInput)
{
  const AnonymizationContext context = FuzzContext();
  const std::vector<std::filesystem::path> files = CorpusFiles();
  for (const std::string& name : BuiltinRegistry().ListNames())
  {
    const Anonymizer anonymizer(BuiltinRegistry().Get(name), TestPseudonymizer());
    for (const std::filesystem::path& path : files)
    {
      SCOPED_TRACE("profile " + name + ", file " + path.filename().string());
      const std::string input = ReadAll(path);

      std::string output;
      const std::string anonymizeProblem = Outcome([&] {
        AnonymizationReport report;
        output = anonymizer.AnonymizeBuffer(input.data(), input.size(), context, report);
      });
      EXPECT_EQ("", anonymizeProblem) << "AnonymizeBuffer";
      if (anonymizeProblem.empty() && !output.empty())
      {
        EXPECT_NO_THROW(DicomBuffer::Read(output.data(), output.size())) << "the output does not read back";
      }

      EXPECT_EQ("", Outcome([&] { anonymizer.Preview(input.data(), input.size(), context); })) << "Preview";
    }
  }
}

TEST(DeclaredLengths, AHugeDeclaredLengthIsRejectedBeforeDcmtkAllocatesIt)
{
  std::ifstream in(std::string(RATATOSKR_SOURCE_DIR) + "/Fuzz/corpus/found-huge-declared-length.dcm", std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try
  {
    Ratatoskr::Core::DicomBuffer::Read(bytes.data(), bytes.size());
    FAIL() << "accepted";
  }
  catch (const Ratatoskr::Core::DicomInputError& e)
  {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("declares")) << e.what();
  }
}

TEST(DeclaredLengths, ANonStandardVrHasTheFourByteLengthDcmtkAssumes)
{
  // bitflip-02.dcm: "PF" instead of "PN" on Referring Physician's Name; DCMTK reads a 4-byte length there
  // (1.5 GB) and allocated it before finding the data short.
  std::ifstream in(std::string(RATATOSKR_SOURCE_DIR) + "/Fuzz/corpus/bitflip-02.dcm", std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try
  {
    Ratatoskr::Core::DicomBuffer::Read(bytes.data(), bytes.size());
    FAIL() << "accepted";
  }
  catch (const Ratatoskr::Core::DicomInputError& e)
  {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("element (0008,0090) declares")) << e.what();
  }
}
