// KannelGateway against a real Kannel with the fake SMSC (scripts/
// kannel_test.sh start; make test does this). Skipped when XIEZUO_KANNEL_URL
// is unset. Counts the fake SMSC's "Got message" lines to prove each message
// arrived exactly once.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "http/client.h"
#include "notify/gateway.h"

namespace xiezuo::notify {
namespace {

int GotMessages(const std::string& log) {
  std::ifstream in(log);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) n += line.find("Got message") != std::string::npos;
  return n;
}

class KannelGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("XIEZUO_KANNEL_URL");
    const char* dir = std::getenv("XIEZUO_KANNEL_DIR");
    if (!url || !*url || !dir) GTEST_SKIP() << "no Kannel (run scripts/kannel_test.sh start)";
    options_.sendsms_url = url;
    options_.password = std::getenv("XIEZUO_KANNEL_PASSWORD") ? std::getenv("XIEZUO_KANNEL_PASSWORD")
                                                              : "xiezuo";
    log_ = std::string(dir) + "/fakesmsc.log";
  }
  // Waits (bounded) for the SMSC to have seen `n` messages: real I/O, not time logic.
  int WaitFor(int n) {
    int got = 0;
    for (int i = 0; i < 100 && (got = GotMessages(log_)) < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return got;
  }
  KannelOptions options_;
  std::string log_;
};

TEST_F(KannelGatewayTest, ChineseMessagesArriveOnceEach) {
  KannelGateway gw(options_);
  int before = GotMessages(log_);
  for (int i = 0; i < 5; ++i) {
    ClaimedMessage m;
    m.id = 1000 + i;
    m.phone = "1390000000" + std::to_string(i);
    m.body = "【协作就业】巧家县招工第" + std::to_string(i) + "条 回复TD退订";
    SendResult r = gw.Send(m);
    EXPECT_EQ(r.outcome, SendOutcome::kAccepted) << r.answer;
  }
  EXPECT_EQ(WaitFor(before + 5), before + 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(GotMessages(log_), before + 5);  // nothing more: no duplicates
}

TEST_F(KannelGatewayTest, WrongPasswordIsARejectionNotARetry) {
  options_.password = "wrong";
  KannelGateway gw(options_);
  ClaimedMessage m;
  m.id = 1;
  m.phone = "13900000001";
  m.body = "【协作就业】测试";
  EXPECT_EQ(gw.Send(m).outcome, SendOutcome::kRejected);
}

TEST(KannelGatewayOffline, UnreachableGatewayIsTemporary) {
  KannelOptions o;
  o.sendsms_url = "http://127.0.0.1:1/cgi-bin/sendsms";
  KannelGateway gw(o);
  ClaimedMessage m;
  m.id = 1;
  m.phone = "13900000001";
  m.body = "x";
  SendResult r = gw.Send(m);
  EXPECT_EQ(r.outcome, SendOutcome::kTemporary);
  EXPECT_EQ(r.answer.find("13900000001"), std::string::npos);  // no number in the error
}

TEST(KannelGatewayOffline, TargetCarriesUcs2CodingAndDlrUrl) {
  KannelOptions o;
  o.sendsms_url = "http://127.0.0.1:13012/cgi-bin/sendsms";
  o.dlr_url = "http://127.0.0.1:8080/api/v1/sms/dlr?token=T";
  KannelGateway gw(o);
  ClaimedMessage m;
  m.id = 42;
  m.phone = "13900000001";
  m.body = "招工";
  std::string t = gw.Target(m);
  EXPECT_NE(t.find("charset=UTF-8&coding=2"), std::string::npos);
  EXPECT_NE(t.find("dlr-mask=27"), std::string::npos);
  EXPECT_NE(t.find("text=%E6%8B%9B%E5%B7%A5"), std::string::npos);
  EXPECT_NE(t.find(http::UrlEncode("id=42&status=%d")), std::string::npos);
}

TEST(HttpUrl, ParsesHostPortAndTarget) {
  std::string host, target;
  uint16_t port = 0;
  ASSERT_TRUE(http::ParseHttpUrl("http://127.0.0.1:13012/cgi-bin/sendsms", &host, &port, &target));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 13012);
  EXPECT_EQ(target, "/cgi-bin/sendsms");
  EXPECT_FALSE(http::ParseHttpUrl("https://x/", &host, &port, &target));
  EXPECT_FALSE(http::ParseHttpUrl("http://x:99999/", &host, &port, &target));
}

}  // namespace
}  // namespace xiezuo::notify
