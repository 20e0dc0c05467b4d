#include "auth/auth_service.h"

#include <fmt/format.h>

#include <mutex>

#include "auth/scope.h"
#include "common/strings.h"
#include "security/tokens.h"

namespace xiezuo::auth {

namespace {

Status BadCredentials() {
  return Unauthenticated("用户名或密码错误", "Wrong username or password");
}

Status LockedOut(int64_t seconds) {
  int64_t minutes = (seconds + 59) / 60;
  return ResourceExhausted(
      fmt::format("登录失败次数过多，账号已临时锁定，请 {} 分钟后再试，或联系管理员解锁", minutes),
      fmt::format("Too many failed sign-ins; try again in {} minutes or ask an administrator "
                  "to unlock the account",
                  minutes));
}

bool ValidUsername(std::string_view u) {
  if (u.size() < 3 || u.size() > 32) return false;
  for (char ch : u) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
              ch == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

AuthService::AuthService(store::Database& db, const security::KeyRing& keys, const Clock& clock,
                         audit::AuditLog& audit, AuthOptions options)
    : db_(db),
      keys_(keys),
      clock_(clock),
      audit_(audit),
      options_(options),
      address_throttle_(security::LoginThrottleOptions{
          .max_failures = options.max_failures * 4,
          .window_seconds = options.lockout_seconds,
          .lockout_seconds = options.lockout_seconds,
      }) {}

StatusOr<Principal> AuthService::LoadPrincipal(store::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, username, display_name, role, org_id, disabled"
                                    " FROM users WHERE id = ?",
                                    {user_id}));
  if (rs.empty()) return Unauthenticated("账号不存在", "Account not found");
  if (rs.Int(0, 5) != 0) return Unauthenticated("账号已停用", "Account disabled");
  Principal p;
  p.user_id = rs.Int(0, 0);
  p.username = rs.Text(0, 1);
  p.display_name = rs.Text(0, 2);
  p.role = ParseRole(rs.Text(0, 3)).value_or(Role::kWorker);
  ASSIGN_OR_RETURN(p.org, orgs::GetOrg(c, rs.Int(0, 4)));
  if (p.role == Role::kEnterpriseHr) {
    ASSIGN_OR_RETURN(auto e, c.Query("SELECT id FROM enterprises WHERE org_id = ?", {p.org.id}));
    if (!e.empty()) p.enterprise_id = e.Int(0, 0);
  }
  return p;
}

StatusOr<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                         const std::string& remote_addr) {
  const int64_t now = clock_.NowSeconds();
  if (!address_throttle_.Allowed(remote_addr, now)) {
    // The typed username is not recorded: people type phone numbers there.
    (void)audit_.Append({0, "auth.login", "user:unknown", "throttled", ""});
    return LockedOut(address_throttle_.RetryAfter(remote_addr, now));
  }
  // A hash to verify against when the user does not exist, so that the
  // answer takes as long as for a real account.
  static std::once_flag once;
  static std::string dummy_hash;
  std::call_once(once, [&] {
    dummy_hash = security::HashPassword("dummy-password-for-timing", options_.password_params)
                     .value();
  });

  LoginResult result;
  Status outcome = db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, password_hash, failed_logins, locked_until,"
                                      " disabled FROM users WHERE username = ?",
                                      {username}));
    if (rs.empty()) {
      (void)security::VerifyPassword(dummy_hash, password);
      return BadCredentials();
    }
    int64_t id = rs.Int(0, 0);
    int64_t locked_until = rs.Int(0, 3);
    if (locked_until > now) return LockedOut(locked_until - now);
    if (rs.Int(0, 4) != 0 || !security::VerifyPassword(rs.Text(0, 1), password)) {
      int64_t failures = rs.Int(0, 2) + 1;
      int64_t lock = failures >= options_.max_failures ? now + options_.lockout_seconds : 0;
      RETURN_IF_ERROR(c.Execute("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                                {lock ? int64_t{0} : failures, lock, id})
                          .status());
      RETURN_IF_ERROR(audit_.Append(
          c, {id, "auth.login", "user:" + std::to_string(id), lock ? "locked" : "failed", ""}));
      // Commit the counter, then report the failure to the caller.
      result.session.principal.user_id = -1;
      result.session.expires_at = lock;
      return Status::Ok();
    }
    RETURN_IF_ERROR(c.Execute("UPDATE users SET failed_logins = 0, locked_until = 0,"
                              " last_login_at = ? WHERE id = ?",
                              {now, id})
                        .status());
    if (security::NeedsRehash(rs.Text(0, 1), options_.password_params)) {
      ASSIGN_OR_RETURN(std::string h, security::HashPassword(password, options_.password_params));
      RETURN_IF_ERROR(
          c.Execute("UPDATE users SET password_hash = ? WHERE id = ?", {h, id}).status());
    }
    ASSIGN_OR_RETURN(result.session.principal, LoadPrincipal(c, id));
    result.token = security::RandomToken();
    result.session.csrf_token = security::RandomToken(24);
    result.session.expires_at = now + options_.absolute_timeout_seconds;
    RETURN_IF_ERROR(c.Execute("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at,"
                              " last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                              {security::HashToken(keys_, result.token), id,
                               result.session.csrf_token, now, now, result.session.expires_at})
                        .status());
    // Old sessions of this user are cleaned on the way.
    RETURN_IF_ERROR(c.Execute("DELETE FROM sessions WHERE user_id = ? AND (expires_at <= ? OR"
                              " last_seen_at <= ?)",
                              {id, now, now - options_.idle_timeout_seconds})
                        .status());
    return audit_.Append(c, {id, "auth.login", "user:" + std::to_string(id), "ok", ""});
  });
  if (outcome.code() == StatusCode::kUnauthenticated) {
    address_throttle_.RecordFailure(remote_addr, now);
    (void)audit_.Append({0, "auth.login", "user:unknown", "failed", "unknown username"});
    return outcome;
  }
  if (!outcome.ok()) return outcome;
  if (result.session.principal.user_id == -1) {
    address_throttle_.RecordFailure(remote_addr, now);
    if (result.session.expires_at > 0) return LockedOut(options_.lockout_seconds);
    return BadCredentials();
  }
  address_throttle_.RecordSuccess(remote_addr);
  return result;
}

