package engine

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/testconfig"
)

// The crash child is this test binary started again with crashChildEnv set to
// its directory. It commits weight changes to be_1/s1 one after another and
// tells the parent on stdout what it did, so that the parent kills it at points
// it knows, not after a guessed duration:
//
//	committed <weight> <version>   a write has returned
//	at <file> <step> <weight>      it stopped inside WriteFileAtomic, as crashStopEnv asked
const (
	crashChildEnv = "ENGINE_CRASH_CHILD"
	crashStopEnv  = "ENGINE_CRASH_STOP" // "<file base name> <step> <commit number>"; none: commit until killed
)

// TestMain runs the crash child when the test binary is started as one.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	os.Exit(m.Run())
}

func crashChild(dir string) {
	var stopFile, stopStep string
	var stopAt int64
	if stop := os.Getenv(crashStopEnv); stop != "" {
		if _, err := fmt.Sscan(stop, &stopFile, &stopStep, &stopAt); err != nil {
			os.Exit(6)
		}
	}
	var commit, writing atomic.Int64
	crashPoint = func(path, step string) {
		if commit.Load() == stopAt && filepath.Base(path) == stopFile && step == stopStep {
			fmt.Printf("at %s %s %d\n", stopFile, step, writing.Load())
			io.Copy(io.Discard, os.Stdin) // the parent holds stdin open and kills us here
			os.Exit(5)
		}
	}
	config := filepath.Join(dir, "haproxy.cfg")
	v := &haproxy.Validator{TempDir: filepath.Join(dir, "state")}
	e, err := Open(Options{ConfigPath: config, StateDir: filepath.Join(dir, "state"), Validator: v})
	if err != nil {
		os.Exit(3)
	}
	c, _, err := e.Read("")
	if err != nil {
		os.Exit(3)
	}
	s, err := haproxycfg.Servers.Get(c, "be_1", "s1")
	if err != nil || s.Weight == nil {
		os.Exit(3)
	}
	w := *s.Weight
	for n := int64(1); ; n++ {
		w = nextWeight(w)
		commit.Store(n)
		writing.Store(w)
		version, _ := e.Version()
		got, err := e.Write(context.Background(), Write{Version: version, Change: setWeight("be_1", "s1", w)})
		if err != nil {
			os.Exit(4)
		}
		fmt.Printf("committed %d %d\n", w, got)
		if n == stopAt {
			fmt.Fprintf(os.Stderr, "commit %d never reached %s %s\n", n, stopFile, stopStep)
			os.Exit(7)
		}
	}
}

// nextWeight is the weight the child writes after w: every commit changes the file.
func nextWeight(w int64) int64 { return w%256 + 1 }

// withWeight is the file the child writes when it has set be_1/s1's weight to w.
func withWeight(t *testing.T, base []byte, w int64) []byte {
	c := haproxycfg.Parse(base)
	if err := setWeight("be_1", "s1", w)(c); err != nil {
		t.Fatal(err)
	}
	return c.Bytes()
}

// crashPoints are where the child is killed: inside each step of writing the
// config and then the state file, and, with no file, wherever it happens to be
// once it has reported its commits. want is the weight the file must then hold.
var crashPoints = []struct{ file, step, want string }{
	{"haproxy.cfg", "created", "old"},
	{"haproxy.cfg", "written", "old"},
	{"haproxy.cfg", "renamed", "new"},
	{"engine-state.json", "created", "new"},
	{"engine-state.json", "written", "new"},
	{"engine-state.json", "renamed", "new"},
	{"", "", "old or new"},
}

// TestKillDuringCommits kills a process committing changes with SIGKILL at each
// step of a commit, repeatedly: the file is then exactly the version before or
// after the commit, as the step says, and passes haproxy -c; reopening removes
// the temporary files and never goes back to a version already given out.
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
	const rounds = 5
	kills, commits := 0, 0
	for round := range rounds {
		for _, p := range crashPoints {
			// One or two commits complete before the one the kill lands in.
			before := int64(1 + round%2)
			commits += kill(t, dir, validator, base, p.file, p.step, p.want, before)
			kills++
		}
	}
	t.Logf("%d kills, each after at least one commit, %d commits in all", kills, commits)
}

