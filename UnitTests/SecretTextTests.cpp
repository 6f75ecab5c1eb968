#include "Core/SecretText.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using Ratatoskr::Core::ReadKeyFile;
using Ratatoskr::Core::SecretError;
using Ratatoskr::Core::SecretFromKeyFileText;

namespace
{
  const std::string Key = "0123456789abcdef-key";

  std::string ErrorOf(const std::string& text)
  {
    try
    {
      SecretFromKeyFileText(text);
    }
    catch (const SecretError& e)
    {
      return e.what();
    }
    return "(no error)";
  }

  std::string Utf16(const std::string& ascii)   // as Windows editors save "Unicode" text
  {
    std::string text = "\xff\xfe";
    for (char c : ascii)
    {
      text += c;
      text += '\0';
    }
    return text;
  }

  std::string WriteFile(const std::string& name, const std::string& content)
  {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
}

TEST(SecretText, TheKeyIsTheFirstLineWithoutItsEnding)
{
  EXPECT_EQ(Key, SecretFromKeyFileText(Key));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + "\n"));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + "\r\n"));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + "\r"));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + "\n\n\n"));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + "\nsecond line, a comment\n"));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + "\r\nsecond line\r\n"));
}

TEST(SecretText, BlanksAtBothEndsOfTheLineAreRemovedInsideOnesKept)
{
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + " "));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + " \t \n"));
  EXPECT_EQ(Key, SecretFromKeyFileText(Key + " \r\n"));
  EXPECT_EQ(Key, SecretFromKeyFileText("  \t" + Key + "\n"));
  EXPECT_EQ("a key with inner  spaces", SecretFromKeyFileText(" a key with inner  spaces \n"));
}

TEST(SecretText, ALeadingUtf8ByteOrderMarkIsSkipped)
{
  EXPECT_EQ(Key, SecretFromKeyFileText("\xEF\xBB\xBF" + Key + "\r\n"));
  // Only at the very start: elsewhere it is part of the key (bytes >= 0x80 are allowed).
  EXPECT_EQ(Key + "\xEF\xBB\xBF", SecretFromKeyFileText(Key + "\xEF\xBB\xBF\n"));
  EXPECT_EQ("the file is empty", ErrorOf("\xEF\xBB\xBF"));
}

TEST(SecretText, EmptyOrBlankFilesAndEmptyFirstLinesAreRefused)
{
  EXPECT_EQ("the file is empty", ErrorOf(""));
  EXPECT_EQ("the file is empty", ErrorOf("\n"));
  EXPECT_EQ("the file is empty", ErrorOf("\r\n"));
  EXPECT_EQ("the file is empty", ErrorOf("  \t \n \n"));
  EXPECT_EQ("the first line is empty: the key must be on the first line", ErrorOf("\n" + Key + "\n"));
  EXPECT_EQ("the first line is empty: the key must be on the first line", ErrorOf(" \t\r\n" + Key));
}

TEST(SecretText, ControlCharactersAnywhereAreRefused)
{
  // A binary key would otherwise be cut at its first newline byte without a word.
  for (const std::string& text : {std::string("0123456789abcdef\0x", 18), Key + "\x01", Key + "\n\x1b[0m",
                                  Key + "\x7f", Utf16(Key)})
  {
    const std::string error = ErrorOf(text);
    EXPECT_EQ(0u, error.find("the file holds control characters")) << error;
  }
  EXPECT_EQ("the file holds control characters: a key file is a line of text (for instance the output of "
            "\"openssl rand -hex 32\")", ErrorOf(std::string(20, 'k') + '\0'));
}

TEST(SecretText, KeysHaveAtLeastSixteenCharactersAndErrorsNeverShowThem)
{
  EXPECT_EQ("the key must have at least 16 characters", ErrorOf("short-key-15chr\n"));
  EXPECT_EQ("the key must have at least 16 characters", ErrorOf("  short-key-15chr  \n" + Key));
  EXPECT_EQ("exactly-16-chars", SecretFromKeyFileText("exactly-16-chars\n"));
  EXPECT_THROW(Ratatoskr::Core::CheckSecretLength("fifteen-chars15"), SecretError);
  EXPECT_NO_THROW(Ratatoskr::Core::CheckSecretLength("sixteen-chars-16"));
  EXPECT_EQ(std::string::npos, ErrorOf("short-key-15chr").find("short"));
}

TEST(SecretText, ReadKeyFileAppliesTheSameRule)
{
  const std::string path = WriteFile("ratatoskr-key-crlf.txt", "\xEF\xBB\xBF " + Key + " \r\nnext\r\n");
  EXPECT_EQ(Key, ReadKeyFile(path));
  std::remove(path.c_str());

  try
  {
    ReadKeyFile("/nonexistent/ratatoskr-key");
    FAIL() << "no error";
  }
  catch (const SecretError& e)
  {
    EXPECT_EQ("cannot be read (No such file or directory)", std::string(e.what()));
  }

  const std::string big = WriteFile("ratatoskr-key-big.txt", Key + "\n" + std::string(70000, 'x'));
  EXPECT_THROW(ReadKeyFile(big), SecretError);
  std::remove(big.c_str());

  const std::string empty = WriteFile("ratatoskr-key-empty.txt", "");
  EXPECT_THROW(ReadKeyFile(empty), SecretError);
  std::remove(empty.c_str());

  EXPECT_THROW(ReadKeyFile(::testing::TempDir()), SecretError);  // a folder
}

TEST(SecretText, TheTextOfAFileLargerThanAKeyFileIsRefusedToo)
{
  // The WebAssembly engine's callers read the file themselves (at most MaximumKeyFileSize + 1 bytes) and
  // give its text: the same rule as ReadKeyFile.
  const std::string limit = Key + "\n" + std::string(Ratatoskr::Core::MaximumKeyFileSize - Key.size() - 1, 'x');
  EXPECT_EQ(Key, SecretFromKeyFileText(limit));
  EXPECT_EQ("the file is larger than 64 KiB: it is not a key file", ErrorOf(limit + "x"));
}
