// Templates, campaigns, inbound messages and SMS sign-in on both backends.
#include "tests/notify/notify_fixture.h"

namespace xiezuo {
namespace {

using testing::NotifyTest;

class NotifyServiceTest : public NotifyTest {};

TEST_P(NotifyServiceTest, TemplateWithUnknownVariableIsRefusedNamingIt) {
  auto t = notify_->CreateTemplate(officer_, {"招工", "{{name}}您好，月薪{{salary}}"});
  ASSERT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(t.status().fields()[0].en.find("salary"), std::string::npos);
}

TEST_P(NotifyServiceTest, TemplateOverThePartLimitIsRefused) {
  std::string body;
  for (int i = 0; i < 270; ++i) body += "招";
  auto t = notify_->CreateTemplate(officer_, {"太长", body});
  ASSERT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status().fields()[0].field, "body");
}

TEST_P(NotifyServiceTest, OnlyAnAdminApprovesAndOnlyApprovedTemplatesAreUsed) {
  int64_t w = AddWorker("张三", "001");
  auto t = notify_->CreateTemplate(officer_, {"招工", "{{name}}您好，{{job}}"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(notify_->ApproveTemplate(officer_, *t, true).code(), StatusCode::kPermissionDenied);
  notify::CampaignInput in;
  in.name = "十一月招工";
  in.template_id = *t;
  in.worker_ids = {w};
  in.variables = {{"job", "普工"}};
  auto c = notify_->CreateCampaign(officer_, in);
  ASSERT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().fields()[0].field, "template_id");
  ASSERT_TRUE(notify_->ApproveTemplate(admin_, *t, true).ok());
  EXPECT_TRUE(notify_->CreateCampaign(officer_, in).ok());
}

TEST_P(NotifyServiceTest, CampaignNeedsEveryVariable) {
  int64_t w = AddWorker("张三", "001");
  notify::CampaignInput in;
  in.name = "招工";
  in.template_id = ApprovedTemplate();
  in.worker_ids = {w};
  in.variables = {{"job", "普工"}};
  auto c = notify_->CreateCampaign(officer_, in);
  ASSERT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().fields()[0].field, "variables.enterprise");
}

TEST_P(NotifyServiceTest, PreviewSendProgressAndSendingTwiceAddsNothing) {
  std::vector<int64_t> ids;
  for (int i = 1; i <= 5; ++i) ids.push_back(AddWorker("工人" + std::to_string(i), "00" + std::to_string(i)));
  // One worker replied TD earlier.
  ASSERT_TRUE(notify_->Inbound("13900000003", "TD").ok());
  notify::CampaignInput in;
  in.name = "江门招工";
  in.template_id = ApprovedTemplate();
  in.filter = notify::AudienceFilter{"530622", "", ""};
  in.variables = {{"enterprise", "江门玩具厂"}, {"job", "普工"}};
  auto c = notify_->CreateCampaign(officer_, in);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto pv = notify_->PreviewCampaign(officer_, *c);
  ASSERT_TRUE(pv.ok()) << pv.status().ToString();
  EXPECT_EQ(pv->recipients, 4);
  EXPECT_EQ(pv->opted_out, 1);
  EXPECT_EQ(pv->text, "【协作就业】工人1您好，江门玩具厂招普工 回复TD退订");
  EXPECT_EQ(pv->length.parts, 1);
  auto sent = notify_->SendCampaign(officer_, *c);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->queued, 4);
  auto again = notify_->SendCampaign(officer_, *c);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->queued, 0);
  auto progress = notify_->Progress(officer_, *c);
  EXPECT_EQ(progress->queued, 4);
  auto history = notify_->WorkerHistory(officer_, ids[0]);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].phone_masked.find("13900000001"), std::string::npos);
}

