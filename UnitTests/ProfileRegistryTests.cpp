#include "TestSupport.h"

#include "Core/Errors.h"
#include "Core/ProfileResolver.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace Ratatoskr::Core;
using Ratatoskr::Tests::BuiltinRegistry;
using Ratatoskr::Tests::ProfileFromJson;
using Ratatoskr::Tests::Table;

namespace
{
  // The ProfileError thrown when loading `json`, or an empty error if it loads.
  std::string LoadError(const std::string& json)
  {
    ProfileRegistry registry(Table());
    registry.LoadBuiltin();
    try
    {
      registry.LoadJson(json, "bad.json");
    }
    catch (const ProfileError& e)
    {
      EXPECT_EQ(e.File(), "bad.json");
      return e.what();
    }
    return std::string();
  }

  bool Mentions(const std::string& text, const std::string& part)
  {
    return text.find(part) != std::string::npos;
  }
}

TEST(ProfileRegistry, LoadsTheBuiltinProfiles)
{
  const std::vector<std::string> names = BuiltinRegistry().ListNames();
  EXPECT_EQ(names, (std::vector<std::string>{"basic", "research", "teaching", "teaching-upload", "whitelist"}));
  for (const std::string& name : names)
  {
    const auto profile = BuiltinRegistry().Get(name);
    EXPECT_EQ(profile->Name(), name);
    EXPECT_FALSE(profile->Description().empty()) << name;
    EXPECT_EQ(profile->Hash().size(), 8u);
  }
  EXPECT_TRUE(BuiltinRegistry().Has("teaching"));
  EXPECT_FALSE(BuiltinRegistry().Has("nope"));
  EXPECT_THROW(BuiltinRegistry().Get("nope"), ProfileError);
}

TEST(ProfileRegistry, BuiltinProfilesResolvedOnFirstUseOnceForAllThreads)
{
  ProfileRegistry registry(Table());
  registry.LoadBuiltin();
  EXPECT_TRUE(registry.Has("research"));
  std::vector<std::shared_ptr<const Ratatoskr::Core::ResolvedProfile>> got(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i)
  {
    threads.emplace_back([&registry, &got, i]() { got[i] = registry.Get("research"); });
  }
  for (std::thread& thread : threads)
  {
    thread.join();
  }
  for (const auto& profile : got)
  {
    EXPECT_EQ(profile, got.front());
  }
  EXPECT_EQ(got.front()->Hash(), BuiltinRegistry().Get("research")->Hash());
}

TEST(ProfileRegistry, DefaultConstructorUsesTheEmbeddedTable)
{
  ProfileRegistry registry;
  registry.LoadBuiltin();
  EXPECT_EQ(registry.Get("basic")->Hash(), BuiltinRegistry().Get("basic")->Hash());
  EXPECT_EQ(registry.Table().Rows().size(), Table()->Rows().size());
}

TEST(ProfileRegistry, TableHasTheExpectedRows)
{
  EXPECT_EQ(Table()->Rows().size(), 621u);
  ASSERT_NE(Table()->FindByKeyword("PatientName"), nullptr);
  EXPECT_EQ(Table()->FindByKeyword("PatientName")->tag, 0x00100010u);
  EXPECT_NE(Table()->Pattern(TableRowKind::CurveData), nullptr);
  EXPECT_NE(Table()->Pattern(TableRowKind::OverlayData), nullptr);
  EXPECT_NE(Table()->Pattern(TableRowKind::OverlayComments), nullptr);
  EXPECT_NE(Table()->Pattern(TableRowKind::PrivateAttributes), nullptr);
}

