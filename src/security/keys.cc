#include "security/keys.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common/strings.h"
#include "security/crypto.h"

namespace xiezuo::security {

static_assert(kKeyBytes == crypto_kdf_KEYBYTES);
static_assert(kKeyBytes <= crypto_kdf_BYTES_MAX);

namespace {

// crypto_kdf context: exactly 8 bytes, fixed forever for this deployment
// format. Changing it changes every subkey.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "xiezuoKR";
// Subkey id for the fingerprint; far from the KeyPurpose ids.
constexpr uint64_t kFingerprintSubkeyId = 0xF1F1;
constexpr size_t kMaxKeyFileBytes = 4096;

// Wipes a string's bytes before it is freed (best effort: copies the caller
// made are theirs to wipe).
struct ScopedWipe {
  std::string& s;
  ~ScopedWipe() { sodium_memzero(s.data(), s.size()); }
};

// `where` is "XIEZUO_KEY" or the key file path, for the messages. The
// messages give lengths and positions only, never the characters.
StatusOr<Key> ParseHexKey(std::string_view text, const std::string& where) {
  std::string_view hex = Trim(text);
  if (hex.size() != 2 * kKeyBytes) {
    return InvalidArgument(
        fmt::format("{} 中的密钥格式错误：应为 64 个十六进制字符（32 字节），实际为 {} "
                    "个字符。可用 openssl rand -hex 32 生成",
                    where, hex.size()),
        fmt::format("Malformed key in {}: expected 64 hex characters (32 bytes), "
                    "found {} characters. Generate one with: openssl rand -hex 32",
                    where, hex.size()));
  }
  for (size_t i = 0; i < hex.size(); ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(hex[i]))) {
      return InvalidArgument(
          fmt::format("{} 中的密钥格式错误：第 {} 个字符不是十六进制数字（0-9、a-f）", where,
                      i + 1),
          fmt::format("Malformed key in {}: character {} is not a hex digit (0-9, a-f)", where,
                      i + 1));
    }
  }
  Key key{};
  size_t bin_len = 0;
  if (sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &bin_len, nullptr) !=
          0 ||
      bin_len != kKeyBytes) {
    sodium_memzero(key.data(), key.size());
    return InvalidArgument(fmt::format("{} 中的密钥无法解析", where),
                           fmt::format("Could not decode the key in {}", where));
  }
  return key;
}

Status IoError(const std::string& what_zh, const std::string& what_en, const std::string& path,
               int err) {
  return Unavailable(fmt::format("{} {} 失败：{}", what_zh, path, std::strerror(err)),
                     fmt::format("{} {} failed: {}", what_en, path, std::strerror(err)));
}

// mkdir -p, creating missing directories with mode 0700 (the key's parent
// directory need not be listable by others).
Status MakeParentDirs(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::Ok();
  std::filesystem::path partial;
  for (const auto& part : parent) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      return IoError("创建目录", "Creating directory", partial.string(), errno);
    }
  }
  return Status::Ok();
}

// Outcome of trying to read the key file.
struct ReadResult {
  bool missing = false;
  Key key{};
};

StatusOr<ReadResult> ReadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return ReadResult{.missing = true};
    return IoError("读取密钥文件", "Reading key file", path, errno);
  }
  // Check the opened file, not the path, so a swap between check and read
  // cannot slip a different file past the permission check.
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return IoError("读取密钥文件", "Reading key file", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return FailedPrecondition(fmt::format("密钥文件 {} 不是普通文件", path),
                              fmt::format("Key file {} is not a regular file", path));
  }
  unsigned mode = st.st_mode & 07777;
  if ((mode & 077) != 0) {
    ::close(fd);
    return FailedPrecondition(
        fmt::format("密钥文件 {} 的权限为 {:04o}，同组或其他用户可以访问，已拒绝加载。"
                    "请执行：chmod 600 {}",
                    path, mode, path),
        fmt::format("Refusing key file {}: mode {:04o} lets group or other users "
                    "access it. Run: chmod 600 {}",
                    path, mode, path));
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  ScopedWipe wipe{text};
  size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return IoError("读取密钥文件", "Reading key file", path, err);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (got > kMaxKeyFileBytes) {
    return InvalidArgument(
        fmt::format("密钥文件 {} 过大：应只包含 64 个十六进制字符", path),
        fmt::format("Key file {} is too large: it should hold 64 hex characters only", path));
  }
  ASSIGN_OR_RETURN(Key key, ParseHexKey(std::string_view(text.data(), got), path));
  return ReadResult{.missing = false, .key = key};
}

