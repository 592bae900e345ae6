package agent

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a user may do. Each role may do all that the ones before it may.
type Role int

const (
	// RoleReadOnly may read (GET) outside transactions, the raw file excepted.
	RoleReadOnly Role = iota + 1
	// RoleOperator may also write objects, validate changes, use transactions
	// and the runtime API, but not use the raw file nor add, change or remove
	// a privileged line (haproxycfg.PrivilegedDirectives).
	RoleOperator
	// RoleAdmin may do everything, unless the agent forbids privileged lines
	// for everyone.
	RoleAdmin
)

func (r Role) String() string {
	switch r {
	case RoleReadOnly:
		return "read-only"
	case RoleOperator:
		return "operator"
	case RoleAdmin:
		return "admin"
	}
	return "none"
}

// UserFiles name the users files, one per role; "" for none. Each is an
// htpasswd file: `name:<bcrypt hash>` lines, as `htpasswd -nbB` writes them.
type UserFiles struct {
	Operators string // --users-file
	ReadOnly  string // --read-only-users-file
	Admins    string // --admin-users-file
}

// Users are the API's users: names with bcrypt password hashes and a role each.
type Users struct {
	hashes map[string][]byte
	roles  map[string]Role
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

// LoadUsers reads the users files given. In each, blank lines and `#` comments
// are skipped; any hash but bcrypt is refused, and so is a name in two files.
func LoadUsers(files UserFiles) (*Users, error) {
	u := &Users{hashes: map[string][]byte{}, roles: map[string]Role{}}
	given := false
	for _, f := range []struct {
		path string
		role Role
	}{{files.Operators, RoleOperator}, {files.ReadOnly, RoleReadOnly}, {files.Admins, RoleAdmin}} {
		if f.path == "" {
			continue
		}
		given = true
		if err := u.load(f.path, f.role); err != nil {
			return nil, err
		}
	}
	if !given {
		return nil, errors.New("no users file")
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte("unknown user"), u.cost)
	if err != nil {
		return nil, err
	}
	u.dummy = dummy
	return u, nil
}

func (u *Users) load(path string, role Role) error {
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
		if other, dup := u.roles[name]; dup && other != role {
			return fmt.Errorf("users file %s:%d: user %s is also in the %s users file: a user has one role", path, n, name, other)
		}
		u.hashes[name], u.roles[name] = []byte(hash), role
		found++
	}
	if found == 0 {
		return fmt.Errorf("users file %s: no users", path)
	}
	return nil
}

// Role is the user's role; 0 for an unknown user.
func (u *Users) Role(name string) Role { return u.roles[name] }

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
