// Bytes in, bytes out, and a precise error for every kind of bad input.
#include "TestSupport.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include <gtest/gtest.h>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  std::string ErrorOf(const std::string& bytes)
  {
    Anonymizer anonymizer(BuiltinRegistry().Get("basic"), TestPseudonymizer());
    AnonymizationReport report;
    try
    {
      anonymizer.AnonymizeBuffer(bytes.data(), bytes.size(), AnonymizationContext(), report);
    }
    catch (const DicomInputError& e)
    {
      return e.what();
    }
    return "no error";
  }
}

TEST(DicomBuffer, AnonymizesBytesToBytes)
{
  auto file = MakeInstance();
  const std::string input = ToBytes(*file);
  Anonymizer anonymizer(BuiltinRegistry().Get("teaching"), TestPseudonymizer());
  AnonymizationReport report;
  AnonymizationContext context;
  context.metadata["CaseId"] = "C-7";
  const std::string output = anonymizer.AnonymizeBuffer(input.data(), input.size(), context, report);
  EXPECT_EQ(output.compare(128, 4, "DICM"), 0);
  EXPECT_EQ(output.find("DOE"), std::string::npos);
  EXPECT_EQ(output.find("PID12345"), std::string::npos);
  EXPECT_EQ(output.find("1.2.826.0.1.3680043.2.1125.1"), std::string::npos);

  std::unique_ptr<DcmFileFormat> reread = DicomBuffer::Read(output.data(), output.size());
  EXPECT_EQ(Get(*reread, DCM_PatientName), "C-7");
  OFString metaSop;
  reread->getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, metaSop);
  EXPECT_EQ(std::string(metaSop.c_str()), report.newSopInstanceUid);
  EXPECT_EQ(Get(*reread, DCM_SOPInstanceUID), report.newSopInstanceUid);
}

TEST(DicomBuffer, BadInputGivesPreciseErrors)
{
  auto file = MakeInstance();
  const std::string good = ToBytes(*file);

  EXPECT_NE(ErrorOf("").find("empty input"), std::string::npos);
  EXPECT_NE(ErrorOf("hello").find("shorter than the 132-byte preamble"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string(300, 'x')).find("no \"DICM\" signature"), std::string::npos);
  std::string noMeta = good;
  noMeta.replace(128, 4, "XXXX");
  EXPECT_NE(ErrorOf(noMeta).find("no \"DICM\" signature"), std::string::npos);
  const std::string truncated = good.substr(0, good.size() - 40);
  EXPECT_NE(ErrorOf(truncated).find("truncated"), std::string::npos) << ErrorOf(truncated);
  const std::string metaOnly = good.substr(0, 132) + std::string(8, '\0');
  const std::string error = ErrorOf(metaOnly);
  EXPECT_NE(error, "no error");
  std::string garbage = good.substr(0, 132) + std::string(500, '\xff');
  EXPECT_NE(ErrorOf(garbage), "no error");
}

TEST(DicomBuffer, NeverCrashesOnMutatedInput)
{
  auto file = MakeInstance();
  const std::string good = ToBytes(*file);
  Anonymizer anonymizer(BuiltinRegistry().Get("basic"), TestPseudonymizer());
  unsigned int seed = 12345;
  for (int round = 0; round < 400; ++round)
  {
    std::string mutated = good;
    for (int i = 0; i < 4; ++i)
    {
      seed = seed * 1103515245u + 12345u;
      const size_t position = 132 + (seed >> 8) % (mutated.size() - 132);
      mutated[position] = static_cast<char>(seed & 0xff);
    }
    if (round % 10 == 0)
    {
      mutated.resize(132 + (seed >> 4) % (mutated.size() - 132));
    }
    AnonymizationReport report;
    AnonymizationContext context;
    context.failOnLeak = false;
    try
    {
      anonymizer.AnonymizeBuffer(mutated.data(), mutated.size(), context, report);
    }
    catch (const std::runtime_error&)
    {
      // DicomInputError, AnonymizationError...: fine, as long as nothing crashes.
    }
  }
}
