// Campaign audiences on both backends: a published posting's matched
// workers (latest batch, best first, top N, in scope), a filter over the
// workers in scope, and who is excluded and why.
#include "tests/notify/notify_fixture.h"

namespace xiezuo {
namespace {

using testing::NotifyTest;

class AudienceTest : public NotifyTest {
 protected:
  void SetUp() override {
    NotifyTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    postings::EnterpriseInput e;
    e.name = "江门市某玩具有限公司";
    e.credit_code = testing::MakeCreditCode("440703", "MA5ABCDE0");
    e.region_code = "440703";
    auto id = postings_->CreateEnterprise(admin_, e);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    enterprise_ = *id;
    template_ = ApprovedTemplate("{{name}}您好，{{enterprise}}招{{job}}");
  }

  int64_t Posting(const std::string& status = "published") {
    postings::PostingInput in;
    in.enterprise_id = enterprise_;
    in.title = "玩具装配工";
    in.occupation_code = "6-05-01-03";
    in.region_code = "440703";
    in.openings = 20;
    in.wage_min = 4500;
    in.wage_max = 6000;
    auto id = postings_->CreatePosting(admin_, in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    Exec("UPDATE postings SET status = ? WHERE id = ?", {status, *id});
    return *id;
  }

  // A stored batch recommending the posting to workers with these scores.
  int64_t Batch(int64_t posting, const std::vector<std::pair<int64_t, int64_t>>& worker_scores) {
    int64_t batch = 0;
    Status s = db().Transact([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(batch, c.QueryInt("INSERT INTO match_batches (scope, policy_version, "
                                         "workers, postings, created_at) VALUES ('test', 1, ?, 1, "
                                         "?) RETURNING id",
                                         {static_cast<int64_t>(worker_scores.size()),
                                          clock_.NowSeconds()}));
      int rank = 1;
      for (const auto& [w, score] : worker_scores) {
        RETURN_IF_ERROR(c.Execute("INSERT INTO match_recommendations (batch_id, worker_id, "
                                  "posting_id, rank, score, reasons_zh, reasons_en) VALUES (?, ?, "
                                  "?, ?, ?, '', '')",
                                  {batch, w, posting, int64_t{rank++}, score})
                            .status());
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return batch;
  }

  void Exec(const std::string& sql, store::Params params) {
    Status s = db().WithConnection(
        [&](store::Connection& c) { return c.Execute(sql, params).status(); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // A worker of 天等县 (another county), registered by the admin.
  int64_t OtherCountyWorker(const std::string& name, const std::string& seq) {
    auto id = workers_->Create(admin_, Worker(name, "451425100001", seq));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  StatusOr<int64_t> PostingCampaign(int64_t posting, int top) {
    notify::CampaignInput in;
    in.name = "玩具厂招工";
    in.template_id = template_;
    in.posting = notify::PostingAudience{posting, top};
    in.variables = {{"enterprise", "江门玩具厂"}, {"job", "装配工"}};
    return notify_->CreateCampaign(officer_, in);
  }

  int64_t enterprise_ = 0;
  int64_t template_ = 0;
};

TEST_P(AudienceTest, PostingAudienceIsTheLatestBatchBestFirstCutToTopN) {
  std::vector<int64_t> w;
  for (int i = 1; i <= 4; ++i) w.push_back(AddWorker("工人" + std::to_string(i), "00" + std::to_string(i)));
  int64_t posting = Posting();
  Batch(posting, {{w[0], 90}, {w[1], 80}});
  Batch(posting, {{w[0], 50}, {w[1], 70}, {w[2], 95}, {w[3], 10}});
  auto c = PostingCampaign(posting, 3);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto pv = notify_->PreviewCampaign(officer_, *c);
  ASSERT_TRUE(pv.ok()) << pv.status().ToString();
  EXPECT_EQ(pv->recipients, 3);
  EXPECT_EQ(*pv->sample_worker_id, w[2]);  // the best score of the latest batch
  EXPECT_EQ(pv->text, "【协作就业】工人3您好，江门玩具厂招装配工 回复TD退订");
  EXPECT_EQ(pv->sample_phone_masked.find("13900000003"), std::string::npos);
  auto sent = notify_->SendCampaign(officer_, *c);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->queued, 3);
  // w[3] scored lowest and was cut by top = 3.
  EXPECT_TRUE(notify_->WorkerHistory(officer_, w[3])->empty());
  EXPECT_EQ(notify_->WorkerHistory(officer_, w[2])->size(), 1u);
}

TEST_P(AudienceTest, PostingAudienceLeavesOutWorkersOutsideTheCallersScope) {
  int64_t mine = AddWorker("本县人", "001");
  int64_t theirs = OtherCountyWorker("外县人", "002");
  int64_t posting = Posting();
  Batch(posting, {{theirs, 99}, {mine, 10}});
  auto c = PostingCampaign(posting, 0);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto pv = notify_->PreviewCampaign(officer_, *c);
  ASSERT_TRUE(pv.ok());
  EXPECT_EQ(pv->recipients, 1);
  EXPECT_EQ(*pv->sample_worker_id, mine);
}

TEST_P(AudienceTest, PostingMatchedOnlyToAnotherCountyIsNotFound) {
  int64_t theirs = OtherCountyWorker("外县人", "002");
  int64_t posting = Posting();
  Batch(posting, {{theirs, 99}});
  EXPECT_EQ(PostingCampaign(posting, 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(PostingCampaign(posting + 1000, 0).status().code(), StatusCode::kNotFound);
}

TEST_P(AudienceTest, UnpublishedPostingIsRefusedNamingTheField) {
  int64_t w = AddWorker("工人", "001");
  int64_t posting = Posting("draft");
  Batch(posting, {{w, 50}});
  auto c = PostingCampaign(posting, 0);
  ASSERT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().fields()[0].field, "audience.posting_id");
}

TEST_P(AudienceTest, OptedOutNoPhoneAndInvalidMobileAreExcludedAndCounted) {
  int64_t ok = AddWorker("有号码", "001");
  int64_t opted = AddWorker("已退订", "002");
  auto in = Worker("没号码", "530622001001", "003");
  in.phone.reset();
  auto none = workers_->Create(officer_, in);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  int64_t bad = AddWorker("坏号码", "004");
  // A number stored before validation existed: not a mobile.
  Exec("UPDATE workers SET phone_enc = ? WHERE id = ?",
       {cipher_->Encrypt("0871-1234567", security::pii_context::kPhone), bad});
  ASSERT_TRUE(notify_->Inbound("13900000002", "TD").ok());
  int64_t posting = Posting();
  Batch(posting, {{ok, 10}, {opted, 20}, {*none, 30}, {bad, 40}});
  auto c = PostingCampaign(posting, 0);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto pv = notify_->PreviewCampaign(officer_, *c);
  ASSERT_TRUE(pv.ok());
  EXPECT_EQ(pv->recipients, 1);
  EXPECT_EQ(pv->opted_out, 1);
  EXPECT_EQ(pv->without_phone, 1);
  EXPECT_EQ(pv->invalid_phone, 1);
  auto sent = notify_->SendCampaign(officer_, *c);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->queued, 1);
  EXPECT_EQ(sent->skipped, 3);
  EXPECT_EQ(notify_->WorkerHistory(officer_, ok)->size(), 1u);
}

TEST_P(AudienceTest, AWorkerNeverGetsTheSameJobTwiceFromTwoCampaigns) {
  int64_t a = AddWorker("甲", "001");
  int64_t b = AddWorker("乙", "002");
  int64_t posting = Posting();
  Batch(posting, {{a, 50}});
  auto first = PostingCampaign(posting, 0);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(notify_->SendCampaign(officer_, *first)->queued, 1);
  Batch(posting, {{a, 50}, {b, 40}});
  auto second = PostingCampaign(posting, 0);
  ASSERT_TRUE(second.ok());
  auto pv = notify_->PreviewCampaign(officer_, *second);
  EXPECT_EQ(pv->recipients, 1);
  EXPECT_EQ(pv->already_notified, 1);
  EXPECT_EQ(notify_->SendCampaign(officer_, *second)->queued, 1);
  EXPECT_EQ(notify_->WorkerHistory(officer_, a)->size(), 1u);
  EXPECT_EQ(notify_->WorkerHistory(officer_, b)->size(), 1u);
}

TEST_P(AudienceTest, FilterByOccupationAndWantedRegion) {
  auto in = Worker("想去江门", "530622001001", "001");
  in.occupations = {"6-05-01-03"};
  in.wanted_regions = {"440703"};
  ASSERT_TRUE(workers_->Create(officer_, in).ok());
  in = Worker("想去温州", "530622001001", "002");
  in.occupations = {"6-05-01-03"};
  in.wanted_regions = {"330300"};
  ASSERT_TRUE(workers_->Create(officer_, in).ok());
  AddWorker("别的工种", "003");
  OtherCountyWorker("外县人", "004");
  notify::CampaignInput c;
  c.name = "筛选";
  c.template_id = template_;
  c.variables = {{"enterprise", "厂"}, {"job", "工"}};
  notify::AudienceFilter f;
  f.occupation = "6-05-01-03";
  c.filter = f;
  auto id = notify_->CreateCampaign(officer_, c);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(notify_->PreviewCampaign(officer_, *id)->recipients, 2);
  f.wanted_region = "440700";  // 江门市 and everything in it
  c.filter = f;
  id = notify_->CreateCampaign(officer_, c);
  ASSERT_TRUE(id.ok());
  auto pv = notify_->PreviewCampaign(officer_, *id);
  EXPECT_EQ(pv->recipients, 1);
  EXPECT_NE(pv->text.find("想去江门"), std::string::npos);
}

// Admins review every organisation's templates: each says whose it is.
TEST_P(AudienceTest, TemplatesNameTheOrganisationThatSubmittedThem) {
  auto list = notify_->ListTemplates(admin_);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].org_name, "巧家县人社局");
}

}  // namespace

XIEZUO_INSTANTIATE_STORE_TESTS(AudienceTest);

}  // namespace xiezuo