TEST(ProfileRegistry, TableCodesResolveToDocumentedActions)
{
  ActionKind kind;
  const std::vector<std::pair<std::string, ActionKind>> expected = {
    {"X", ActionKind::Remove}, {"Z", ActionKind::Empty}, {"D", ActionKind::Dummy}, {"K", ActionKind::Keep},
    {"C", ActionKind::Clean}, {"U", ActionKind::RemapUid}, {"X/Z", ActionKind::Empty}, {"X/D", ActionKind::Dummy},
    {"Z/D", ActionKind::Dummy}, {"X/Z/D", ActionKind::Dummy}, {"X/Z/U*", ActionKind::RemapUid}};
  for (const auto& [code, action] : expected)
  {
    ASSERT_TRUE(ActionOfTableCode(code, kind)) << code;
    EXPECT_EQ(kind, action) << code;
  }
  EXPECT_FALSE(ActionOfTableCode("Q", kind));
  // Every code the table uses is known.
  for (const TableRow& row : Table()->Rows())
  {
    EXPECT_TRUE(ActionOfTableCode(row.basic, kind)) << row.basic;
    for (const auto& cell : row.options)
    {
      EXPECT_TRUE(ActionOfTableCode(cell.second, kind)) << cell.second;
    }
  }
}

TEST(ProfileRegistry, OptionsChangeTheEffectiveCode)
{
  const TableRow& studyDate = *Table()->FindByKeyword("StudyDate");
  EXPECT_EQ(EffectiveTableCode(studyDate, {}), "Z");
  EXPECT_EQ(EffectiveTableCode(studyDate, {DeidentificationOption::RetainLongitudinalFullDates}), "K");
  EXPECT_EQ(EffectiveTableCode(studyDate, {DeidentificationOption::RetainLongitudinalModifiedDates}), "C");
  const TableRow& age = *Table()->FindByKeyword("PatientAge");
  EXPECT_EQ(EffectiveTableCode(age, {DeidentificationOption::RetainPatientCharacteristics}), "K");
  EXPECT_EQ(EffectiveTableCode(age, {DeidentificationOption::CleanDescriptors}), "X");
}

TEST(ProfileRegistry, ResolvedProfileJsonShowsTheWholeProfile)
{
  const Json::Value json = BuiltinRegistry().Get("teaching")->ToJson();
  EXPECT_EQ(json["Name"].asString(), "teaching");
  EXPECT_EQ(json["ExtendsChain"][1].asString(), "basic");
  EXPECT_EQ(json["Options"].size(), 3u);
  EXPECT_EQ(json["PrivateTags"]["Policy"].asString(), "Remove");
  EXPECT_EQ(json["Rules"].size(), 3u);
  EXPECT_EQ(json["TableActions"]["0010,0010"]["Code"].asString(), "Z");
  EXPECT_EQ(json["TableActions"]["0008,0020"]["Action"].asString(), "Clean");   // StudyDate, modified dates
  EXPECT_EQ(json["Hash"].asString(), BuiltinRegistry().Get("teaching")->Hash());
  EXPECT_TRUE(json["ConformsToBasicProfile"].asBool());
}

TEST(ProfileRegistry, HashChangesWithTheResolvedContent)
{
  const auto a = ProfileFromJson(R"({"Name": "a", "Extends": "basic"})");
  const auto b = ProfileFromJson(R"({"Name": "a", "Extends": "basic", "Options": ["RetainUIDs"]})");
  const auto c = ProfileFromJson(R"({"Name": "a", "Extends": "basic"})");
  EXPECT_NE(a->Hash(), b->Hash());
  EXPECT_EQ(a->Hash(), c->Hash());
}

TEST(ProfileRegistry, ExtendsMergesFieldsAndRules)
{
  const auto child = ProfileFromJson(R"({
    "Name": "child", "Extends": "teaching", "Version": "7",
    "Rules": [{"Attribute": "PatientName", "Action": "Replace", "Value": "X"},
              {"Attribute": "*.InstitutionName", "Action": "Empty"}]})");
  EXPECT_EQ(child->Version(), "7");
  EXPECT_TRUE(child->HasOption(DeidentificationOption::CleanDescriptors));   // inherited
  const AttributeAction* name = child->Rules().Find(0x00100010, {});
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->kind, ActionKind::Replace);
  EXPECT_EQ(name->value.Text(), "X");                                        // child overrides base rule
  const AttributeAction* nested = child->Rules().Find(0x00080080, {0x00081110});
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->kind, ActionKind::Empty);                                // wildcard: any depth
  EXPECT_EQ(child->ToJson()["ExtendsChain"].size(), 3u);
}

