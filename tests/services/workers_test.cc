// Worker records on both backends: validation, encryption at rest,
// de-duplication by keyed hash, history, optimistic locking.
#include <nlohmann/json.hpp>

#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

class WorkersTest : public testing::QiaojiaTest {};

TEST_P(WorkersTest, IdNumberAndPhoneAreNotStoredInClear) {
  auto in = Worker("张三", "530622001001", "017");
  auto id = workers_->Create(officer_, in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT * FROM workers"));
                    for (const auto& v : rs.rows[0]) {
                      if (!v) continue;
                      EXPECT_EQ(v->find(in.id_number), std::string::npos);
                      EXPECT_EQ(v->find(*in.phone), std::string::npos);
                    }
                    return Status::Ok();
                  }).ok());
  auto rev = workers_->Reveal(officer_, *id, "电话回访");
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(rev->id_number, in.id_number);
  EXPECT_EQ(rev->phone, in.phone);
}

TEST_P(WorkersTest, SameIdNumberIsRefusedByTheConstraint) {
  ASSERT_TRUE(workers_->Create(officer_, Worker("张三", "530622001001", "017")).ok());
  auto again = Worker("张叁", "530622001002", "017");  // same ID number, other name
  auto r = workers_->Create(officer_, again);
  ASSERT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  ASSERT_FALSE(r.status().fields().empty());
  EXPECT_EQ(r.status().fields()[0].field, "id_number");
}

TEST_P(WorkersTest, InvalidFieldsAreNamedAndNothingIsWritten) {
  auto in = Worker("", "530622001001", "017");
  in.id_number[17] = in.id_number[17] == '1' ? '2' : '1';  // wrong check character
  in.phone = "0871-12345678";                            // a landline
  in.region_code = "999999";
  in.wage_floor = -5;
  auto r = workers_->Create(officer_, in);
  ASSERT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& f : r.status().fields()) {
    fields.insert(f.field);
    EXPECT_FALSE(f.zh.empty());
    EXPECT_FALSE(f.en.empty());
  }
  EXPECT_EQ(fields, (std::set<std::string>{"name", "id_number", "phone", "region_code",
                                           "wage_floor"}));
  int64_t n = -1;
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(n, c.QueryInt("SELECT COUNT(*) FROM workers"));
                    return Status::Ok();
                  }).ok());
  EXPECT_EQ(n, 0);
}

TEST_P(WorkersTest, WorkerWithoutPhoneIsAccepted) {
  auto in = Worker("王二", "530622001001", "018");
  in.phone.reset();
  auto id = workers_->Create(officer_, in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto w = workers_->Get(officer_, *id);
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->phone_masked.has_value());
}

TEST_P(WorkersTest, IdNumberEndingInXIsAcceptedAndSexComesFromIt) {
  // Find a sequence whose check character is X.
  std::string idn;
  for (int seq = 100; seq < 999 && idn.empty(); ++seq) {
    std::string cand = testing::MakeIdNumber("530622", "19851203", std::to_string(seq));
    if (cand.back() == 'X') idn = cand;
  }
  ASSERT_FALSE(idn.empty());
  auto in = Worker("李娜", "530622001001", "100");
  in.id_number = idn.substr(0, 17) + "x";  // typed in lower case
  auto id = workers_->Create(officer_, in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto w = workers_->Get(officer_, *id);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->sex, (idn[16] - '0') % 2 ? "M" : "F");
  EXPECT_EQ(w->birth_date, "1985-12-03");
  EXPECT_EQ(w->id_masked.substr(14), idn.substr(14));
}

TEST_P(WorkersTest, UpdateKeepsHistoryWithoutPersonalValues) {
  auto in = Worker("张三", "530622001001", "017");
  auto id = workers_->Create(officer_, in);
  ASSERT_TRUE(id.ok());
  in.version = 1;
  in.status = "placed";
  in.phone = "13912345678";
  ASSERT_TRUE(workers_->Update(officer_, *id, in).ok());
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT changes FROM worker_history"
                                                      " WHERE worker_id = ?", {*id}));
                    EXPECT_EQ(rs.size(), 1u);
                    const std::string& ch = rs.Text(0, 0);
                    EXPECT_NE(ch.find("\"status\""), std::string::npos);
                    EXPECT_NE(ch.find("\"phone\":\"changed\""), std::string::npos);
                    EXPECT_EQ(ch.find("13912345678"), std::string::npos);
                    return Status::Ok();
                  }).ok());
  // A stale version is refused.
  EXPECT_EQ(workers_->Update(officer_, *id, in).code(), StatusCode::kFailedPrecondition);
}

// The list and family columns are written without building json values
// (the bulk import's speed); what is stored must be the text json wrote
// before, or re-imports would find every person "changed".
TEST_P(WorkersTest, ListColumnsAreTheTextJsonWrites) {
  struct Case {
    std::vector<std::string> skills;
    workers::FamilyNeeds family;
  };
  std::vector<Case> cases = {
      {{}, {}},
      {{"电工证（低压）", "焊工证"}, {.children = true, .couple = true}},
      {{"\"高级\"技工", "C:\\证书", "tab\there", "line\nbreak", "\x01"},
       {.elderly = true, .disability = true, .work_from_home = true}},
  };
  int seq = 100;
  for (const Case& k : cases) {
    auto in = Worker("李四", "530622001001", std::to_string(++seq));
    in.skills = k.skills;
    in.family_needs = k.family;
    auto id = workers_->Create(officer_, in);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    store::ResultSet rs;
    ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                      ASSIGN_OR_RETURN(rs, c.Query("SELECT skills, family_needs, occupations"
                                                   " FROM workers WHERE id = ?", {*id}));
                      return Status::Ok();
                    }).ok());
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs.Text(0, 0), nlohmann::json(k.skills).dump());
    nlohmann::json family = {{"children", k.family.children},
                             {"elderly", k.family.elderly},
                             {"disability", k.family.disability},
                             {"couple", k.family.couple},
                             {"work_from_home", k.family.work_from_home}};
    EXPECT_EQ(rs.Text(0, 1), family.dump());
    EXPECT_EQ(rs.Text(0, 2), nlohmann::json(in.occupations).dump());
  }
}

XIEZUO_INSTANTIATE_STORE_TESTS(WorkersTest);

}  // namespace
}  // namespace xiezuo