// kill runs one crash child, kills it at file/step of its commit after the first
// before ones (or right after it reports them, with no file), checks what it left,
// and returns how many commits it reported.
func kill(t *testing.T, dir string, validator *haproxy.Validator, base []byte, file, step, want string, before int64) int {
	t.Helper()
	label := "after reporting its commits"
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	if file != "" {
		label = file + " " + step
		cmd.Env = append(cmd.Env, fmt.Sprintf("%s=%s %s %d", crashStopEnv, file, step, before+1))
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	var done, version int64 // the last committed weight and its version
	var writing int64       // the weight the child stopped in, at a point
	var reported int64
	parse := func(line string) {
		switch f := strings.Fields(line); {
		case len(f) == 3 && f[0] == "committed":
			fmt.Sscan(f[1]+" "+f[2], &done, &version)
			reported++
		case len(f) == 4 && f[0] == "at":
			fmt.Sscan(f[3], &writing)
		default:
			t.Errorf("%s: the child said %q", label, line)
		}
	}
	for (file == "" && reported < before) || (file != "" && writing == 0) {
		if !lines.Scan() {
			cmd.Wait()
			t.Fatalf("%s: the child ended before the kill (%v): %s", label, cmd.ProcessState, stderr.String())
		}
		parse(lines.Text())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() { // what it reported before the kill landed
		parse(lines.Text())
	}
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code >= 0 {
		t.Fatalf("%s: the child ended by itself (exit %d, %v): %s", label, code, err, stderr.String())
	}
	if reported < before {
		t.Fatalf("%s: the child reported %d commits before the kill, want %d", label, reported, before)
	}
	if file != "" && writing != nextWeight(done) {
		t.Fatalf("%s: the child stopped writing weight %d after committing %d", label, writing, done)
	}

	data, err := os.ReadFile(filepath.Join(dir, "haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := haproxycfg.Servers.Get(haproxycfg.Parse(data), "be_1", "s1")
	if err != nil || s.Weight == nil {
		t.Fatalf("%s: the file lost be_1/s1 (%v):\n%.500s", label, err, data)
	}
	got := *s.Weight
	switch {
	case want == "old" && got != done, want == "new" && got != nextWeight(done),
		got != done && got != nextWeight(done):
		t.Fatalf("%s: the file holds weight %d; the last commit reported was %d, want the %s version", label, got, done, want)
	}
	if string(data) != string(withWeight(t, base, got)) {
		t.Fatalf("%s: the file is neither the version before nor the one after the commit", label)
	}
	if err := validator.Validate(context.Background(), data); err != nil {
		t.Fatalf("%s: the file fails haproxy -c: %v", label, err)
	}

	// Reopening removes what the kill left behind, and a file that changed since
	// the last version given out gets a new version, never an old one.
	e, err := Open(Options{ConfigPath: filepath.Join(dir, "haproxy.cfg"), StateDir: filepath.Join(dir, "state"), Validator: validator})
	if err != nil {
		t.Fatalf("%s: reopening: %v", label, err)
	}
	reopened, err := e.Version()
	e.Close()
	if err != nil {
		t.Fatal(err)
	}
	if reopened < version || (got != done && reopened == version) {
		t.Fatalf("%s: reopened at version %d; the child had committed weight %d at version %d and the file holds %d", label, reopened, done, version, got)
	}
	for _, sub := range []string{"", "state"} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, entry := range entries {
			if strings.HasPrefix(entry.Name(), tempPrefix) {
				t.Fatalf("%s: temporary file %s left after reopening", label, entry.Name())
			}
		}
	}
	return int(reported)
}
