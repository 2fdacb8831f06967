package security

import (
	"crypto"
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rc4"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

type User struct {
	Email    string
	Password string
	Salt     string
}

func hashPassword(password string) string {
	// ruleid: GO-WEAK-CRYPTO
	sum := md5.Sum([]byte(password))
	return hex.EncodeToString(sum[:])
}

func (u *User) SetPassword(plain string) {
	// ruleid: GO-WEAK-CRYPTO
	h := sha1.New()
	h.Write([]byte(u.Salt))
	io.WriteString(h, plain)
	u.Password = hex.EncodeToString(h.Sum(nil))
}

func checkLogin(u *User, attempt string) bool {
	h := md5.New()
	// ruleid: GO-WEAK-CRYPTO
	io.WriteString(h, u.Salt+attempt+u.Password)
	return false
}

func legacyToken(user *User) string {
	// ruleid: GO-WEAK-CRYPTO
	return fmt.Sprintf("%x", sha1.Sum([]byte(user.Email+":"+user.Password)))
}

func encryptCard(key, number []byte) []byte {
	// ruleid: GO-WEAK-CRYPTO
	block, err := des.NewTripleDESCipher(key)
	if err != nil {
		return nil
	}
	out := make([]byte, len(number))
	block.Encrypt(out, number)
	return out
}

func obfuscate(key, data []byte) []byte {
	// ruleid: GO-WEAK-CRYPTO
	c, _ := rc4.NewCipher(key)
	c.XORKeyStream(data, data)
	return data
}

func signLicense(key *rsa.PrivateKey, license []byte) ([]byte, error) {
	digest := sha1.Sum(license)
	// ruleid: GO-WEAK-CRYPTO
	return rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA1, digest[:])
}

func certTemplate() *x509.Certificate {
	return &x509.Certificate{
		// ruleid: GO-WEAK-CRYPTO
		SignatureAlgorithm: x509.SHA1WithRSA,
	}
}

// Checksums and identifiers: nobody gains from a collision here.
func fileETag(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	// ok: GO-WEAK-CRYPTO
	return fmt.Sprintf(`"%x"`, md5.Sum(data)), nil
}

func gitBlobID(content []byte) string {
	// ok: GO-WEAK-CRYPTO
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

func verifyWebhook(secret, body []byte, signature string) bool {
	// ok: GO-WEAK-CRYPTO
	mac := hmac.New(sha1.New, secret)
	mac.Write(body)
	return hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(signature))
}

func resetPasswordURL(token string) string {
	// ok: GO-WEAK-CRYPTO
	mac := hmac.New(sha1.New, []byte(os.Getenv("RESET_KEY")))
	mac.Write([]byte(token))
	return "/reset?token=" + token + "&sig=" + hex.EncodeToString(mac.Sum(nil))
}

func signRelease(key *rsa.PrivateKey, artifact []byte) ([]byte, error) {
	digest := sha256.Sum256(artifact)
	// ok: GO-WEAK-CRYPTO
	return rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
}

func resetPasswordEmail(u *User) string {
	// Gravatar identifies avatars by the MD5 of the e-mail address.
	// ok: GO-WEAK-CRYPTO
	avatar := fmt.Sprintf("https://www.gravatar.com/avatar/%x", md5.Sum([]byte(u.Email)))
	return "<img src=\"" + avatar + "\"> Click the link below to choose a new password."
}