TEST_P(NotifyServiceTest, OtherCountyCannotSeeTheCampaign) {
  auto other = AddUser("tiandeng", "county_officer",
                       AddOrg(orgs::OrgType::kCountyBureau, "天等县人社局", "451425"));
  int64_t w = AddWorker("张三", "001");
  notify::CampaignInput in;
  in.name = "招工";
  in.template_id = ApprovedTemplate();
  in.worker_ids = {w};
  in.variables = {{"enterprise", "厂"}, {"job", "工"}};
  auto c = notify_->CreateCampaign(officer_, in);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(notify_->SendCampaign(other, *c).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(notify_->WorkerHistory(other, w).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(notify_->GetCampaign(officer_, 999).status().code(), StatusCode::kNotFound);
}

TEST_P(NotifyServiceTest, FailedMessagesAreListedAndRetried) {
  int64_t w = AddWorker("张三", "001");
  notify::CampaignInput in;
  in.name = "招工";
  in.template_id = ApprovedTemplate();
  in.worker_ids = {w};
  in.variables = {{"enterprise", "厂"}, {"job", "工"}};
  auto c = notify_->CreateCampaign(officer_, in);
  ASSERT_TRUE(notify_->SendCampaign(officer_, *c).ok());
  auto claimed = outbox_->Claim("t", 10);
  ASSERT_EQ(claimed->size(), 1u);
  ASSERT_TRUE(notify_->DeliveryReport((*claimed)[0].id, 2, "NACK").ok());
  auto failed = notify_->CampaignMessages(officer_, *c, "failed", 0, 50);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ(*notify_->RetryFailed(officer_, *c), 1);
  EXPECT_EQ(notify_->Progress(officer_, *c)->queued, 1);
}

TEST_P(NotifyServiceTest, InboundTdOptsOutAtOnceAndRestoreOptsBackIn) {
  std::string hash = cipher_->BlindIndex("13900000001", security::pii_context::kPhone);
  EXPECT_EQ(*notify_->Inbound("+86 139 0000 0001", "退订"), notify::InboundKind::kOptOut);
  EXPECT_TRUE(*outbox_->IsOptedOut(hash));
  EXPECT_EQ(*notify_->Inbound("13900000001", "恢复"), notify::InboundKind::kOptIn);
  EXPECT_FALSE(*outbox_->IsOptedOut(hash));
  EXPECT_EQ(notify_->Inbound("12345", "TD").status().code(), StatusCode::kInvalidArgument);
}

class SmsLoginTest : public NotifyTest {
 protected:
  // The code from the newest login message in the outbox.
  std::string LastCode() {
    auto c = outbox_->Claim("t", 10);
    EXPECT_TRUE(c.ok());
    if (!c.ok() || c->empty()) return "";
    const std::string& body = c->back().body;
    auto pos = body.find("验证码为");
    return body.substr(pos + std::string("验证码为").size(), 6);
  }
};

TEST_P(SmsLoginTest, SixDigitCodeSignsInOnce) {
  int64_t w = AddWorker("张三", "001");
  ASSERT_TRUE(notify_->RequestCode("13900000001", "10.0.0.1").ok());
  std::string code = LastCode();
  ASSERT_EQ(code.size(), 6u);
  auto s = notify_->VerifyCode("13900000001", code, "10.0.0.1");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->worker_id, w);
  EXPECT_EQ(*notify_->WorkerForToken(s->token), w);
  EXPECT_EQ(notify_->VerifyCode("13900000001", code, "10.0.0.1").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_P(SmsLoginTest, CodeExpiresAfterFiveMinutes) {
  AddWorker("张三", "001");
  ASSERT_TRUE(notify_->RequestCode("13900000001", "10.0.0.1").ok());
  std::string code = LastCode();
  clock_.Advance(std::chrono::minutes(5));
  EXPECT_EQ(notify_->VerifyCode("13900000001", code, "10.0.0.1").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_P(SmsLoginTest, WrongGuessesBurnTheCode) {
  AddWorker("张三", "001");
  ASSERT_TRUE(notify_->RequestCode("13900000001", "10.0.0.1").ok());
  std::string code = LastCode();
  std::string wrong = code == "000000" ? "111111" : "000000";
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(notify_->VerifyCode("13900000001", wrong, "10.0.0.1").ok());
  }
  EXPECT_FALSE(notify_->VerifyCode("13900000001", code, "10.0.0.1").ok());
}

TEST_P(SmsLoginTest, ThrottledPerNumberAndPerAddress) {
  AddWorker("张三", "001");
  ASSERT_TRUE(notify_->RequestCode("13900000001", "10.0.0.1").ok());
  EXPECT_EQ(notify_->RequestCode("13900000001", "10.0.0.1").code(), StatusCode::kResourceExhausted);
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(std::chrono::seconds(61));
    ASSERT_TRUE(notify_->RequestCode("13900000001", "10.0.0.1").ok()) << i;
  }
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(notify_->RequestCode("13900000001", "10.0.0.1").code(), StatusCode::kResourceExhausted);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_TRUE(notify_->RequestCode("13900000001", "10.0.0.1").ok());
  // Per address: 20 an hour over any numbers.
  for (int i = 0; i < 19; ++i) {
    ASSERT_TRUE(notify_->RequestCode("139" + std::to_string(30000000 + i), "10.0.0.9").ok()) << i;
  }
  ASSERT_TRUE(notify_->RequestCode("13940000000", "10.0.0.9").ok());
  EXPECT_EQ(notify_->RequestCode("13940000001", "10.0.0.9").code(), StatusCode::kResourceExhausted);
}

TEST_P(SmsLoginTest, UnknownNumberGetsTheSameAnswerAndNoMessage) {
  ASSERT_TRUE(notify_->RequestCode("13999999999", "10.0.0.1").ok());
  EXPECT_EQ(outbox_->CountAll()->total(), 0);
  EXPECT_EQ(notify_->RequestCode("0871-1234567", "10.0.0.1").code(), StatusCode::kInvalidArgument);
}

XIEZUO_INSTANTIATE_STORE_TESTS(NotifyServiceTest);
XIEZUO_INSTANTIATE_STORE_TESTS(SmsLoginTest);

}  // namespace
}  // namespace xiezuo
