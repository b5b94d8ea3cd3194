#include "aes_siv_shim.h"
#include <limits.h>
#include <openssl/evp.h>

static const char *cipher_name(size_t key_len) {
    return key_len == 64 ? "AES-256-SIV" : key_len == 32 ? "AES-128-SIV" : NULL;
}

long stele_aes_siv_seal(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
                        const uint8_t *plaintext, size_t plaintext_len, uint8_t *out) {
    const char *name = cipher_name(key_len);
    if (!name || plaintext_len > INT_MAX || aad_len > INT_MAX) return -2;
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, name, NULL);
    if (!cipher) return -1;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    long result = -3;
    int len = 0, final_len = 0;
    /* The associated data is always one component, empty or not (Tink's S2V does so). */
    if (ctx && EVP_EncryptInit_ex2(ctx, cipher, key, NULL, NULL)
        && EVP_EncryptUpdate(ctx, NULL, &len, aad ? aad : (const uint8_t *)"", (int)aad_len)
        && EVP_EncryptUpdate(ctx, out + 16, &len, plaintext, (int)plaintext_len)
        && EVP_EncryptFinal_ex(ctx, out + 16 + len, &final_len)
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, out)) {
        result = 16 + (long)len + final_len;
    }
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
    return result;
}

long stele_aes_siv_open(const uint8_t *key, size_t key_len, const uint8_t *aad, size_t aad_len,
                        const uint8_t *ciphertext, size_t ciphertext_len, uint8_t *out) {
    const char *name = cipher_name(key_len);
    if (!name || ciphertext_len < 16 || ciphertext_len > INT_MAX || aad_len > INT_MAX) return -2;
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, name, NULL);
    if (!cipher) return -1;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    long result = -3;
    int len = 0, final_len = 0;
    if (ctx && EVP_DecryptInit_ex2(ctx, cipher, key, NULL, NULL)
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16, (void *)ciphertext)
        && EVP_DecryptUpdate(ctx, NULL, &len, aad ? aad : (const uint8_t *)"", (int)aad_len)
        && EVP_DecryptUpdate(ctx, out, &len, ciphertext + 16, (int)(ciphertext_len - 16))
        && EVP_DecryptFinal_ex(ctx, out + len, &final_len)) {
        result = (long)len + final_len;
    }
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
    return result;
}
