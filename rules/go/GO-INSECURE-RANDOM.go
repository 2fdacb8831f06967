package accounts

import (
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand"
	"strconv"
	"time"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func generateResetToken() string {
	b := make([]byte, 32)
	for i := range b {
		// ruleid: GO-INSECURE-RANDOM
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

type Session struct {
	ID      string
	UserID  int64
	Expires time.Time
}

func startSession(userID int64) *Session {
	return &Session{
		// ruleid: GO-INSECURE-RANDOM
		ID:      strconv.FormatInt(rand.Int63(), 36),
		UserID:  userID,
		Expires: time.Now().Add(24 * time.Hour),
	}
}

func sendLoginCode(phone string) error {
	// ruleid: GO-INSECURE-RANDOM
	otp := fmt.Sprintf("%06d", rand.Intn(1000000))
	return sms(phone, "Your code is "+otp)
}

type Invite struct{ Code, APIKey string }

func (inv *Invite) Issue(rng *rand.Rand) {
	// ruleid: GO-INSECURE-RANDOM
	inv.APIKey = fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())
}

func retryDelay(attempt int) time.Duration {
	base := time.Duration(1<<attempt) * 100 * time.Millisecond
	// ok: GO-INSECURE-RANDOM
	jitter := time.Duration(rand.Int63n(int64(base) / 2))
	return base + jitter
}

func pickReplica(replicas []string) string {
	// ok: GO-INSECURE-RANDOM
	return replicas[rand.Intn(len(replicas))]
}

func shouldSampleTrace() bool {
	// ok: GO-INSECURE-RANDOM
	return rand.Float64() < 0.01
}

func newCSRFToken() (string, error) {
	b := make([]byte, 32)
	// ok: GO-INSECURE-RANDOM
	if _, err := crand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func tokenBucketRefill(tokens, capacity int) int {
	// Refill timing is spread, not secret. (Name says token, value is a count.)
	// ok: GO-INSECURE-RANDOM
	delay := time.Duration(rand.Intn(50)) * time.Millisecond
	time.Sleep(delay)
	return min(tokens+1, capacity)
}

func sms(phone, text string) error { return nil }

func randomPasswordFor(user string) string {
	b := make([]byte, 16)
	for i := range b {
		// ruleid: GO-INSECURE-RANDOM
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

func generateAvatarColor(seed string) string {
	// ok: GO-INSECURE-RANDOM
	return fmt.Sprintf("#%06x", rand.Intn(0xffffff))
}

type GitHubPool struct{ tokens []string }

func (p *GitHubPool) client() string {
	// Spread requests over several existing API tokens.
	// ok: GO-INSECURE-RANDOM
	token := p.tokens[rand.Intn(len(p.tokens))]
	return token
}
