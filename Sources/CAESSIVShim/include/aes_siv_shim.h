#ifndef STELE_AES_SIV_SHIM_H
#define STELE_AES_SIV_SHIM_H
#include <stddef.h>
#include <stdint.h>

/* Deterministic AES-SIV (RFC 5297) with one associated-data component, through OpenSSL 3's
 * EVP "AES-256-SIV" (a 64-byte key): the output is the 16-byte SIV then the ciphertext, as
 * Tink's DeterministicAead lays it out. Return the output length, or a negative number when
 * the cipher is unavailable (-1) or fails (other values; for open: authentication failed). */
long stele_aes_siv_seal(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
                        const uint8_t *plaintext, size_t plaintext_len, uint8_t *out);
long stele_aes_siv_open(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
                        const uint8_t *ciphertext, size_t ciphertext_len, uint8_t *out);
#endif
