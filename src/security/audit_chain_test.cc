#include "security/audit_chain.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <vector>

namespace xiezuo::security {
namespace {

AuditFields Sample() {
  return {.id = 42,
          .at = 1700000000,
          .user_id = 7,
          .action = "worker.update",
          .object = "worker:1001",
          .result = "ok",
          .detail = "{\"field\":\"phone\"}"};
}

TEST(AuditChainTest, DeterministicHex) {
  auto keys = KeyRing::ForTesting(3);
  std::string h = ChainHash(*keys, kAuditGenesisHash, Sample());
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(h, ChainHash(*keys, kAuditGenesisHash, Sample()));
  EXPECT_TRUE(ChainHashMatches(*keys, kAuditGenesisHash, Sample(), h));
}

TEST(AuditChainTest, ChangesWhenAnyFieldOrPrevHashChanges) {
  auto keys = KeyRing::ForTesting(3);
  const std::string base = ChainHash(*keys, kAuditGenesisHash, Sample());
  std::vector<std::pair<const char*, std::function<void(AuditFields&)>>> edits = {
      {"id", [](AuditFields& f) { f.id += 1; }},
      {"at", [](AuditFields& f) { f.at += 1; }},
      {"user_id", [](AuditFields& f) { f.user_id = 8; }},
      {"action", [](AuditFields& f) { f.action = "worker.delete"; }},
      {"object", [](AuditFields& f) { f.object = "worker:1002"; }},
      {"result", [](AuditFields& f) { f.result = "denied"; }},
      {"detail", [](AuditFields& f) { f.detail += " "; }},
  };
  for (auto& [name, edit] : edits) {
    AuditFields f = Sample();
    edit(f);
    EXPECT_NE(ChainHash(*keys, kAuditGenesisHash, f), base) << name;
    EXPECT_FALSE(ChainHashMatches(*keys, kAuditGenesisHash, f, base)) << name;
  }
  EXPECT_NE(ChainHash(*keys, std::string(64, '1'), Sample()), base);
  EXPECT_NE(ChainHash(*keys, "", Sample()), base);
}

TEST(AuditChainTest, EncodingIsUnambiguousAcrossFieldBoundaries) {
  auto keys = KeyRing::ForTesting(3);
  AuditFields a = Sample(), b = Sample();
  a.action = "worker.up";
  a.object = "date" + a.object;
  b.action = "worker.update";
  EXPECT_NE(ChainHash(*keys, "", a), ChainHash(*keys, "", b));
  AuditFields c = Sample(), d = Sample();
  c.result = "";
  c.detail = "ok" + c.detail;
  d.detail = c.detail.substr(2);
  EXPECT_NE(ChainHash(*keys, "", c), ChainHash(*keys, "", d));
}

TEST(AuditChainTest, KeyedSoAnotherKeyCannotReproduceIt) {
  auto keys = KeyRing::ForTesting(3);
  auto attacker = KeyRing::ForTesting(4);
  EXPECT_NE(ChainHash(*keys, kAuditGenesisHash, Sample()),
            ChainHash(*attacker, kAuditGenesisHash, Sample()));
}

class AuditChainVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string prev(kAuditGenesisHash);
    for (int i = 1; i <= 4; ++i) {
      AuditFields f = Sample();
      f.id = i;
      rows_.push_back(f);
      prev = ChainHash(*keys_, prev, f);
      hashes_.push_back(prev);
    }
  }
  // Which rows verify, chaining through the stored hashes as a verifier does.
  std::vector<bool> Verify() const {
    std::vector<bool> ok;
    std::string prev(kAuditGenesisHash);
    for (size_t i = 0; i < rows_.size(); ++i) {
      ok.push_back(ChainHashMatches(*keys_, prev, rows_[i], hashes_[i]));
      prev = hashes_[i];
    }
    return ok;
  }

  std::unique_ptr<KeyRing> keys_ = KeyRing::ForTesting(3);
  std::vector<AuditFields> rows_;
  std::vector<std::string> hashes_;
};

TEST_F(AuditChainVerifyTest, IntactChainVerifies) {
  EXPECT_EQ(Verify(), (std::vector<bool>{true, true, true, true}));
}

TEST_F(AuditChainVerifyTest, EditedRowFailsVerification) {
  rows_[1].result = "denied";
  EXPECT_EQ(Verify(), (std::vector<bool>{true, false, true, true}));
}

TEST_F(AuditChainVerifyTest, RecomputingTheEditedRowsHashBreaksTheNextLink) {
  rows_[1].result = "denied";
  hashes_[1] = ChainHash(*keys_, hashes_[0], rows_[1]);
  EXPECT_EQ(Verify(), (std::vector<bool>{true, true, false, true}));
}

TEST_F(AuditChainVerifyTest, RewritingTheTailWithoutTheKeyFails) {
  auto attacker = KeyRing::ForTesting(4);
  rows_[1].result = "denied";
  for (size_t i = 1; i < rows_.size(); ++i) {
    hashes_[i] = ChainHash(*attacker, hashes_[i - 1], rows_[i]);
  }
  EXPECT_EQ(Verify(), (std::vector<bool>{true, false, false, false}));
}

}  // namespace
}  // namespace xiezuo::security
