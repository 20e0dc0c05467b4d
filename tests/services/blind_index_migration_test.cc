// Migration 0009 on both backends: a database written before it holds the
// whole 64-hex keyed hash in every blind-index column; after it, people are
// found again by ID number and phone (and by the last four digits, which
// are searched in the masked copy since 0010), a second record for the same
// ID number is still refused, and an SMS opt-out still holds. Then 0009
// and 0010 (the last-four hash column dropped) together on such a database.
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

class BlindIndexMigrationTest : public testing::QiaojiaTest {
 protected:
  Status Exec(const std::string& sql) {
    return db().Transact([&](store::Connection& c) { return c.ExecScript(sql); });
  }
};

TEST_P(BlindIndexMigrationTest, RowsStoredWithTheFullHashAreCutAndFoundAgain) {
  auto in = Worker("张三", "530622001001", "017");
  ASSERT_TRUE(workers_->Create(officer_, in).ok());
  ASSERT_TRUE(workers_->Create(officer_, Worker("李四", "530622001001", "018")).ok());
  const std::string phone_hash = cipher_->BlindIndex(*in.phone, security::pii_context::kPhone);
  ASSERT_EQ(phone_hash.size(), 24u);

  // The database as the code before 0009 left it: each value the prefix of
  // a 64-hex string (the rest stands for the bytes that were cut), an
  // opt-out under the long phone hash, and 0009 not yet applied.
  const std::string tail(64, 'e');
  ASSERT_TRUE(Exec("UPDATE workers SET id_hash = id_hash || '" + tail.substr(32) +
                   "', phone_hash = phone_hash || '" + tail.substr(24) + "';"
                   "INSERT INTO sms_optouts (phone_hash, opted_out_at) VALUES ('" +
                   phone_hash + tail.substr(24) + "', 1);"
                   "DELETE FROM schema_migrations WHERE version = 9")
                  .ok());
  const std::string last4 = in.id_number.substr(14);
  ASSERT_TRUE(NamesFound(in.id_number).empty()) << "the set-up did not lengthen the hashes";
  ASSERT_TRUE(NamesFound(*in.phone).empty());

  auto applied = store::Migrate(db());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied, 1);

  EXPECT_EQ(NamesFound(in.id_number), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound(*in.phone), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound(last4), std::vector<std::string>{"张三"});
  auto again = workers_->Create(officer_, Worker("张叁", "530622001002", "017"));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(auto n, c.QueryInt("SELECT COUNT(*) FROM sms_optouts "
                                                        "WHERE phone_hash = ?",
                                                        {phone_hash}));
                    EXPECT_EQ(n, 1);
                    return Status::Ok();
                  }).ok());
  // Applied once more (a second server starting), it changes nothing.
  ASSERT_TRUE(Exec("DELETE FROM schema_migrations WHERE version = 9").ok());
  ASSERT_TRUE(store::Migrate(db()).ok());
  EXPECT_EQ(NamesFound(in.id_number), std::vector<std::string>{"张三"});
}

// A database as the code before 0009 left it (full 64-hex hashes, the
// last-four hash column and its index) through 0009 and 0010 in one
// Migrate call: the column goes, and the person is found by ID number,
// phone and last four (in the masked copy; scope_test checks that the
// search stays within scope).
TEST_P(BlindIndexMigrationTest, ADatabaseFromBefore0009ReachesTheLatestSchema) {
  auto in = Worker("张三", "530622001001", "017");
  ASSERT_TRUE(workers_->Create(officer_, in).ok());
  ASSERT_TRUE(workers_->Create(officer_, Worker("李四", "530622001001", "018")).ok());
  const std::string tail(64, 'e');
  ASSERT_TRUE(Exec("ALTER TABLE workers ADD COLUMN id_last4_hash TEXT NOT NULL DEFAULT '" +
                   tail + "';"
                   "CREATE INDEX ix_workers_last4 ON workers(id_last4_hash);"
                   "UPDATE workers SET id_hash = id_hash || '" + tail.substr(32) +
                   "', phone_hash = phone_hash || '" + tail.substr(24) + "';"
                   "DELETE FROM schema_migrations WHERE version IN (9, 10)")
                  .ok());
  ASSERT_TRUE(NamesFound(in.id_number).empty()) << "the set-up did not lengthen the hashes";
  auto applied = store::Migrate(db());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied, 2);
  EXPECT_FALSE(db().WithConnection([](store::Connection& c) {
                     return c.Query("SELECT id_last4_hash FROM workers").status();
                   }).ok())
      << "the column is still there";
  EXPECT_EQ(NamesFound(in.id_number), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound(*in.phone), std::vector<std::string>{"张三"});
  const std::string last4 = in.id_number.substr(14);
  EXPECT_EQ(NamesFound(last4), std::vector<std::string>{"张三"});
  std::string lower = last4;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(NamesFound(lower), std::vector<std::string>{"张三"});
  EXPECT_TRUE(NamesFound("0000").empty());
}

XIEZUO_INSTANTIATE_STORE_TESTS(BlindIndexMigrationTest);

}  // namespace
}  // namespace xiezuo
