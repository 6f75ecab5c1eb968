#include "Rest/CrossSiteCheck.h"

#include <gtest/gtest.h>

using Ratatoskr::CheckCrossSiteRequest;
using Ratatoskr::NormalizeOrigin;
using Headers = std::map<std::string, std::string>;

namespace
{
  int Status(const Headers& headers, bool hasBody = true, const std::vector<std::string>& allowed = {})
  {
    const auto refusal = CheckCrossSiteRequest(headers, hasBody, allowed);
    return refusal ? refusal->status : 0;
  }
}

TEST(CrossSiteCheck, JsonFromTheSameOriginOrNoPageIsAccepted)
{
  EXPECT_EQ(0, Status({{"host", "localhost:8042"}, {"content-type", "application/json"},
                       {"origin", "http://localhost:8042"}}));
  EXPECT_EQ(0, Status({{"host", "localhost:8042"}, {"content-type", "application/json; charset=UTF-8"},
                       {"referer", "http://localhost:8042/app/explorer.html#study?uuid=1"}}));
  EXPECT_EQ(0, Status({{"host", "orthanc.example"}, {"content-type", "application/json"},
                       {"origin", "https://orthanc.example:443"}}));
  EXPECT_EQ(0, Status({{"content-type", "application/json"}}));  // curl, scripts
  EXPECT_EQ(0, Status({}, false));                                // an empty POST from curl
  EXPECT_EQ(0, Status({{"host", "localhost:8042"}, {"origin", "http://localhost:8042"}}, false));
}

TEST(CrossSiteCheck, ForeignOriginsAreRefused)
{
  const Headers evil = {{"host", "localhost:8042"}, {"content-type", "application/json"},
                        {"origin", "https://evil.example"}};
  const auto refusal = CheckCrossSiteRequest(evil, true, {});
  ASSERT_TRUE(refusal);
  EXPECT_EQ(403, refusal->status);
  EXPECT_EQ("Cross-site request refused: its Origin \"https://evil.example\" is neither this Orthanc nor listed "
            "in \"Ratatoskr.AllowedOrigins\"", refusal->message);
  EXPECT_EQ(403, Status({{"host", "localhost:8042"}, {"origin", "null"}}, false));
  EXPECT_EQ(403, Status({{"host", "localhost:8042"}, {"origin", "http://localhost:8043"}}, false));
  EXPECT_EQ(403, Status({{"host", "localhost:8042"}, {"referer", "https://evil.example/page"}}, false));
  EXPECT_EQ(403, Status({{"origin", "https://evil.example"}}, false));  // no Host: nothing to be the same as
  // Listed origins are accepted, whatever the case of the letters.
  EXPECT_EQ(0, Status(evil, true, {"https://EVIL.example"}));
  EXPECT_EQ(403, Status(evil, true, {"http://evil.example"}));
}

TEST(CrossSiteCheck, BodiesMustBeDeclaredJson)
{
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
  {
    EXPECT_EQ(415, Status({{"host", "localhost:8042"}, {"origin", "http://localhost:8042"}, {"content-type", type}}))
      << type;
    EXPECT_EQ(415, Status({{"content-type", type}}, false)) << type;  // a form with no fields
  }
  EXPECT_EQ(415, Status({}, true));  // a body without a Content-Type
  // The type is checked first: a cross-site form gets 415 whatever its origin.
  EXPECT_EQ(415, Status({{"origin", "https://evil.example"}, {"content-type", "text/plain"}}));
}

TEST(CrossSiteCheck, NormalizeOrigin)
{
  EXPECT_EQ("https://pacs.example", NormalizeOrigin("HTTPS://Pacs.Example:443/viewer?x=1"));
  EXPECT_EQ("http://localhost:8042", NormalizeOrigin("http://alice:pw@localhost:8042/app/"));
  EXPECT_EQ("http://localhost", NormalizeOrigin("http://localhost:80"));
  EXPECT_EQ("", NormalizeOrigin("null"));
  EXPECT_EQ("", NormalizeOrigin("ftp://host"));
  EXPECT_EQ("", NormalizeOrigin("https://"));
}
