// SmsGateway: the seam between the dispatcher and whatever delivers SMS.
// KannelGateway talks to Kannel's smsbox sendsms interface over HTTP;
// tests substitute a fake.
//
//   KannelOptions k{.sendsms_url = "http://127.0.0.1:13012/cgi-bin/sendsms",
//                   .username = "xiezuo", .password = "…",
//                   .dlr_url = "http://127.0.0.1:8080/api/v1/sms/dlr?token=T"};
//   KannelGateway gw(k);
//   SendResult r = gw.Send(message);
//
// Each request is `GET sendsms?username&password&from&to&text&charset=UTF-8
// &coding=2&dlr-mask=27&dlr-url=<dlr_url>&id=<outbox id>&status=%d&answer=%A>`
// (coding=2: UCS-2, what Chinese text needs; dlr-mask 27 = delivered 1 +
// undelivered 2 + SMSC accepted 8 + SMSC rejected 16). Kannel's answers:
// "0: Accepted for delivery" and "3: Queued for later delivery" (202) are
// accepted; 4xx answers (bad number, authorisation) are rejections; 5xx and
// connection failures are temporary.
//
// Thread-safety: a gateway instance is used by one dispatcher thread at a
// time (it owns one keep-alive connection); make one per thread.
#ifndef XIEZUO_NOTIFY_GATEWAY_H_
#define XIEZUO_NOTIFY_GATEWAY_H_

#include <memory>
#include <string>

#include "notify/outbox.h"

namespace xiezuo::http {
class HttpClient;
}

namespace xiezuo::notify {

class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  virtual SendResult Send(const ClaimedMessage& m) = 0;
};

struct KannelOptions {
  // XIEZUO_KANNEL_URL: smsbox's sendsms endpoint.
  std::string sendsms_url = "http://127.0.0.1:13012/cgi-bin/sendsms";
  // XIEZUO_KANNEL_USER / XIEZUO_KANNEL_PASSWORD: a sendsms-user.
  std::string username = "xiezuo";
  std::string password;
  // XIEZUO_SMS_FROM: sender number (the operator's service code).
  std::string from = "10690";
  // XIEZUO_KANNEL_DLR_URL: where Kannel posts delivery reports (this
  // server's /api/v1/sms/dlr with the callback token); "" for none.
  std::string dlr_url;
  int dlr_mask = 27;
  int timeout_ms = 10000;
};

class KannelGateway final : public SmsGateway {
 public:
  explicit KannelGateway(KannelOptions options);
  ~KannelGateway() override;
  SendResult Send(const ClaimedMessage& m) override;

  // The request target for a message (exposed for tests).
  std::string Target(const ClaimedMessage& m) const;

 private:
  KannelOptions options_;
  std::string path_;  // sendsms path with any query prefix
  std::unique_ptr<http::HttpClient> client_;
};

}  // namespace xiezuo::notify

#endif  // XIEZUO_NOTIFY_GATEWAY_H_
