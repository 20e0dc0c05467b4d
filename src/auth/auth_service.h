// Accounts and sessions: sign-in with argon2id passwords, throttling and
// lockout, server-side sessions with idle and absolute expiry, CSRF tokens.
//
//   AuthService auth(db, keys, clock, audit, AuthOptions{});
//   ASSIGN_OR_RETURN(auto login, auth.Login("county_qj", "…", "10.0.0.8"));
//   // login.token goes into an HttpOnly cookie; only its keyed hash is stored.
//   ASSIGN_OR_RETURN(auto session, auth.Authenticate(token));
//
// Thread-safety: safe for concurrent use. The per-address throttle is in
// memory (per process); per-account lockout is in the database, so it holds
// across several server processes.
#ifndef XIEZUO_AUTH_AUTH_SERVICE_H_
#define XIEZUO_AUTH_AUTH_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "common/clock.h"
#include "security/keys.h"
#include "security/password.h"
#include "security/throttle.h"
#include "store/database.h"

namespace xiezuo::auth {

struct AuthOptions {
  // A session ends after this long without a request. Default 30 minutes.
  int64_t idle_timeout_seconds = 30 * 60;
  // ... and this long after sign-in, whatever the activity. Default 12 hours.
  int64_t absolute_timeout_seconds = 12 * 3600;
  // Failed sign-ins before an account is locked, and for how long.
  int max_failures = 5;
  int64_t lockout_seconds = 15 * 60;
  // argon2id cost. Production: Interactive(); tests and demo: FastForTests().
  security::PasswordParams password_params = security::PasswordParams::Interactive();
};

struct Session {
  Principal principal;
  std::string csrf_token;
  int64_t expires_at = 0;
};

struct LoginResult {
  std::string token;  // give to the client once; never stored in clear
  Session session;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string role;
  int64_t org_id = 0;
  std::string password;
};

struct UserRow {
  int64_t id = 0;
  std::string username, display_name, role;
  int64_t org_id = 0;
  std::string org_name;
  bool locked = false;
  int64_t last_login_at = 0;
};

class AuthService {
 public:
  AuthService(store::Database& db, const security::KeyRing& keys, const Clock& clock,
              audit::AuditLog& audit, AuthOptions options);

  // Wrong user and wrong password give the same answer. Too many failures
  // (per account or per address) give kResourceExhausted with the wait.
  StatusOr<LoginResult> Login(const std::string& username, const std::string& password,
                              const std::string& remote_addr);
  // kUnauthenticated when the token is unknown or expired; touches the
  // session's idle timer otherwise.
  StatusOr<Session> Authenticate(const std::string& token);
  Status Logout(const std::string& token);

  // Loads the principal (role, org, enterprise) of a user.
  StatusOr<Principal> LoadPrincipal(store::Connection& c, int64_t user_id);

  // Creates an account. Only admins create accounts, except that county
  // officers may create village officers in their county.
  StatusOr<int64_t> CreateUser(const Principal& actor, const NewUser& u);
  // Same, inside a caller's transaction, without the actor check (demo, CLI).
  StatusOr<int64_t> InsertUser(store::Connection& c, const NewUser& u);

  StatusOr<std::vector<UserRow>> ListUsers(const Principal& actor, int64_t offset, int64_t limit,
                                           int64_t* total);
  Status Unlock(const Principal& actor, int64_t user_id);

  const AuthOptions& options() const { return options_; }

 private:
  Status ValidateNewUser(store::Connection& c, const NewUser& u);

  store::Database& db_;
  const security::KeyRing& keys_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  AuthOptions options_;
  security::LoginThrottle address_throttle_;
};

}  // namespace xiezuo::auth

#endif  // XIEZUO_AUTH_AUTH_SERVICE_H_
