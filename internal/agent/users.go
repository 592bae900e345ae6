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
// writes them. The users of the read-only file may only read.
type Users struct {
	hashes   map[string][]byte
	readOnly map[string]bool
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

// LoadUsers reads the users file, whose users may read and write, and, when
// readOnlyPath is not empty, the read-only users file, whose users may only
// read. Both are htpasswd files: `name:<bcrypt hash>` lines; blank lines and `#`
// comments are skipped. Any other kind of hash is refused, and so is a name in
// both files.
func LoadUsers(path, readOnlyPath string) (*Users, error) {
	u := &Users{hashes: map[string][]byte{}, readOnly: map[string]bool{}}
	if err := u.load(path, false); err != nil {
		return nil, err
	}
	if readOnlyPath != "" {
		if err := u.load(readOnlyPath, true); err != nil {
			return nil, err
		}
	}
	dummyHash() // now, so that no request pays for it
	return u, nil
}

func (u *Users) load(path string, readOnly bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("users file: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	found := 0
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, hash, ok := strings.Cut(line, ":")
		if !ok || name == "" {
			return fmt.Errorf("users file %s:%d: want name:<bcrypt hash>", path, n)
		}
		if _, err := bcrypt.Cost([]byte(hash)); err != nil {
			return fmt.Errorf("users file %s:%d: user %s: only bcrypt hashes are accepted (htpasswd -nbB): %v", path, n, name, err)
		}
		if _, dup := u.hashes[name]; dup && u.readOnly[name] != readOnly {
			return fmt.Errorf("users file %s:%d: user %s is also in the other users file: a user is read-write or read-only, not both", path, n, name)
		}
		u.hashes[name], u.readOnly[name] = []byte(hash), readOnly
		found++
	}
	if found == 0 {
		return fmt.Errorf("users file %s: no users", path)
	}
	return nil
}

// ReadOnly tells whether the user may only read.
func (u *Users) ReadOnly(name string) bool { return u.readOnly[name] }

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
