#include "TestSupport.h"

#include "Core/Errors.h"
#include "Core/JsonText.h"
#include "Core/ServedProfile.h"

#include <gtest/gtest.h>

using namespace Ratatoskr::Core;
using Ratatoskr::Tests::BuiltinRegistry;
using Ratatoskr::Tests::Table;

// A resolved profile as GET /ratatoskr/profiles/{name} serves it (ResolvedProfile::ToJson()) loads back into an
// engine as that very profile; the strict parser of profile files still refuses it; a changed document is refused.
namespace
{
  std::string Served(const ProfileRegistry& registry, const std::string& name)
  {
    return JsonText::Canonical(registry.Get(name)->ToJson());
  }

  Json::Value WithoutSourceFile(Json::Value json)
  {
    json.removeMember("SourceFile");
    return json;
  }

  // The error of loading a served document into a fresh engine, or "" when it loads.
  std::string ServedError(const Json::Value& document)
  {
    ProfileRegistry registry(Table());
    registry.LoadBuiltin();
    try
    {
      registry.LoadServedJson(JsonText::Canonical(document), "served teaching");
    }
    catch (const ProfileError& e)
    {
      EXPECT_EQ(e.File(), "served teaching");
      return e.what();
    }
    return std::string();
  }

  bool Mentions(const std::string& text, const std::string& part)
  {
    return text.find(part) != std::string::npos;
  }
}

TEST(ServedProfile, EveryBuiltinProfileLoadsBackAsItself)
{
  for (const std::string& name : BuiltinRegistry().ListNames())
  {
    const std::string served = Served(BuiltinRegistry(), name);
    ASSERT_TRUE(IsServedProfile(JsonText::Parse(served, name)));
    ProfileRegistry engine(Table());   // no built-in profiles: only the served one
    EXPECT_EQ(engine.LoadServedJson(served, "served " + name), name);
    const auto loaded = engine.Get(name);
    EXPECT_EQ(loaded->Hash(), BuiltinRegistry().Get(name)->Hash()) << name;
    EXPECT_EQ(JsonText::Canonical(WithoutSourceFile(loaded->ToJson())),
              JsonText::Canonical(WithoutSourceFile(BuiltinRegistry().Get(name)->ToJson()))) << name;
  }
}

TEST(ServedProfile, AProfileOfThreeLayersWithSafePrivateTagsLoadsBackAsItself)
{
  ProfileRegistry server(Table());
  server.LoadBuiltin();
  server.LoadJson(R"({"Name": "course", "Extends": "teaching", "Version": "3",
    "PrivateTags": {"Policy": "RetainSafe", "SafeTags": [{"Group": "0019", "Creator": "ACME 1", "Element": "10"}]},
    "BurnedInAnnotation": "Mask",
    "Masks": [{"Manufacturer": "ACME", "Rows": 512, "Columns": 512, "Regions": [{"X": 0, "Y": 0, "Width": 512, "Height": 40}]}],
    "Rules": [{"Attribute": "StudyDescription", "Action": "Keep", "Comment": "course titles"},
              {"Attribute": "PatientID", "Action": "Pseudonymize", "Length": 12, "Format": "Hex"}]})", "course.json");
  const auto original = server.Get("course");
  ASSERT_EQ(original->ToJson()["ExtendsChain"].size(), 3u);

  ProfileRegistry engine(Table());
  engine.LoadBuiltin();
  EXPECT_EQ(engine.LoadServedJson(Served(server, "course"), "served course"), "course");
  EXPECT_EQ(engine.Get("course")->Hash(), original->Hash());
  EXPECT_EQ(JsonText::Canonical(WithoutSourceFile(engine.Get("course")->ToJson())),
            JsonText::Canonical(WithoutSourceFile(original->ToJson())));
  EXPECT_TRUE(engine.Get("course")->SafePrivate().Contains(0x0019, "ACME 1", 0x10));
  EXPECT_FALSE(engine.Get("course")->ConformsToBasicProfile());
}

TEST(ServedProfile, AServedProfileReplacesTheEnginesOwnOfThatName)
{
  ProfileRegistry engine(Table());
  engine.LoadBuiltin();
  EXPECT_EQ(engine.LoadServedJson(Served(BuiltinRegistry(), "teaching"), "served teaching"), "teaching");
  EXPECT_EQ(engine.Get("teaching")->Hash(), BuiltinRegistry().Get("teaching")->Hash());
  // It is no base of a profile file, nor may a profile file take its name.
  EXPECT_THROW(engine.LoadJson(R"({"Name": "teaching", "Extends": "basic"})", "again.json"), ProfileError);
}

TEST(ServedProfile, ProfileFilesStayStrict)
{
  ProfileRegistry registry(Table());
  registry.LoadBuiltin();
  try
  {
    registry.LoadJson(Served(BuiltinRegistry(), "basic"), "basic-served.json");
    FAIL() << "a served document is not a profile file";
  }
  catch (const ProfileError& e)
  {
    EXPECT_TRUE(Mentions(e.what(), "unknown key")) << e.what();
  }
}

TEST(ServedProfile, AChangedDocumentIsRefusedNamingTheKey)
{
  const Json::Value served = JsonText::Parse(Served(BuiltinRegistry(), "teaching"), "teaching");
  EXPECT_EQ(ServedError(served), "");

  Json::Value table = served;
  table["TableActions"]["0010,0010"]["Action"] = "Keep";
  EXPECT_TRUE(Mentions(ServedError(table), "TableActions")) << ServedError(table);

  Json::Value hash = served;
  hash["Hash"] = "00000000";
  EXPECT_TRUE(Mentions(ServedError(hash), "Hash")) << ServedError(hash);

  Json::Value conforms = served;
  conforms["ConformsToBasicProfile"] = false;
  EXPECT_TRUE(Mentions(ServedError(conforms), "ConformsToBasicProfile")) << ServedError(conforms);

  Json::Value unknown = served;
  unknown["Extra"] = 1;
  EXPECT_TRUE(Mentions(ServedError(unknown), "unknown key \"Extra\"")) << ServedError(unknown);

  Json::Value missing = served;
  missing.removeMember("TableActions");
  EXPECT_TRUE(Mentions(ServedError(missing), "must have \"TableActions\"")) << ServedError(missing);

  Json::Value from = served;
  from["Rules"][0]["From"] = "elsewhere";
  EXPECT_TRUE(Mentions(ServedError(from), "\"From\"")) << ServedError(from);

  Json::Value rule = served;
  rule["Rules"][0]["Action"] = "Keep";
  EXPECT_NE(ServedError(rule), "");   // a kept PatientName no longer resolves to this hash

  Json::Value badRule = served;
  badRule["Rules"][0]["Attribute"] = "PatientNme";
  EXPECT_TRUE(Mentions(ServedError(badRule), "PatientNme")) << ServedError(badRule);
}
