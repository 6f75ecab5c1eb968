#include "Core/Crypto.h"
#include "Delivery/WebhookSecret.h"
#include "Delivery/WebhookSignature.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace Ratatoskr::Delivery;
namespace Crypto = Ratatoskr::Core::Crypto;

namespace
{
  // The test vector published with Standard Webhooks 1.0.0 (its reference libraries' tests).
  const std::string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const std::int64_t SpecTimestamp = 1614265330;
  const std::string SpecBody = "{\"test\": 2432232314}";
  const std::string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  std::string SecretErrorOf(const std::string& text)
  {
    try
    {
      WebhookSecret::Parse(text);
    }
    catch (const WebhookSecretError& e)
    {
      return e.what();
    }
    return "(no error)";
  }
}

TEST(Base64, EncodesAndDecodesTheRfc4648Vectors)
{
  const std::pair<const char*, const char*> vectors[] = {
    {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors)
  {
    EXPECT_EQ(encoded, Crypto::Base64Encode(plain));
    EXPECT_EQ(plain, Crypto::Base64Decode(encoded).value_or("(invalid)")) << encoded;
  }
  const std::string binary("\x00\xff\xfe\x80\x7f", 5);
  EXPECT_EQ(binary, Crypto::Base64Decode(Crypto::Base64Encode(binary)).value_or("(invalid)"));
}

TEST(Base64, DecodingIsStrictButTakesMissingPadding)
{
  EXPECT_EQ("f", Crypto::Base64Decode("Zg").value_or("(invalid)"));
  EXPECT_EQ("fo", Crypto::Base64Decode("Zm8").value_or("(invalid)"));
  EXPECT_EQ("\xfb\xff", Crypto::Base64Decode("+/8=").value_or("(invalid)"));
  for (const char* bad : {"Z", "Zg=", "Zg===", "Zm9v=", "Zm9v==", "Zm 9v", " Zm9v", "Zm9v\n", "-_8=", "Zm9v!",
                          "Zh==", "Zm9=", "=Zm9"})
  {
    EXPECT_FALSE(Crypto::Base64Decode(bad).has_value()) << bad;
  }
}

TEST(WebhookSignature, ReproducesTheSpecificationTestVector)
{
  const WebhookSecret secret = WebhookSecret::Parse(SpecSecret);
  EXPECT_EQ(24u, secret.Bytes().size());
  EXPECT_EQ(SpecSignature, SignWebhook(secret.Bytes(), SpecId, SpecTimestamp, SpecBody));
  EXPECT_EQ(SpecSecret, secret.Serialized());
}

TEST(WebhookSignature, HeadersCarryIdTimestampAndSignature)
{
  const auto headers = WebhookHeaders(WebhookSecret::Parse(SpecSecret).Bytes(), SpecId, SpecTimestamp, SpecBody);
  ASSERT_EQ(3u, headers.size());
  EXPECT_EQ(std::make_pair(std::string("webhook-id"), SpecId), headers[0]);
  EXPECT_EQ(std::make_pair(std::string("webhook-timestamp"), std::string("1614265330")), headers[1]);
  EXPECT_EQ(std::make_pair(std::string("webhook-signature"), SpecSignature), headers[2]);
}

TEST(WebhookSignature, EverySignedPartMatters)
{
  const std::string key = WebhookSecret::Parse(SpecSecret).Bytes();
  EXPECT_NE(SpecSignature, SignWebhook(key, SpecId + "x", SpecTimestamp, SpecBody));
  EXPECT_NE(SpecSignature, SignWebhook(key, SpecId, SpecTimestamp + 1, SpecBody));
  EXPECT_NE(SpecSignature, SignWebhook(key, SpecId, SpecTimestamp, "{\"test\":2432232314}"));
  EXPECT_NE(SpecSignature, SignWebhook(key + "x", SpecId, SpecTimestamp, SpecBody));
  EXPECT_EQ(0u, SignWebhook(key, SpecId, 0, "").find("v1,"));
}

TEST(WebhookSignature, IdsWithDotsBlanksOrControlsAndNegativeTimestampsAreRefused)
{
  const std::string key = WebhookSecret::Parse(SpecSecret).Bytes();
  for (const std::string& id : {std::string(""), std::string("msg.1"), std::string("msg 1"),
                                std::string("msg\r\nX-Injected: 1"), std::string("m\xc3\xa9g"), std::string(257, 'a')})
  {
    EXPECT_FALSE(IsValidWebhookId(id));
    EXPECT_THROW(SignWebhook(key, id, SpecTimestamp, SpecBody), std::invalid_argument);
  }
  EXPECT_TRUE(IsValidWebhookId(std::string(256, 'a')));
  EXPECT_THROW(SignWebhook(key, SpecId, -1, SpecBody), std::invalid_argument);
  EXPECT_THROW(SignWebhook("", SpecId, SpecTimestamp, SpecBody), std::invalid_argument);
}

TEST(WebhookSignature, NewIdsAreValidAndDistinct)
{
  const std::string a = NewWebhookId(), b = NewWebhookId();
  EXPECT_TRUE(IsValidWebhookId(a));
  EXPECT_EQ(0u, a.find("msg_"));
  EXPECT_EQ(36u, a.size());
  EXPECT_NE(a, b);
}

TEST(WebhookSecret, ParsesPrefixedBase64Of24To64Bytes)
{
  EXPECT_EQ(24u, WebhookSecret::Parse("whsec_" + Crypto::Base64Encode(std::string(24, 'k'))).Bytes().size());
  EXPECT_EQ(64u, WebhookSecret::Parse("whsec_" + Crypto::Base64Encode(std::string(64, 'k'))).Bytes().size());
  // Unpadded base64 is accepted, as the reference libraries do.
  const std::string padded = Crypto::Base64Encode(std::string(32, 'k'));
  ASSERT_EQ('=', padded.back());
  EXPECT_EQ(std::string(32, 'k'), WebhookSecret::Parse("whsec_" + padded.substr(0, padded.find('='))).Bytes());
}

TEST(WebhookSecret, ErrorsAreClearAndNeverEchoTheSecret)
{
  const std::string bare = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string rule = "a Standard Webhooks secret is \"whsec_\" followed by the base64 of 24 to 64 random bytes";
  EXPECT_EQ("the secret does not start with \"whsec_\" (" + rule + ")", SecretErrorOf(bare));
  EXPECT_EQ("the secret does not start with \"whsec_\" (" + rule + ")", SecretErrorOf("WHSEC_" + bare));
  EXPECT_EQ("the secret is not valid base64 after \"whsec_\" (" + rule + ")", SecretErrorOf("whsec_" + bare + "!"));
  EXPECT_EQ("the secret is not valid base64 after \"whsec_\" (" + rule + ")", SecretErrorOf("whsec_ " + bare));
  EXPECT_EQ("the secret has a wrong length (" + rule + ")",
            SecretErrorOf("whsec_" + Crypto::Base64Encode(std::string(23, 'k'))));
  EXPECT_EQ("the secret has a wrong length (" + rule + ")",
            SecretErrorOf("whsec_" + Crypto::Base64Encode(std::string(65, 'k'))));
  EXPECT_EQ("the secret has a wrong length (" + rule + ")", SecretErrorOf("whsec_"));
  for (const std::string& text : {bare, "whsec_" + bare + "!", "whsec_" + bare.substr(0, 20)})
  {
    const std::string error = SecretErrorOf(text);
    EXPECT_EQ(std::string::npos, error.find(bare.substr(0, 8))) << error;
  }
}

TEST(WebhookSecret, GeneratedSecretsRoundTrip)
{
  const WebhookSecret secret = WebhookSecret::Generate();
  EXPECT_EQ(32u, secret.Bytes().size());
  EXPECT_EQ(secret.Bytes(), WebhookSecret::Parse(secret.Serialized()).Bytes());
  EXPECT_NE(secret.Bytes(), WebhookSecret::Generate().Bytes());
  EXPECT_THROW(WebhookSecret::Generate(16), WebhookSecretError);
  EXPECT_THROW(WebhookSecret::Generate(65), WebhookSecretError);
}
