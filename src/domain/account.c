/*
 * account.c - the rules of an account and password hashing (see account.h).
 *
 * Passwords are hashed with argon2id at libsodium's "interactive" settings (2 passes,
 * 64 MiB): about a tenth of a second, which keeps log-ins quick and guessing expensive. A
 * hash made with other settings is replaced at the next successful log-in.
 */
#include "domain/account.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/text.h"

#include <sodium.h>
#include <string.h>

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

/* A hash of a random string that was thrown away, made with OPSLIMIT and MEMLIMIT. */
static const char dummy_hash[] = "$argon2id$v=19$m=65536,t=2,p=1$YX9+f/KI/gMNHLaTovxFwQ$"
				 "CoxnmxUADPa7M/NiUkKJPWEI8CI5iuf4dH7/LvSaT5I";

/* email_char tells whether c may appear in an address outside the '@'. */
static int email_char(unsigned char c)
{
	return c > 0x20 && c != 0x7f && !strchr("\"(),:;<>[\\]@", c);
}

const char *account_check_email(const char *email)
{
	const char *at, *dot;
	size_t n;

	if (text_is_blank(email))
		return N_("Enter your email address.");
	n = strlen(email);
	if (n > ACCOUNT_EMAIL_MAX)
		return N_("The email address is too long: at most 254 characters.");
	if (!text_utf8_valid(email, n))
		return N_("Enter a valid email address, like name@example.org.");
	at = strchr(email, '@');
	if (!at || at == email || strchr(at + 1, '@'))
		return N_("Enter a valid email address, like name@example.org.");
	for (const char *p = email; *p; p++)
		if (p != at && !email_char((unsigned char)*p))
			return N_("Enter a valid email address, like name@example.org.");
	dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0' || at[1] == '.' || strstr(at, ".."))
		return N_("Enter a valid email address, like name@example.org.");
	return NULL;
}

const char *account_check_name(const char *name, unsigned max, int required)
{
	size_t n;

	if (text_is_blank(name))
		return required ? N_("Enter your name.") : NULL;
	n = strlen(name);
	if (!text_utf8_valid(name, n))
		return N_("The name contains characters that are not allowed.");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return N_("The name contains characters that are not allowed.");
	if (text_utf8_len(name) > max)
		return max == ACCOUNT_ORG_MAX
			   ? N_("The organisation's name is too long: at most 300 characters.")
			   : N_("The name is too long: at most 200 characters.");
	return NULL;
}

const char *account_check_password(const char *password)
{
	size_t n = password ? strlen(password) : 0;

	if (n > ACCOUNT_PASSWORD_MAX)
		return N_("The password is too long: use at most 1,000 bytes.");
	if (n && !text_utf8_valid(password, n))
		return N_("The password is not valid text (UTF-8).");
	if (!n || text_utf8_len(password) < ACCOUNT_PASSWORD_MIN)
		return N_("The password is too short: use at least 10 characters.");
	return NULL;
}

int account_password_hash(const char *password, char out[ACCOUNT_HASH_MAX])
{
	_Static_assert(ACCOUNT_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
	if (crypto_pwhash_str(out, password, strlen(password), OPSLIMIT, MEMLIMIT) != 0)
		return ERR_NOMEM; /* the only way it fails: the memory it needs */
	return 0;
}

int account_password_verify(const char *hash, const char *password)
{
	if (!hash || !password)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int account_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}

const char *account_dummy_hash(void)
{
	return dummy_hash;
}