StatusOr<Session> AuthService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) {
    return Unauthenticated("请先登录", "Please sign in");
  }
  const int64_t now = clock_.NowSeconds();
  Session s;
  Status st = db_.WithConnection([&](store::Connection& c) -> Status {
    std::string h = security::HashToken(keys_, token);
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT user_id, csrf_token, last_seen_at, expires_at"
                                      " FROM sessions WHERE token_hash = ?",
                                      {h}));
    if (rs.empty()) return Unauthenticated("请先登录", "Please sign in");
    if (rs.Int(0, 3) <= now || rs.Int(0, 2) + options_.idle_timeout_seconds <= now) {
      RETURN_IF_ERROR(c.Execute("DELETE FROM sessions WHERE token_hash = ?", {h}).status());
      return Unauthenticated("登录已过期，请重新登录", "Your session has expired; sign in again");
    }
    // Touch at most once a minute to keep writes down.
    if (now - rs.Int(0, 2) >= 60) {
      RETURN_IF_ERROR(
          c.Execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", {now, h}).status());
    }
    ASSIGN_OR_RETURN(s.principal, LoadPrincipal(c, rs.Int(0, 0)));
    s.csrf_token = rs.Text(0, 1);
    s.expires_at = rs.Int(0, 3);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return s;
}

Status AuthService::Logout(const std::string& token) {
  return db_.Transact([&](store::Connection& c) -> Status {
    std::string h = security::HashToken(keys_, token);
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT user_id FROM sessions WHERE token_hash = ?", {h}));
    if (rs.empty()) return Status::Ok();
    RETURN_IF_ERROR(c.Execute("DELETE FROM sessions WHERE token_hash = ?", {h}).status());
    return audit_.Append(c, {rs.Int(0, 0), "auth.logout",
                             "user:" + std::to_string(rs.Int(0, 0)), "ok", ""});
  });
}

Status AuthService::ValidateNewUser(store::Connection& c, const NewUser& u) {
  Status err = InvalidArgument("提交的账号信息有误，请按提示修改",
                               "The account details are invalid; see the field errors");
  if (!ValidUsername(u.username)) {
    err.AddField("username", "用户名须为 3–32 位小写字母、数字或 _ . -",
                 "Username must be 3–32 lower-case letters, digits, _ . or -");
  }
  std::string_view dn = Trim(u.display_name);
  if (dn.empty() || Utf8Length(dn) > 40) {
    err.AddField("display_name", "请填写姓名（不超过 40 个字）",
                 "Enter a display name (at most 40 characters)");
  }
  auto role = ParseRole(u.role);
  if (!role) {
    err.AddField("role", "角色无效", "Unknown role");
  }
  auto org = orgs::GetOrg(c, u.org_id);
  if (!org.ok()) {
    err.AddField("org_id", "所属机构不存在", "Organisation not found");
  } else if (role && !RoleFitsOrg(*role, org->type)) {
    err.AddField("org_id",
                 fmt::format("“{}”角色不能属于{}", RoleLabelZh(*role), orgs::OrgTypeLabelZh(org->type)),
                 fmt::format("Role {} cannot belong to an organisation of type {}", u.role,
                             orgs::OrgTypeName(org->type)));
  }
  Status pw = security::CheckPasswordPolicy(u.password, u.username);
  for (const auto& f : pw.fields()) err.AddField(f);
  if (!err.fields().empty()) return err;
  return Status::Ok();
}

