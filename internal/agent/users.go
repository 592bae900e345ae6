package agent

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Users are the API's users: names with bcrypt password hashes, as `htpasswd -nbB`
// writes them.
type Users struct {
	hashes map[string][]byte
	// verified remembers credentials bcrypt has accepted, by a digest of name,
	// password and hash, so that a client's every request does not pay bcrypt's
	// deliberate cost; a changed hash never matches an old entry.
	verified sync.Map
}

// dummyHash is compared against for an unknown user, so that answering takes as
// long as for a known one. LoadUsers makes it, not package init: the provider
// links this package too, and Terraform starts it several times per command,
// each start then paying bcrypt's cost (60 ms here).
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("unknown user"), bcrypt.DefaultCost)
	return h
})

// LoadUsers reads a users file: `name:<bcrypt hash>` lines; blank lines and `#`
// comments are skipped. Any other kind of hash is refused.
func LoadUsers(path string) (*Users, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	u := &Users{hashes: map[string][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, hash, ok := strings.Cut(line, ":")
		if !ok || name == "" {
			return nil, fmt.Errorf("users file %s:%d: want name:<bcrypt hash>", path, n)
		}
		if _, err := bcrypt.Cost([]byte(hash)); err != nil {
			return nil, fmt.Errorf("users file %s:%d: user %s: only bcrypt hashes are accepted (htpasswd -nbB): %v", path, n, name, err)
		}
		u.hashes[name] = []byte(hash)
	}
	if len(u.hashes) == 0 {
		return nil, fmt.Errorf("users file %s: no users", path)
	}
	dummyHash() // now, so that no request pays for it
	return u, nil
}

// Check tells whether the password is the user's.
func (u *Users) Check(name, password string) bool {
	hash, known := u.hashes[name]
	if !known {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return false
	}
	key := sha256.Sum256([]byte(name + "\x00" + password + "\x00" + string(hash)))
	if _, ok := u.verified.Load(key); ok {
		return true
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil {
		return false
	}
	u.verified.Store(key, true)
	return true
}
