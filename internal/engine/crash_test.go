package engine

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/testconfig"
)

const crashChildEnv = "ENGINE_CRASH_CHILD"

// TestMain runs the crash child when the test binary is started as one.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	os.Exit(m.Run())
}

// crashChild commits weight changes to one server, one after another, until killed.
func crashChild(dir string) {
	v := &haproxy.Validator{TempDir: filepath.Join(dir, "state")}
	e, err := Open(Options{ConfigPath: filepath.Join(dir, "haproxy.cfg"), StateDir: filepath.Join(dir, "state"), Validator: v})
	if err != nil {
		os.Exit(3)
	}
	for i := 0; ; i++ {
		version, _ := e.Version()
		if _, err := e.Write(context.Background(), Write{Version: version, Change: setWeight("be_1", "s1", int64(i%256)+1)}); err != nil {
			os.Exit(4)
		}
	}
}

// withWeight is the file the child writes when it has set be_1/s1's weight to w.
func withWeight(t *testing.T, base []byte, w int64) []byte {
	c := haproxycfg.Parse(base)
	if err := setWeight("be_1", "s1", w)(c); err != nil {
		t.Fatal(err)
	}
	return c.Bytes()
}

func TestKillDuringCommits(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatal("haproxy is not installed")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "haproxy.cfg")
	base := testconfig.Generate(100, 10)
	if err := os.WriteFile(path, base, 0o644); err != nil {
		t.Fatal(err)
	}
	validator := &haproxy.Validator{TempDir: t.TempDir()}
	const kills = 40
	changed := 0
	last := int64(100)
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+rand.IntN(300)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code > 0 {
			t.Fatalf("kill %d: the child failed by itself (exit %d): %v", i, code, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := haproxycfg.Servers.Get(haproxycfg.Parse(data), "be_1", "s1")
		if err != nil || s.Weight == nil {
			t.Fatalf("kill %d: the file lost be_1/s1 (%v):\n%.500s", i, err, data)
		}
		if want := withWeight(t, base, *s.Weight); string(data) != string(want) {
			t.Fatalf("kill %d: the file is neither an old nor a new version", i)
		}
		if err := validator.Validate(context.Background(), data); err != nil {
			t.Fatalf("kill %d: the file fails haproxy -c: %v", i, err)
		}
		if *s.Weight != last {
			changed++
		}
		last = *s.Weight
	}
	if changed < kills/2 {
		t.Fatalf("only %d of %d runs committed anything before the kill: the test did not exercise commits", changed, kills)
	}
	// Opening again cleans up what the kills left behind.
	e, err := Open(Options{ConfigPath: path, StateDir: filepath.Join(dir, "state"), Validator: validator})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	entries, _ := os.ReadDir(dir)
	for _, entry := range entries {
		if strings.HasPrefix(entry.Name(), tempPrefix) {
			t.Fatalf("temporary file %s left after reopening", entry.Name())
		}
	}
	t.Logf("%d kills, %d of them after at least one new commit", kills, changed)
}