StatusOr<int64_t> AuthService::InsertUser(store::Connection& c, const NewUser& u) {
  RETURN_IF_ERROR(ValidateNewUser(c, u));
  ASSIGN_OR_RETURN(std::string hash, security::HashPassword(u.password, options_.password_params));
  auto rs = c.Query("INSERT INTO users (username, display_name, role, org_id, password_hash,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    {u.username, std::string(Trim(u.display_name)), u.role, u.org_id, hash,
                     clock_.NowSeconds()});
  if (!rs.ok()) {
    if (rs.status().code() == StatusCode::kAlreadyExists) {
      return FieldInvalid("username", "该用户名已被使用", "This username is taken");
    }
    return rs.status();
  }
  return rs->Int(0, 0);
}

StatusOr<int64_t> AuthService::CreateUser(const Principal& actor, const NewUser& u) {
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    bool allowed = actor.is_admin();
    if (!allowed && actor.role == Role::kCountyOfficer && u.role == "village_officer") {
      auto org = orgs::GetOrg(c, u.org_id);
      allowed = org.ok() && RegionWithin(org->region_code, actor.org.region_code);
    }
    if (!allowed) {
      RETURN_IF_ERROR(audit_.Append(c, {actor.user_id, "user.create", "user:" + u.username,
                                        "denied", ""}));
      return PermissionDenied("您无权创建该账号", "You may not create this account");
    }
    ASSIGN_OR_RETURN(id, InsertUser(c, u));
    return audit_.Append(c, {actor.user_id, "user.create", "user:" + std::to_string(id), "ok",
                             "role=" + u.role});
  }));
  return id;
}

StatusOr<std::vector<UserRow>> AuthService::ListUsers(const Principal& actor, int64_t offset,
                                                      int64_t limit, int64_t* total) {
  std::vector<UserRow> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    std::string where = "1 = 1";
    store::Params params;
    if (!actor.is_admin()) {
      // Non-admins see the accounts of their own organisation and, for a
      // county officer, those of organisations inside their county.
      where = "(u.org_id = ? OR o.region_code LIKE ?)";
      params = {actor.org.id, actor.role == Role::kCountyOfficer
                                  ? RegionPrefix(actor.org.region_code) + "%"
                                  : std::string("\x01")};
    }
    ASSIGN_OR_RETURN(*total, c.QueryInt("SELECT COUNT(*) FROM users u JOIN orgs o ON o.id = u.org_id"
                                        " WHERE " + where, params));
    params.push_back(limit);
    params.push_back(offset);
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT u.id, u.username, u.display_name, u.role, u.org_id,"
                                      " o.name, u.locked_until, u.last_login_at FROM users u"
                                      " JOIN orgs o ON o.id = u.org_id WHERE " + where +
                                          " ORDER BY u.id LIMIT ? OFFSET ?",
                                      params));
    int64_t now = clock_.NowSeconds();
    for (size_t r = 0; r < rs.size(); ++r) {
      out.push_back({rs.Int(r, 0), rs.Text(r, 1), rs.Text(r, 2), rs.Text(r, 3), rs.Int(r, 4),
                     rs.Text(r, 5), rs.Int(r, 6) > now, rs.Int(r, 7)});
    }
    return Status::Ok();
  }));
  return out;
}

Status AuthService::Unlock(const Principal& actor, int64_t user_id) {
  if (!actor.is_admin()) return PermissionDenied("仅管理员可解锁账号", "Only administrators unlock");
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE users SET failed_logins = 0, locked_until = 0"
                                          " WHERE id = ?",
                                          {user_id}));
    if (n == 0) return NotFound("账号不存在", "Account not found");
    return audit_.Append(c, {actor.user_id, "user.unlock", "user:" + std::to_string(user_id), "ok",
                             ""});
  });
}

}  // namespace xiezuo::auth
