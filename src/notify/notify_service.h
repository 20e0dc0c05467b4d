// NotifyService: what the API offers around SMS — templates (approved by an
// admin before use), campaigns to workers in scope, per-worker history,
// delivery reports and inbound messages from Kannel, and SMS sign-in codes
// for workers. Messages go through the Outbox; a Dispatcher sends them.
//
//   NotifyService notify(db, cipher, keys, audit, clock, outbox, NotifyOptions{});
//   ASSIGN_OR_RETURN(int64_t t, notify.CreateTemplate(officer, {"招工", "{{name}}您好…"}));
//   RETURN_IF_ERROR(notify.ApproveTemplate(admin, t, true));
//   ASSIGN_OR_RETURN(int64_t c, notify.CreateCampaign(officer, input));
//   ASSIGN_OR_RETURN(auto preview, notify.Preview(officer, c));
//   ASSIGN_OR_RETURN(auto sent, notify.Send(officer, c));   // queued in one transaction
//
// Scope: an officer sees the templates and campaigns of their organisation
// (admins all); a campaign's audience is always cut down to the workers the
// creator may see (auth::WorkerScope). Phone numbers never leave this class
// in clear except towards the gateway.
//
// Thread-safety: safe for concurrent use.
#ifndef XIEZUO_NOTIFY_NOTIFY_SERVICE_H_
#define XIEZUO_NOTIFY_NOTIFY_SERVICE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "common/clock.h"
#include "notify/outbox.h"
#include "security/keys.h"
#include "security/pii.h"
#include "store/database.h"

namespace xiezuo::notify {

struct NotifyOptions {
  // XIEZUO_SMS_SIGNATURE: the 【signature】 registered with the operators.
  std::string signature = "协作就业";
  // Longest message, in parts (67 UCS-2 characters each).
  int max_parts = 4;
  // Sign-in codes: valid this long, at most this many checks per code.
  int64_t code_ttl_seconds = 5 * 60;
  int max_code_attempts = 5;
  // Codes sent per number: at most 1 a minute and 5 an hour; per client
  // address at most 20 an hour.
  int64_t code_min_interval_seconds = 60;
  int codes_per_number_per_hour = 5;
  int codes_per_address_per_hour = 20;
  // Worker sessions made by SMS sign-in.
  int64_t worker_session_seconds = 2 * 3600;
};

struct TemplateInput {
  std::string name;
  std::string body;
};

struct Template {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string name;
  std::string body;
  std::vector<std::string> variables;
  std::string status;  // draft | approved | rejected
  int64_t created_by = 0;
  std::optional<int64_t> approved_by;
  int64_t created_at = 0;
  std::string review_reason;  // why an admin rejected it
  std::string org_name;       // who submitted it (admins review every organisation's)
};

// A filter over the workers in the caller's scope; empty fields match all.
struct AudienceFilter {
  std::string region_code;    // 户籍地 within this division
  std::string category;
  std::string status;
  std::string occupation;     // an intended occupation (code, or a code prefix)
  std::string wanted_region;  // a wanted work region within this division
};

// The workers the latest matching batch recommended for a published
// posting, best score first, cut to the caller's scope. An event's sign-ups
// would be a third kind of audience once events exist.
struct PostingAudience {
  int64_t posting_id = 0;
  int top = 0;  // the best `top` only; 0: all of them
};
inline constexpr int kMaxPostingTop = 5000;

struct CampaignInput {
  std::string name;
  int64_t template_id = 0;
  // One of: a posting's matched workers, a filter over the workers in
  // scope, or an explicit list.
  std::optional<PostingAudience> posting;
  std::optional<AudienceFilter> filter;
  std::vector<int64_t> worker_ids;
  // Values for the template's variables except {{name}} (each recipient's).
  std::map<std::string, std::string> variables;
};

struct Campaign {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string name;
  int64_t template_id = 0;
  std::string status;  // draft | sending
  int64_t recipients = 0;
  int64_t skipped = 0;
  int64_t created_by = 0;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
  std::string audience_json;
  std::map<std::string, std::string> variables;
  // A posting audience: the posting's title, so a list can say which job
  // ("" for other audiences).
  std::string posting_title;
};

struct Preview {
  std::string text;  // for the first recipient (or a sample name)
  SmsLength length;
  int64_t recipients = 0;        // who will get it
  int64_t without_phone = 0;     // excluded: no phone on record
  int64_t invalid_phone = 0;     // excluded: the stored number is not a mobile
  int64_t opted_out = 0;         // excluded: replied TD
  int64_t already_notified = 0;  // excluded: got this posting from another campaign
  int64_t parts_total = 0;       // operator messages billed
  // The first recipient, masked; absent when nobody is left.
  std::optional<int64_t> sample_worker_id;
  std::string sample_phone_masked;
  // Quiet hours in force and when sending would start if sent now.
  QuietHours quiet_hours;
  bool in_quiet_hours = false;
  int64_t not_before = 0;
};

struct SendReport {
  int64_t queued = 0;
  int64_t skipped = 0;
  int64_t not_before = 0;  // when sending starts (morning if in quiet hours)
};

// Admins, county bureaus, stations and receiving bureaus send SMS.
bool MayRunCampaigns(const auth::Principal& p);

class NotifyService {
 public:
  NotifyService(store::Database& db, const security::PiiCipher& cipher,
                const security::KeyRing& keys, audit::AuditLog& audit, const Clock& clock,
                Outbox& outbox, NotifyOptions options = {});