TEST(ProfileRegistry, PathRulesAreAnchoredOrWildcard)
{
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "basic", "Rules": [
      {"Attribute": "RequestAttributesSequence.AccessionNumber", "Action": "Keep"},
      {"Attribute": "StudyDescription", "Action": "Keep"}]})");
  const AttributeRuleSet& rules = profile->Rules();
  EXPECT_EQ(rules.Find(0x00080050, {0x00400275})->kind, ActionKind::Keep);           // that path
  EXPECT_EQ(rules.Find(0x00080050, {})->kind, ActionKind::Empty);                    // top level: table Z
  EXPECT_EQ(rules.Find(0x00080050, {0x00081110, 0x00400275})->kind, ActionKind::Empty);  // anchored
  EXPECT_EQ(rules.Find(0x00081030, {})->kind, ActionKind::Keep);
  EXPECT_EQ(rules.Find(0x00081030, {0x00400275})->kind, ActionKind::Remove);          // nested: table
  EXPECT_FALSE(profile->ConformsToBasicProfile());
}

TEST(ProfileRegistry, TagsWorkLikeKeywords)
{
  const auto profile = ProfileFromJson(R"~({"Name": "p", "Extends": "basic", "Rules": [
      {"Attribute": "0010,0010", "Action": "Remove"}, {"Attribute": "(0010,0020)", "Action": "Remove"},
      {"Attribute": "00100030", "Action": "Remove"}, {"Attribute": "0019,1010", "Action": "Keep"}]})~");
  EXPECT_EQ(profile->Rules().Find(0x00100010, {})->kind, ActionKind::Remove);
  EXPECT_EQ(profile->Rules().Find(0x00100020, {})->kind, ActionKind::Remove);
  EXPECT_EQ(profile->Rules().Find(0x00100030, {})->kind, ActionKind::Remove);
  EXPECT_TRUE(profile->Rules().HasExplicitRule(0x00191010));
}

TEST(ProfileRegistry, WrongProfilesNameFileRuleAndReason)
{
  std::string error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "PatientNme", "Action": "Remove"}]})");
  EXPECT_TRUE(Mentions(error, "bad.json")) << error;
  EXPECT_TRUE(Mentions(error, "Rules[0] (PatientNme)")) << error;
  EXPECT_TRUE(Mentions(error, "unknown attribute keyword")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "PatientName", "Action": "Obliterate"}]})");
  EXPECT_TRUE(Mentions(error, "Rules[0] (PatientName)") && Mentions(error, "unknown action")) << error;

  error = LoadError(R"({"Name": "p", "Options": ["RetainEverything"]})");
  EXPECT_TRUE(Mentions(error, "Options") && Mentions(error, "unknown option")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "StudyDescription", "Action": "RegexReplace", "Pattern": "(["}]})");
  EXPECT_TRUE(Mentions(error, "Rules[0] (StudyDescription)") && Mentions(error, "bad regular expression")) << error;

  error = LoadError(R"({"Name": "p", "Extends": "nothing"})");
  EXPECT_TRUE(Mentions(error, "unknown base profile")) << error;

  error = LoadError(R"({"Name": "p", "Extends": "p"})");
  EXPECT_TRUE(Mentions(error, "cycle")) << error;

  error = LoadError(R"({"Name": "p", "Colour": "blue"})");
  EXPECT_TRUE(Mentions(error, "unknown key")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "StudyDate", "Action": "TruncateDate", "Precision": "Day"}]})");
  EXPECT_TRUE(Mentions(error, "Precision")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "PatientName", "Action": "TruncateDate"}]})");
  EXPECT_TRUE(Mentions(error, "DA or DT")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "PatientName", "Action": "Replace"}]})");
  EXPECT_TRUE(Mentions(error, "\"Value\" must be a string")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "PatientName", "Action": "Replace", "Value": "{Bad name}"}]})");
  EXPECT_TRUE(Mentions(error, "bad placeholder name")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "PatientID", "Action": "Pseudonymize", "Length": 99}]})");
  EXPECT_TRUE(Mentions(error, "Length")) << error;

  error = LoadError(R"({"Name": "p", "Rules": [{"Attribute": "PatientName.PatientID", "Action": "Remove"}]})");
  EXPECT_TRUE(Mentions(error, "not a sequence")) << error;

  error = LoadError(R"({"Name": "p", "Options": ["RetainLongitudinalFullDates", "RetainLongitudinalModifiedDates"]})");
  EXPECT_TRUE(Mentions(error, "exclude each other")) << error;

  error = LoadError(R"({"Name": "p", "BurnedInAnnotation": "Mask"})");
  EXPECT_TRUE(Mentions(error, "Masks")) << error;

  error = LoadError(R"({"Name": "p", "PrivateTags": {"Policy": "KeepCreators"}})");
  EXPECT_TRUE(Mentions(error, "Creators")) << error;

  error = LoadError(R"({"Name": "p", "Options": ["RetainSafePrivate"], "PrivateTags": {"Policy": "Remove"}})");
  EXPECT_TRUE(Mentions(error, "contradicts")) << error;

  error = LoadError(R"({"Name": "p", "DateShift": {"MinDays": 5, "MaxDays": 1}})");
  EXPECT_TRUE(Mentions(error, "MinDays")) << error;

  error = LoadError(R"({"Name": "basic"})");
  EXPECT_TRUE(Mentions(error, "duplicate profile name")) << error;

  error = LoadError(R"({"Name": "p", "Masks": [{"Regions": [{"X": 0, "Y": 0, "Width": 0, "Height": 5}]}]})");
  EXPECT_TRUE(Mentions(error, "Masks[0].Regions[0]")) << error;

  error = LoadError("{not json");
  EXPECT_TRUE(Mentions(error, "invalid JSON")) << error;

  error = LoadError(R"({"Name": "has space"})");
  EXPECT_TRUE(Mentions(error, "Name")) << error;
}

