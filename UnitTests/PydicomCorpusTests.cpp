// Every file of pydicom's test corpus (Debian python3-pydicom): readable files anonymize with every
// built-in profile without a crash and without a leak; broken ones give DicomInputError.
#include "TestSupport.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const char* const CorpusFolder = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

  // Files of python3-pydicom 2.3.1 that are not valid Part 10 files, with the reason they must give.
  const std::map<std::string, std::string> ExpectedRejections = {
    {"ExplVR_BigEndNoMeta.dcm", "no \"DICM\" signature"},
    {"ExplVR_LitEndNoMeta.dcm", "no \"DICM\" signature"},
    {"no_meta.dcm", "no \"DICM\" signature"},
    {"rtstruct.dcm", "no \"DICM\" signature"},           // a bare dataset
    {"meta_missing_tsyntax.dcm", "no Transfer Syntax UID"},
    {"MR_truncated.dcm", "truncated"},
    {"rtplan_truncated.dcm", "truncated"},
    {"SC_rgb_jpeg.dcm", "truncated or corrupt"},           // an element length runs past the end
  };

  // Survivors the leak check rightly reports in synthetic test data: rtplan.dcm's InstitutionName is
  // the word "Here", which its Manufacturer and ManufacturerModelName texts contain.
  const std::map<std::string, std::vector<std::string>> ExpectedLeaks = {
    {"rtplan.dcm", {"Manufacturer", "ManufacturerModelName"}},
  };

  std::string ReadAll(const std::filesystem::path& path)
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }

  std::vector<std::filesystem::path> CorpusFiles()
  {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(CorpusFolder))
    {
      return files;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(CorpusFolder))
    {
      if (entry.is_regular_file() && entry.file_size() > 0)
      {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    return files;
  }
}

TEST(PydicomCorpus, AnonymizesEveryReadableFileAndRejectsTheRest)
{
  const std::vector<std::filesystem::path> files = CorpusFiles();
  if (files.empty())
  {
    GTEST_SKIP() << "python3-pydicom test files not installed";
  }
  size_t anonymized = 0, rejected = 0;
  for (const std::filesystem::path& path : files)
  {
    const std::string bytes = ReadAll(path);
    const std::string name = path.lexically_relative(CorpusFolder).string();
    for (const std::string& profile : BuiltinRegistry().ListNames())
    {
      Anonymizer anonymizer(BuiltinRegistry().Get(profile), TestPseudonymizer());
      AnonymizationContext context;
      context.failOnLeak = false;
      AnonymizationReport report;
      try
      {
        const std::string output = anonymizer.AnonymizeBuffer(bytes.data(), bytes.size(), context, report);
        EXPECT_NO_THROW(DicomBuffer::Read(output.data(), output.size())) << name << " " << profile;
        EXPECT_EQ(ExpectedRejections.count(name), 0u) << name << " was expected to be rejected";
        std::string leaks;
        for (const std::string& leak : report.leaks) leaks += " " + leak;
        const auto expected = ExpectedLeaks.find(name);
        if (name.rfind("dicomdirtests/", 0) == 0 && profile != "whitelist")
        {
          // DICOMDIR test files name their folders after the patient ID: ReferencedFileID rightly leaks.
          for (const std::string& leak : report.leaks)
          {
            EXPECT_NE(std::string::npos, leak.find(".ReferencedFileID")) << name << " with " << profile << ": " << leak;
          }
        }
        else if (expected == ExpectedLeaks.end() || profile == "whitelist")
        {
          EXPECT_TRUE(report.leaks.empty()) << name << " with " << profile << ": leaks at" << leaks;
        }
        else
        {
          EXPECT_EQ(report.leaks, expected->second) << name << " with " << profile;
        }
        ++anonymized;
      }
      catch (const DicomInputError& e)
      {
        const auto expected = ExpectedRejections.find(name);
        if (expected != ExpectedRejections.end())
        {
          EXPECT_NE(std::string(e.what()).find(expected->second), std::string::npos) << name << ": " << e.what();
        }
        else
        {
          // Only files that are not DICOM at all may be rejected without being listed.
          EXPECT_NE(std::string(e.what()).find("no \"DICM\" signature"), std::string::npos) << name << ": " << e.what();
          EXPECT_NE(path.extension().string(), ".dcm") << name << ": " << e.what();
        }
        ++rejected;
      }
      catch (const std::exception& e)
      {
        ADD_FAILURE() << name << " with " << profile << ": unexpected " << e.what();
      }
    }
  }
  std::cout << "  " << anonymized << " anonymized, " << rejected << " rejected (file x profile)" << std::endl;
  EXPECT_GT(anonymized, rejected);
}