  // Templates. Creating checks variables and that the fixed text fits.
  StatusOr<int64_t> CreateTemplate(const auth::Principal& p, const TemplateInput& in);
  // A rejection needs a reason (shown to the author).
  Status ApproveTemplate(const auth::Principal& p, int64_t id, bool approve,
                         const std::string& reason = "");
  StatusOr<Template> GetTemplate(const auth::Principal& p, int64_t id);
  StatusOr<std::vector<Template>> ListTemplates(const auth::Principal& p);

  // Campaigns.
  StatusOr<int64_t> CreateCampaign(const auth::Principal& p, const CampaignInput& in);
  StatusOr<Campaign> GetCampaign(const auth::Principal& p, int64_t id);
  StatusOr<std::vector<Campaign>> ListCampaigns(const auth::Principal& p);
  StatusOr<Preview> PreviewCampaign(const auth::Principal& p, int64_t id);
  // Queues one message per recipient in one transaction; sending twice adds
  // nothing. Idempotency key: posting:<id>:worker:<id> for a posting's
  // matched workers (a worker never gets the same job twice, whichever
  // campaign carries it), campaign:<id>:worker:<id> otherwise.
  StatusOr<SendReport> SendCampaign(const auth::Principal& p, int64_t id);
  StatusOr<StateCounts> Progress(const auth::Principal& p, int64_t id);
  StatusOr<std::vector<OutboxMessage>> CampaignMessages(const auth::Principal& p, int64_t id,
                                                         const std::string& state, int64_t offset,
                                                         int64_t limit);
  StatusOr<int64_t> RetryFailed(const auth::Principal& p, int64_t id);
  // Messages to one worker in the caller's scope, newest first.
  StatusOr<std::vector<OutboxMessage>> WorkerHistory(const auth::Principal& p, int64_t worker_id);
  // Whether a worker in scope has opted out; nullopt when no phone is on
  // record. SetWorkerOptOut records an opt-out (or its end) the worker asked
  // for in person or by telephone, as TD / 恢复 would by SMS.
  StatusOr<std::optional<bool>> WorkerOptedOut(const auth::Principal& p, int64_t worker_id);
  Status SetWorkerOptOut(const auth::Principal& p, int64_t worker_id, bool opted_out);

  // Kannel callbacks (authenticated by the callback token in the handler).
  Status DeliveryReport(int64_t id, int status, const std::string& answer);
  // An inbound message: TD/T/退订 opt out at once, 恢复 opts back in.
  StatusOr<InboundKind> Inbound(const std::string& from, const std::string& text);

  // SMS sign-in. RequestCode answers the same whether or not the number
  // belongs to a worker (no enumeration); only workers get a message.
  Status RequestCode(const std::string& phone, const std::string& remote_addr);
  struct WorkerSession {
    std::string token;  // give to the client once
    int64_t worker_id = 0;
    int64_t expires_at = 0;
  };
  StatusOr<WorkerSession> VerifyCode(const std::string& phone, const std::string& code,
                                     const std::string& remote_addr);
  // The worker a self-service token belongs to; unauthenticated otherwise.
  StatusOr<int64_t> WorkerForToken(const std::string& token);

  Outbox& outbox() { return outbox_; }
  const NotifyOptions& options() const { return options_; }

 private:
  struct Recipient {
    int64_t worker_id;
    std::string name;
    std::optional<std::string> phone_enc;
    std::optional<std::string> phone_hash;
    std::string phone_masked;
    std::string phone;  // decrypted and normalised, set by Resolve
  };
  // The audience split into who gets the message and who is excluded (why).
  struct Resolved {
    std::vector<Recipient> included;
    int64_t without_phone = 0, invalid_phone = 0, opted_out = 0, already_notified = 0;
    int64_t excluded() const { return without_phone + invalid_phone + opted_out + already_notified; }
  };
  StatusOr<std::vector<Recipient>> Audience(store::Connection& c, const auth::Principal& p,
                                            const nlohmann::json& audience);
  StatusOr<Resolved> Resolve(store::Connection& c, const auth::Principal& p, const Campaign& camp);
  // The worker's phone blind index (nullopt: no phone); not_found when the
  // worker is outside p's scope.
  StatusOr<std::optional<std::string>> VisibleWorkerPhoneHash(store::Connection& c,
                                                              const auth::Principal& p,
                                                              int64_t worker_id);
  StatusOr<Campaign> LoadCampaign(store::Connection& c, const auth::Principal& p, int64_t id);
  StatusOr<Template> LoadTemplate(store::Connection& c, const auth::Principal& p, int64_t id);
  StatusOr<std::string> Compose(const Template& t, const std::map<std::string, std::string>& vars,
                                const std::string& name, std::string_view field) const;

  store::Database& db_;
  const security::PiiCipher& cipher_;
  const security::KeyRing& keys_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  Outbox& outbox_;
  NotifyOptions options_;
};

}  // namespace xiezuo::notify

#endif  // XIEZUO_NOTIFY_NOTIFY_SERVICE_H_