TEST(ProfileRegistry, CyclesAcrossFilesAreRejected)
{
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "ratatoskr-cycle-test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "a.json") << R"({"Name": "a", "Extends": "b"})";
  std::ofstream(folder / "b.json") << R"({"Name": "b", "Extends": "a"})";
  ProfileRegistry registry(Table());
  registry.LoadBuiltin();
  try
  {
    registry.LoadDirectory(folder.string());
    FAIL() << "cycle not detected";
  }
  catch (const ProfileError& e)
  {
    EXPECT_TRUE(Mentions(e.what(), "cycle in Extends")) << e.what();
    EXPECT_TRUE(Mentions(e.File(), ".json")) << e.File();
  }
  EXPECT_FALSE(registry.Has("a"));   // nothing of a failed batch is loaded
  std::filesystem::remove_all(folder);
}

TEST(ProfileRegistry, LoadsAFolderAndAFile)
{
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "ratatoskr-folder-test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "site.json") << R"({"Name": "site", "Extends": "local"})";
  std::ofstream(folder / "local.json") << R"({"Name": "local", "Extends": "teaching"})";
  std::ofstream(folder / "notes.txt") << "not a profile";
  std::ofstream(folder / "safe-private-tags.json") << R"({"Tags": []})";
  ProfileRegistry registry(Table());
  registry.LoadBuiltin();
  registry.LoadDirectory(folder.string());
  EXPECT_TRUE(registry.Has("site"));
  EXPECT_TRUE(registry.Has("local"));
  std::ofstream(folder / "one.json") << R"({"Name": "one", "Extends": "site"})";
  EXPECT_EQ(registry.LoadFile((folder / "one.json").string()), "one");
  EXPECT_THROW(registry.LoadFile((folder / "missing.json").string()), ProfileError);
  EXPECT_THROW(registry.LoadDirectory((folder / "missing").string()), ProfileError);
  std::filesystem::remove_all(folder);
}

TEST(ProfileRegistry, SafePrivateTagListIsEmbeddedAndComplete)
{
  const SafePrivateTags tags = SafePrivateTags::LoadEmbedded();
  EXPECT_EQ(tags.Tags().size(), 479u);
  EXPECT_TRUE(tags.Contains(0x0019, "GEMS_ACQU_01", 0x23));
  EXPECT_TRUE(tags.Contains(0x0019, "GEMS_ACQU_01 ", 0x23));   // padding ignored
  EXPECT_FALSE(tags.Contains(0x0019, "GEMS_ACQU_01", 0x22));
  EXPECT_TRUE(tags.HasCreator(0x2001, "Philips Imaging DD 001"));
  EXPECT_FALSE(tags.HasCreator(0x0029, "SIEMENS CSA HEADER"));
}

