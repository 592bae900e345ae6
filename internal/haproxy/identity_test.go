package haproxy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// checkIdentity is the default user of a root agent's checks; the test is
// skipped when the tests do not run as root or no such user exists.
func checkIdentity(t *testing.T) *Identity {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("checks run as another user only when the agent runs as root")
	}
	id, err := CheckIdentity("")
	if err != nil {
		t.Skipf("no unprivileged user to check as: %v", err)
	}
	if id == nil || id.UID == 0 {
		t.Fatalf("a root agent checks as %v, want an unprivileged user", id)
	}
	return id
}

// openDir is a temporary directory every user may read and traverse, with a
// world-writable "evidence" directory in it (sticky, as /tmp).
func openDir(t *testing.T) (dir, evidence string) {
	t.Helper()
	dir = testDir(t)
	evidence = filepath.Join(dir, "evidence")
	if err := os.Mkdir(evidence, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(evidence, 0o1777); err != nil {
		t.Fatal(err)
	}
	return dir, evidence
}

// TestCheckRunsAsAnUnprivilegedUser: a config whose Lua writes a file during
// `haproxy -c` (as any code a client could submit would) writes it as the
// check's user, not as root. The same check as root, for contrast, writes it
// as root: the test sees who ran the code.
func TestCheckRunsAsAnUnprivilegedUser(t *testing.T) {
	requireHAProxy(t)
	id := checkIdentity(t)
	dir, evidence := openDir(t)
	script := filepath.Join(dir, "evidence.lua")
	lua := `local f = assert(io.open(os.getenv("EVIDENCE"), "w")); f:write("ran"); f:close()` + "\n"
	if err := os.WriteFile(script, []byte(lua), 0o644); err != nil {
		t.Fatal(err)
	}
	config := []byte("global\n    lua-load " + script + "\n")
	// Where the check's directory goes: os.TempDir().
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ownerOf := func(v *Validator, name string) uint32 {
		t.Helper()
		v.Env = []string{"EVIDENCE=" + filepath.Join(evidence, name)}
		if err := v.Validate(context.Background(), config); err != nil {
			t.Fatalf("check as %v: %v", v.As, err)
		}
		fi, err := os.Stat(filepath.Join(evidence, name))
		if err != nil {
			t.Fatalf("the Lua script left no evidence: %v", err)
		}
		return fi.Sys().(*syscall.Stat_t).Uid
	}
	if uid := ownerOf(&Validator{TempDir: state, WorkDir: dir}, "as-root"); uid != 0 {
		t.Fatalf("the check as the agent's own user ran Lua as uid %d, want 0 (the test's premise)", uid)
	}
	if uid := ownerOf(&Validator{TempDir: state, WorkDir: dir, As: id}, "as-user"); uid != id.UID {
		t.Fatalf("the check as %v ran Lua as uid %d", id, uid)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Fatalf("the check left files in TMPDIR: %v", left)
	}
}

// TestCheckAsUserNamesTheUserWhenDenied: a file only root may read fails the
// check as another user, and the error says which user, and which flag
// chooses it.
func TestCheckAsUserNamesTheUserWhenDenied(t *testing.T) {
	requireHAProxy(t)
	id := checkIdentity(t)
	dir, _ := openDir(t)
	script := filepath.Join(dir, "private.lua")
	if err := os.WriteFile(script, []byte("core.Info('loaded')\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := []byte("global\n    lua-load " + script + "\n")
	if err := (&Validator{TempDir: t.TempDir(), WorkDir: dir}).Validate(context.Background(), config); err != nil {
		t.Fatalf("as root, the script is readable and the config valid: %v", err)
	}
	err := (&Validator{TempDir: t.TempDir(), WorkDir: dir, As: id}).Validate(context.Background(), config)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Permission denied") ||
		!strings.Contains(err.Error(), id.Name) || !strings.Contains(err.Error(), "--validate-as") {
		t.Fatalf("a root-only script checked as %v: error %v, want HAProxy's refusal naming the user and --validate-as", id, err)
	}
}

// TestCheckIdentity: names and IDs, and root (the agent's own user) as the
// way to opt out.
func TestCheckIdentity(t *testing.T) {
	id := checkIdentity(t)
	byID, err := CheckIdentity(strconv.FormatUint(uint64(id.UID), 10))
	if err != nil || byID == nil || byID.UID != id.UID || byID.Name != id.Name {
		t.Fatalf("CheckIdentity(%d) = %v, %v; want %v", id.UID, byID, err, id)
	}
	if self, err := CheckIdentity("root"); self != nil || err != nil {
		t.Fatalf("CheckIdentity(root) = %v, %v; want the agent's own user (nil)", self, err)
	}
	if _, err := CheckIdentity("no-such-user-here"); err == nil || !strings.Contains(err.Error(), "no-such-user-here") {
		t.Fatalf("an unknown user: error %v", err)
	}
}