// Writes a fresh random key to `path` without ever exposing a partly written
// file: write a 0600 temp file, fsync, then link() it into place, which fails
// with EEXIST if another process won the race (we then read theirs).
// Returns missing=true in that race so the caller re-reads.
StatusOr<ReadResult> CreateKeyFile(const std::string& path) {
  RETURN_IF_ERROR(MakeParentDirs(path));
  Key key{};
  randombytes_buf(key.data(), key.size());
  std::string hex = ToHex(key.data(), key.size()) + "\n";
  ScopedWipe wipe{hex};

  std::string tmp = path + ".tmp.XXXXXX";
  int fd = ::mkstemp(tmp.data());  // mode 0600 regardless of umask
  if (fd < 0) {
    sodium_memzero(key.data(), key.size());
    return IoError("创建密钥文件", "Creating key file", path, errno);
  }
  auto fail = [&](int err) -> Status {
    ::close(fd);
    ::unlink(tmp.c_str());
    sodium_memzero(key.data(), key.size());
    return IoError("创建密钥文件", "Creating key file", path, err);
  };
  if (::fchmod(fd, 0600) != 0) return fail(errno);
  size_t put = 0;
  while (put < hex.size()) {
    ssize_t n = ::write(fd, hex.data() + put, hex.size() - put);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errno);
    put += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail(errno);
  ::close(fd);
  int link_rc = ::link(tmp.c_str(), path.c_str());
  int link_err = errno;
  ::unlink(tmp.c_str());
  if (link_rc != 0) {
    sodium_memzero(key.data(), key.size());
    if (link_err == EEXIST) return ReadResult{.missing = true};
    return IoError("创建密钥文件", "Creating key file", path, link_err);
  }
  return ReadResult{.missing = false, .key = key};
}

}  // namespace

KeySource KeySourceFromEnv(const std::function<const char*(const char*)>& getenv_fn) {
  KeySource src;
  if (const char* hex = getenv_fn("XIEZUO_KEY")) src.hex = std::string(hex);
  if (const char* file = getenv_fn("XIEZUO_KEY_FILE"); file && *file) {
    src.file_path = file;
  }
  return src;
}

KeySource KeySourceFromEnv() {
  return KeySourceFromEnv([](const char* name) { return std::getenv(name); });
}

StatusOr<std::unique_ptr<KeyRing>> KeyRing::Load(const KeySource& source) {
  RETURN_IF_ERROR(InitCrypto());
  if (source.hex.has_value()) {
    ASSIGN_OR_RETURN(Key master, ParseHexKey(*source.hex, "XIEZUO_KEY"));
    return std::unique_ptr<KeyRing>(new KeyRing(master));
  }
  const std::string& path = source.file_path;
  if (path.empty()) {
    return FailedPrecondition("未配置密钥：请设置 XIEZUO_KEY 或 XIEZUO_KEY_FILE",
                              "No key configured: set XIEZUO_KEY or XIEZUO_KEY_FILE");
  }
  ASSIGN_OR_RETURN(ReadResult r, ReadKeyFile(path));
  if (r.missing && source.create_if_missing) {
    ASSIGN_OR_RETURN(r, CreateKeyFile(path));
    if (r.missing) {  // lost a creation race: use the winner's key
      ASSIGN_OR_RETURN(r, ReadKeyFile(path));
    }
  }
  if (r.missing) {
    return FailedPrecondition(
        fmt::format("找不到密钥文件 {}。请设置 XIEZUO_KEY（64 个十六进制字符），"
                    "或用 openssl rand -hex 32 > {} && chmod 600 {} 创建密钥文件，并妥善备份",
                    path, path, path),
        fmt::format("Key file {} not found. Set XIEZUO_KEY (64 hex characters) or "
                    "create it with: openssl rand -hex 32 > {} && chmod 600 {} "
                    "(and back it up)",
                    path, path, path));
  }
  return std::unique_ptr<KeyRing>(new KeyRing(r.key));
}

std::unique_ptr<KeyRing> KeyRing::ForTesting(uint8_t seed) {
  internal::EnsureCrypto();
  Key master;
  master.fill(seed);
  return std::unique_ptr<KeyRing>(new KeyRing(master));
}

KeyRing::KeyRing(Key& master) {
  auto derive = [&](Key& out, KeyPurpose p) {
    crypto_kdf_derive_from_key(out.data(), out.size(), static_cast<uint64_t>(p), kKdfContext,
                               master.data());
  };
  derive(pii_, KeyPurpose::kPiiEncryption);
  derive(blind_index_, KeyPurpose::kBlindIndex);
  derive(audit_chain_, KeyPurpose::kAuditChain);
  derive(session_token_, KeyPurpose::kSessionToken);
  unsigned char fp[crypto_kdf_BYTES_MIN];
  crypto_kdf_derive_from_key(fp, sizeof fp, kFingerprintSubkeyId, kKdfContext, master.data());
  fingerprint_ = ToHex(fp, 8);
  sodium_memzero(master.data(), master.size());
}

KeyRing::~KeyRing() {
  sodium_memzero(pii_.data(), pii_.size());
  sodium_memzero(blind_index_.data(), blind_index_.size());
  sodium_memzero(audit_chain_.data(), audit_chain_.size());
  sodium_memzero(session_token_.data(), session_token_.size());
}

const Key& KeyRing::Subkey(KeyPurpose purpose) const {
  switch (purpose) {
    case KeyPurpose::kPiiEncryption:
      return pii_;
    case KeyPurpose::kBlindIndex:
      return blind_index_;
    case KeyPurpose::kAuditChain:
      return audit_chain_;
    case KeyPurpose::kSessionToken:
      return session_token_;
  }
  std::abort();  // unreachable: enum class with every value handled
}

}  // namespace xiezuo::security
