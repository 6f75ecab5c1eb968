#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

// The one rule for pseudonymization keys, shared by the plugin ("Secret", "SecretFile", the webhooks'
// secrets) and the CLI (--secret, --secret-file, RATATOSKR_SECRET): the same key file must give the
// same key, hence the same pseudonyms, everywhere.
namespace Ratatoskr::Core
{
  // A key is unusable. The message is a reason only, never the key nor any byte of the file; the
  // caller says where the key came from (configuration key, option, path).
  class SecretError : public std::runtime_error
  {
  public:
    explicit SecretError(const std::string& reason) : std::runtime_error(reason) {}
  };

  constexpr size_t MinimumSecretLength = 16;   // bytes (characters for ASCII keys)
  constexpr size_t MaximumKeyFileSize = 65536; // a larger file is not a key file (a wrong path?)

  // The key held by the text of a key file (the whole file, or its first MaximumKeyFileSize + 1 bytes; the
  // WebAssembly engine's callers read the file themselves and pass its text here):
  // - a file larger than MaximumKeyFileSize is not a key file;
  // - a UTF-8 byte order mark at the very start is skipped (editors on Windows write one);
  // - the key is the first line, up to the first CR or LF (LF, CRLF and CR endings alike); the lines
  //   after it are ignored;
  // - spaces and tabs at both ends of that line are removed, those inside are kept;
  // - the file must be text: no control character but tab, CR and LF anywhere in it (a binary key
  //   would otherwise be cut silently at its first newline byte);
  // - the key must have at least MinimumSecretLength bytes.
  // Throws SecretError otherwise (too large, empty file, empty first line, control characters, too short).
  std::string SecretFromKeyFileText(const std::string& text);

  // Reads the file at `path` (at most MaximumKeyFileSize + 1 bytes), then SecretFromKeyFileText().
  std::string ReadKeyFile(const std::string& path);

  // Throws SecretError unless `secret` has at least MinimumSecretLength bytes. For keys given inline
  // (configuration, command line, environment), which are taken as they are.
  void CheckSecretLength(const std::string& secret);
}