// Rows per (group, private creator) block as counted in PS3.15 2024b Table E.3.10-1 (DocBook
// part15.xml): a dropped, duplicated or mis-assigned row in safe-private-tags.json changes a count.
TEST(ProfileRegistry, SafePrivateTagListHasTheRowsOfTableE3101PerCreator)
{
  struct Block
  {
    uint16_t group;
    const char* creator;
    size_t rows;
  };
  const Block blocks[] = {
      {0x00E1, "ELSCINT1", 2},
      {0x01E1, "ELSCINT1", 1},
      {0x01F1, "ELSCINT1", 4},
      {0x0903, "GEIIS PACS", 3},
      {0x0019, "GEMS_ACQU_01", 4},
      {0x0045, "GEMS_HELIOS_01", 2},
      {0x0043, "GEMS_PARM_01", 3},
      {0x0025, "GEMS_SERS_01", 1},
      {0x7E01, "HOLOGIC, Inc.", 5},
      {0x0099, "NQHeader", 7},
      {0x0199, "NQLeft", 22},
      {0x0299, "NQRight", 22},
      {0x2001, "Philips Imaging DD 001", 184},
      {0x2001, "Philips Imaging DD 002", 86},
      {0x2001, "Philips Imaging DD 097", 70},
      {0x2001, "Philips Imaging DD 129", 10},
      {0x2005, "Philips MR Imaging DD 001", 2},
      {0x7053, "Philips PET Private Group", 2},
      {0x0025, "Philips ST80i", 1},
      {0x0019, "SIEMENS MR HEADER", 4},
      {0x7FD1, "SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING", 4},
      {0x0119, "SIEMENS Ultrasound SC2000", 15},
      {0x0129, "SIEMENS Ultrasound SC2000", 17},
      {0x0139, "SIEMENS Ultrasound SC2000", 1},
      {0x0149, "SIEMENS Ultrasound SC2000", 3},
      {0x7FD1, "SIEMENS Ultrasound SC2000", 4},
  };
  const SafePrivateTags tags = SafePrivateTags::LoadEmbedded();
  size_t total = 0;
  for (const Block& block : blocks)
  {
    size_t rows = 0;
    for (const SafePrivateTag& tag : tags.Tags())
    {
      rows += (tag.group == block.group && tag.creator == block.creator) ? 1 : 0;
    }
    EXPECT_EQ(rows, block.rows) << block.creator << " in group " << std::hex << block.group;
    total += block.rows;
  }
  EXPECT_EQ(tags.Tags().size(), total);   // no block outside the table

  // Gaps and neighbours the table has: DD 001 skips xx0D and xx20, DD 002 lists both.
  EXPECT_FALSE(tags.Contains(0x2001, "Philips Imaging DD 001", 0x0D));
  EXPECT_FALSE(tags.Contains(0x2001, "Philips Imaging DD 001", 0x20));
  EXPECT_TRUE(tags.Contains(0x2001, "Philips Imaging DD 002", 0x0D));
  EXPECT_TRUE(tags.Contains(0x2001, "Philips Imaging DD 002", 0x20));
  EXPECT_TRUE(tags.Contains(0x7053, "Philips PET Private Group", 0x00));   // SUV factor, offset 00
  EXPECT_TRUE(tags.Contains(0x0199, "NQLeft", 0x16));
  EXPECT_FALSE(tags.Contains(0x0199, "NQLeft", 0x17));
  // The same offset in the same group under two creators is two rows.
  EXPECT_TRUE(tags.Contains(0x7FD1, "SIEMENS Ultrasound SC2000", 0x09));
  EXPECT_TRUE(tags.Contains(0x7FD1, "SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING", 0x09));
  // Creators are compared exactly (after trimming): another spelling is another block.
  EXPECT_FALSE(tags.HasCreator(0x2005, "PHILIPS MR IMAGING DD 001"));
}
