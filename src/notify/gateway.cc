#include "notify/gateway.h"

#include "http/client.h"

namespace xiezuo::notify {

KannelGateway::KannelGateway(KannelOptions options) : options_(std::move(options)) {
  http::ClientOptions co;
  if (!http::ParseHttpUrl(options_.sendsms_url, &co.host, &co.port, &path_)) {
    path_.clear();  // Send() answers every message as temporary failure
  }
  co.timeout = std::chrono::milliseconds(options_.timeout_ms);
  client_ = std::make_unique<http::HttpClient>(co);
}

KannelGateway::~KannelGateway() = default;

std::string KannelGateway::Target(const ClaimedMessage& m) const {
  std::string t = path_;
  t += t.find('?') == std::string::npos ? "?" : "&";
  t += "username=" + http::UrlEncode(options_.username);
  t += "&password=" + http::UrlEncode(options_.password);
  t += "&from=" + http::UrlEncode(options_.from);
  t += "&to=" + http::UrlEncode(m.phone);
  t += "&text=" + http::UrlEncode(m.body);
  t += "&charset=UTF-8&coding=2";
  if (!options_.dlr_url.empty()) {
    std::string dlr = options_.dlr_url;
    dlr += dlr.find('?') == std::string::npos ? "?" : "&";
    // %d and %A are filled in by Kannel: report type and SMSC answer.
    dlr += "id=" + std::to_string(m.id) + "&status=%d&answer=%A";
    t += "&dlr-mask=" + std::to_string(options_.dlr_mask);
    t += "&dlr-url=" + http::UrlEncode(dlr);
  }
  return t;
}

SendResult KannelGateway::Send(const ClaimedMessage& m) {
  SendResult r;
  r.id = m.id;
  if (path_.empty()) {
    r.outcome = SendOutcome::kTemporary;
    r.answer = "XIEZUO_KANNEL_URL is not an http:// URL";
    return r;
  }
  auto res = client_->Get(Target(m));
  if (!res.ok()) {
    r.outcome = SendOutcome::kTemporary;
    r.answer = res.status().en();
    return r;
  }
  r.answer = res->body;
  while (!r.answer.empty() && (r.answer.back() == '\n' || r.answer.back() == '\r')) {
    r.answer.pop_back();
  }
  if (res->status >= 200 && res->status < 300 &&
      (r.answer.rfind("0:", 0) == 0 || r.answer.rfind("3:", 0) == 0)) {
    r.outcome = SendOutcome::kAccepted;
  } else if (res->status >= 400 && res->status < 500) {
    r.outcome = SendOutcome::kRejected;
  } else {
    r.outcome = SendOutcome::kTemporary;
  }
  return r;
}

}  // namespace xiezuo::notify
