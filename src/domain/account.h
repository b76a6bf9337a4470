/*
 * account.h - the rules of an account: what an email address, a name and a password must
 * look like, and how passwords are hashed (argon2id, libsodium) and checked.
 *
 * The checks return NULL when the value is acceptable, else an English message marked
 * with N_() that the caller translates (T() on the web, _() on the command line), so the
 * web, the API and the CLI refuse the same values with the same words.
 */
#ifndef STOCKTAKE_DOMAIN_ACCOUNT_H
#define STOCKTAKE_DOMAIN_ACCOUNT_H

#define ACCOUNT_EMAIL_MAX 254     /* bytes */
#define ACCOUNT_NAME_MAX 200      /* characters */
#define ACCOUNT_ORG_MAX 300       /* characters */
#define ACCOUNT_PASSWORD_MIN 10   /* characters */
#define ACCOUNT_PASSWORD_MAX 1000 /* bytes */
#define ACCOUNT_HASH_MAX 128      /* an argon2id string and its NUL (crypto_pwhash_STRBYTES) */

/* account_check_email: a plausible address (name@domain.tld), at most 254 bytes. */
const char *account_check_email(const char *email);
/*
 * account_check_name: a person's or an organisation's name of at most max characters
 * without control characters; blank is refused only when required.
 */
const char *account_check_name(const char *name, unsigned max, int required);
/* account_check_password: at least 10 characters, at most 1,000 bytes of UTF-8. */
const char *account_check_password(const char *password);

/*
 * account_password_hash writes the argon2id string of password into out. libsodium must
 * be initialised (sodium_init, once at start-up). Returns 0 or ERR_NOMEM.
 */
int account_password_hash(const char *password, char out[ACCOUNT_HASH_MAX]);
/* account_password_verify tells whether password matches hash (1) or not (0). */
int account_password_verify(const char *hash, const char *password);
/* account_password_needs_rehash tells whether hash was made with weaker settings than ours. */
int account_password_needs_rehash(const char *hash);
/*
 * account_dummy_hash is a hash of no one's password, to verify against when an email is
 * unknown, so that a failed log-in takes as long whether or not the account exists.
 */
const char *account_dummy_hash(void);

#endif
