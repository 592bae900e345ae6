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
	// dummy is compared against for an unknown user, at the highest cost of the
	// users' hashes, so that an unknown user costs as much as a known one with a
	// wrong password and names cannot be told apart by time (`htpasswd -nbB`
	// writes cost 5, the agent's hash-password cost 10).
	dummy []byte
	cost  int // the highest cost of the users' hashes
	// verified remembers credentials bcrypt has accepted, by a digest of name,
	// password and hash, so that a client's every request does not pay bcrypt's
	// deliberate cost; a changed hash never matches an old entry.
	verified sync.Map
}

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
	dummy, err := bcrypt.GenerateFromPassword([]byte("unknown user"), u.cost)
	if err != nil {
		return nil, err
	}
	u.dummy = dummy
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
		cost, err := bcrypt.Cost([]byte(hash))
		if err != nil {
			return fmt.Errorf("users file %s:%d: user %s: only bcrypt hashes are accepted (htpasswd -nbB): %v", path, n, name, err)
		}
		u.cost = max(u.cost, cost)
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
		_ = bcrypt.CompareHashAndPassword(u.dummy, []byte(password))
		return false
	}
	if u.Verified(name, password) {
		return true
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil {
		return false
	}
	u.verified.Store(u.verifiedKey(name, password, hash), true)
	return true
}

// Verified tells whether Check has accepted these credentials before, without
// running bcrypt.
func (u *Users) Verified(name, password string) bool {
	hash, known := u.hashes[name]
	if !known {
		return false
	}
	_, ok := u.verified.Load(u.verifiedKey(name, password, hash))
	return ok
}

func (u *Users) verifiedKey(name, password string, hash []byte) [sha256.Size]byte {
	return sha256.Sum256([]byte(name + "\x00" + password + "\x00" + string(hash)))
}
