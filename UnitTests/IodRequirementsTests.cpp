// Profiles/iod-requirements.json: what it says, how SOP classes merge, and what a wrong file is told.
#include "TestSupport.h"

#include "Core/Errors.h"
#include "Core/IodRequirements.h"
#include "Core/JsonText.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  uint32_t T(const DcmTagKey& key)
  {
    return (static_cast<uint32_t>(key.getGroup()) << 16) | key.getElement();
  }

  const IodRequirements& Embedded()
  {
    static const std::shared_ptr<const IodRequirements> requirements = IodRequirements::LoadEmbedded(*Table());
    return *requirements;
  }

  std::string SourceFile()
  {
    std::ifstream in(std::string(RATATOSKR_SOURCE_DIR) + "/Profiles/iod-requirements.json");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // The source file with one piece of text replaced; returns the ProfileError message ("" if none).
  std::string ErrorWith(const std::string& from, const std::string& to)
  {
    std::string json = SourceFile();
    const size_t at = json.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    json.replace(at, from.size(), to);
    try
    {
      IodRequirements::Parse(json, "iod.json", *Table());
    }
    catch (const ProfileError& e)
    {
      return e.what();
    }
    return "";
  }
}

TEST(IodRequirements, EmbeddedFileLoadsAndIsNotAProfile)
{
  EXPECT_FALSE(Embedded().Version().empty());
  EXPECT_GE(Embedded().IodNames().size(), 8u);
  EXPECT_FALSE(ProfileRegistry::IsProfileFileName("iod-requirements.json"));
  EXPECT_EQ(BuiltinRegistry().Get("basic")->ToJson()["IodRequirements"].asString(), Embedded().Version());
}

TEST(IodRequirements, SopClassesMergeWithTheCompositeEntryAndTheStrictestTypeWins)
{
  const IodRequirementSet& sr = Embedded().ForSopClass(UID_ComprehensiveSRStorage);
  EXPECT_EQ(sr.Find(T(DCM_ContentDate), {}), IodType::Type1);
  EXPECT_EQ(sr.Find(T(DCM_SeriesNumber), {}), IodType::Type1);          // 2 in "*", 1 for SR
  EXPECT_EQ(sr.Find(T(DCM_PatientName), {}), IodType::Type2);           // from "*"
  EXPECT_EQ(sr.Find(T(DCM_ReferencedPerformedProcedureStepSequence), {}), IodType::Type2);
  EXPECT_EQ(sr.Find(T(DCM_VerifyingObserverName), {T(DCM_VerifyingObserverSequence)}), IodType::Type1);
  EXPECT_EQ(sr.Find(T(DCM_VerifyingObserverName), {}), IodType::None);  // anchored: only in its sequence
  EXPECT_EQ(sr.Find(T(DCM_ContentDate), {T(DCM_ContentSequence)}), IodType::None);

  const IodRequirementSet& ct = Embedded().ForSopClass(UID_CTImageStorage);   // no entry of its own
  EXPECT_EQ(ct.Find(T(DCM_SeriesNumber), {}), IodType::Type2);
  EXPECT_EQ(ct.Find(T(DCM_ContentDate), {}), IodType::None);
  EXPECT_EQ(ct.Find(T(DCM_ReferencedPerformedProcedureStepSequence), {}), IodType::None);
  EXPECT_EQ(&ct, &Embedded().ForSopClass("1.2.3.4.5"));

  const IodRequirementSet& ecg = Embedded().ForSopClass(UID_TwelveLeadECGWaveformStorage);
  EXPECT_EQ(ecg.Find(T(DCM_AcquisitionContextSequence), {}), IodType::Type2);
  const IodRequirementSet& seg = Embedded().ForSopClass(UID_SegmentationStorage);   // two entries
  EXPECT_EQ(seg.Find(T(DCM_Manufacturer), {}), IodType::Type1);
  EXPECT_EQ(seg.Find(T(DCM_SegmentSequence), {}), IodType::Type1);
  EXPECT_EQ(seg.Find(T(DCM_FrameContentSequence), {T(DCM_PerFrameFunctionalGroupsSequence)}), IodType::Type1);
}

TEST(IodRequirements, DummyContentKeepsStructureAndReplacesText)
{
  const IodRequirements& iod = Embedded();
  EXPECT_EQ(iod.DummyContentFor(T(DCM_TextValue), EVR_UT), DummyContentAction::Dummy);
  EXPECT_EQ(iod.DummyContentFor(T(DCM_SegmentLabel), EVR_LO), DummyContentAction::Dummy);
  EXPECT_EQ(iod.DummyContentFor(T(DCM_NumericValue), EVR_DS), DummyContentAction::Dummy);   // listed
  EXPECT_EQ(iod.DummyContentFor(T(DCM_ContourData), EVR_DS), DummyContentAction::Keep);
  EXPECT_EQ(iod.DummyContentFor(T(DCM_ValueType), EVR_CS), DummyContentAction::Keep);
  EXPECT_EQ(iod.DummyContentFor(T(DCM_ReferencedSOPClassUID), EVR_UI), DummyContentAction::RemapUid);
  EXPECT_EQ(iod.DummyContentFor(T(DCM_WaveformData), EVR_OW), DummyContentAction::Keep);   // listed
  EXPECT_EQ(iod.DummyContentFor(0x00091001, EVR_OB), DummyContentAction::Remove);
  EXPECT_EQ(iod.DummyContentFor(T(DCM_LUTData), EVR_xs), DummyContentAction::Keep);   // DCMTK's US-or-SS
  EXPECT_EQ(iod.PointerAttributes(), std::vector<uint32_t>{T(DCM_FrameIncrementPointer)});
}

TEST(IodRequirements, AWrongFileIsRejectedWithTheEntryAndTheReason)
{
  std::string error = ErrorWith("\"PatientName\": \"2\"", "\"PatientName\": \"3\"");
  EXPECT_NE(error.find("Iods[0] (Composite)"), std::string::npos) << error;
  EXPECT_NE(error.find("Type 3 attributes are not listed"), std::string::npos) << error;

  error = ErrorWith("\"PatientName\": \"2\"", "\"PatientNme\": \"2\"");
  EXPECT_NE(error.find("unknown attribute keyword 'PatientNme'"), std::string::npos) << error;

  error = ErrorWith("\"1.2.840.10008.5.1.4.1.1.481.3\"", "\"RT structure set\"");
  EXPECT_NE(error.find("neither a UID nor"), std::string::npos) << error;

  error = ErrorWith("\"RemapVRs\": [\"UI\"]", "\"RemapVRs\": [\"UI\", \"CS\"]");
  EXPECT_NE(error.find("VR CS is listed twice"), std::string::npos) << error;

  error = ErrorWith("\"RemapVRs\": [\"UI\"]", "\"RemapVRs\": [\"SQ\"]");
  EXPECT_NE(error.find("sequences are walked"), std::string::npos) << error;

  error = ErrorWith("\"FrameIncrementPointer\": \"1C\"", "\"FrameTime\": \"1C\"");
  EXPECT_NE(error.find("not a top-level attribute of VR AT"), std::string::npos) << error;

  error = ErrorWith("\"Pointers\"", "\"Pointer\"");
  EXPECT_NE(error.find("unknown key \"Pointer\""), std::string::npos) << error;
}
