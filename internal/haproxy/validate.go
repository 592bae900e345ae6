// Package haproxy runs the haproxy binary: it validates candidate configurations
// with `haproxy -c`, and starts, reloads and talks to the running process.
package haproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// ErrInvalid is what a rejected configuration's error wraps.
var ErrInvalid = errors.New("validation error")

// ValidationError is HAProxy's verdict on a configuration it rejects: its [ALERT]
// lines, or its whole output when it printed none.
type ValidationError struct {
	Alerts []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %s", ErrInvalid, strings.Join(e.Alerts, "\n"))
}

func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Validator checks configurations with `haproxy -W -c -f <candidate>`.
type Validator struct {
	Bin     string // the haproxy binary; "haproxy" from PATH when empty
	TempDir string // where candidates are written; os.TempDir() when empty
	WorkDir string // haproxy's working directory, against which relative paths resolve
	// Env is added to the agent's environment, as for the running HAProxy
	// (StartOptions.Env): a check reads the operator's ${VAR} references as
	// HAProxy will run them. Values from the API cannot expand a variable
	// (haproxycfg refuses them), so only the operator's lines and raw uploads do.
	Env []string
	// As is the user the check runs as, when not the agent's own (see
	// CheckIdentity): `haproxy -c` runs a config's Lua, so a check as root would
	// let whoever submits a config run code as root. The candidate is then
	// written in a directory of that user's under os.TempDir() (TempDir, the
	// agent's state directory, is closed to it), and the files the config names
	// must be readable by that user, or the check fails.
	As *Identity
	// Redact, when set, rewrites the alerts of a rejected candidate, which API
	// clients see; they call the candidate "haproxy.cfg".
	Redact Redactor

	quickOnce sync.Once
	quick     bool // HAProxy accepts quickCheck
}

// quickCheck is a global section read before the candidate. It keeps the check
// from loading the system's CA certificates for HAProxy's internal HTTP client
// (2.5 and later), which is three quarters of the check's time on a small config
// (44 ms of CPU down to 11 ms with Debian's 2.6) and nothing the candidate's
// validity depends on. It is left out for a candidate that sets the HTTP
// client's own settings, and when this HAProxy does not know the keyword.
const quickCheck = "global\n    httpclient.ssl.verify none\n"

// hugePageMalloc has glibc back HAProxy's heap with transparent huge pages,
// where the kernel offers them on request (madvise), for the checks and for
// the HAProxy the agent starts. Reading a configuration is mostly allocating
// and faulting in small pages, about 6 KB per server: with Debian's 2.6, the
// check of 1,000 backends of 10 servers took 285 ms and 103 ms with huge
// pages, of 200 backends 87 ms and 46 ms, and a reload of the former (the
// master reads the file again) went from about 0.8 s to 0.4 s. It changes how
// memory is allocated, not what HAProxy reads. A GLIBC_TUNABLES of the agent's
// environment, or of the options' Env, comes later and wins.
const hugePageMalloc = "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"

// Validate writes config to a temporary file and runs HAProxy's own check on it.
// A rejected config is a *ValidationError; a failure to run HAProxy is another error.
func (v *Validator) Validate(ctx context.Context, config []byte) error {
	v.quickOnce.Do(func() { v.quick = v.check(ctx, []byte(quickCheck), nil) == nil })
	if v.quick && !bytes.Contains(config, []byte("httpclient.")) {
		return v.check(ctx, config, []byte(quickCheck))
	}
	return v.check(ctx, config, nil)
}

// check runs `haproxy -c` on config, reading preamble first when there is one.
func (v *Validator) check(ctx context.Context, config, preamble []byte) error {
	dir, err := v.candidateDir()
	if err != nil {
		return fmt.Errorf("writing candidate config: %w", err)
	}
	defer os.RemoveAll(dir)
	var files []string
	for _, content := range [][]byte{preamble, config} {
		if content == nil {
			continue
		}
		name, err := v.writeTemp(dir, content)
		if err != nil {
			return fmt.Errorf("writing candidate config: %w", err)
		}
		files = append(files, "-f", name)
	}
	candidate := files[len(files)-1]
	bin := v.Bin
	if bin == "" {
		bin = "haproxy"
	}
	// -W: HAProxy runs in master-worker mode under the agent (which needs the
	// master CLI), where `program` sections are valid. -V: a global `quiet`
	// would silence the alerts that say what is wrong; -V prints them anyway.
	cmd := exec.CommandContext(ctx, bin, append([]string{"-W", "-c", "-V"}, files...)...)
	cmd.Dir = v.WorkDir
	cmd.Env = append(append([]string{hugePageMalloc}, os.Environ()...), v.Env...)
	cmd.SysProcAttr = checkProcAttr(v.As)
	cmd.Cancel = func() error { killGroup(cmd.Process.Pid); return nil }
	// A process a Lua script started may hold the output pipe open.
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit) && exit.ExitCode() == 2 && bytes.Contains(out, []byte("has no error")):
		// "no error but will not start (no listener)": valid, just no frontend yet,
		// as while Terraform creates the backends before the frontends.
		return nil
	case errors.As(err, &exit) && ctx.Err() == nil:
		a := alerts(out, candidate)
		if v.Redact != nil {
			a = v.Redact(a, config, candidateName)
		}
		if v.As != nil && mayBeDenied(out) {
			a = append(a, fmt.Sprintf("(the check ran as user %s, not as the agent's user, so that a checked configuration cannot act as root: "+
				"files it names must be readable by that user or its groups; the agent's --validate-as flag chooses the user)", v.As))
		}
		return &ValidationError{Alerts: a}
	case v.As != nil && errors.Is(err, os.ErrPermission):
		return fmt.Errorf("running %s -c as user %s: %w (that user must be able to enter %s and run %s; the agent's --validate-as flag chooses the user)", bin, v.As, err, v.WorkDir, bin)
	}
	return fmt.Errorf("running %s -c: %w: %s", bin, err, bytes.TrimSpace(out))
}

// mayBeDenied says whether HAProxy's output may be about a file it could not read.
func mayBeDenied(out []byte) bool {
	return bytes.Contains(out, []byte("Permission denied")) || bytes.Contains(out, []byte("cannot open"))
}

// candidateDir makes a new directory for one check's candidate files: in
// TempDir, or, when the check runs as another user, a directory of that user's
// in os.TempDir(), which every user may traverse.
func (v *Validator) candidateDir() (string, error) {
	if v.As == nil {
		return os.MkdirTemp(v.TempDir, "check-")
	}
	dir, err := os.MkdirTemp("", "haproxy-check-")
	if err != nil {
		return "", err
	}
	if err := chown(dir, v.As); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("giving %s to user %s: %w", dir, v.As, err)
	}
	return dir, nil
}

// writeTemp writes content to a new file in dir and returns its name. The
// file is the check's user's, and only its.
func (v *Validator) writeTemp(dir string, content []byte) (string, error) {
	f, err := os.CreateTemp(dir, "candidate-*.cfg")
	if err != nil {
		return "", err
	}
	_, err = f.Write(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && v.As != nil {
		err = chown(f.Name(), v.As)
	}
	if err != nil {
		return "", err
	}
	return f.Name(), nil
}

// candidateName is how a rejected candidate's alerts call it.
const candidateName = "haproxy.cfg"

// Redactor rewrites HAProxy's alert lines before they go into an error API
// clients see: config is the configuration they are about, name how they call
// it (filedirs.Dirs.Redact is one).
type Redactor func(alerts []string, config []byte, name string) []string

// redactFile is r for the alerts about the configuration file path, as it is
// when they are read; nil when r is.
func redactFile(r Redactor, path string) func([]string) []string {
	if r == nil {
		return nil
	}
	return func(alerts []string) []string {
		config, _ := os.ReadFile(path) // unreadable: only the paths the alerts name count
		return r(alerts, config, path)
	}
}

// alerts picks HAProxy's [ALERT] lines, naming the candidate file as "haproxy.cfg"
// so that messages do not leak temporary paths. When they only sum up ("Fatal
// errors found in configuration."), the [WARNING] lines come first: HAProxy 2.6
// fails some checks with a warning alone (a fcgi-app's `option max-reqs`
// without `option mpxs-conns`), which is then the only reason it gives.
func alerts(out []byte, candidate string) []string {
	text := strings.ReplaceAll(string(out), candidate, candidateName)
	var lines, warnings []string
	summary := true
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		switch {
		case strings.Contains(l, "[ALERT]"):
			lines = append(lines, strings.TrimSpace(l))
			summary = summary && (strings.Contains(l, "Fatal errors found in configuration") || strings.Contains(l, "Error(s) found in configuration file"))
		case strings.Contains(l, "[WARNING]"):
			warnings = append(warnings, strings.TrimSpace(l))
		}
	}
	if summary {
		lines = append(warnings, lines...)
	}
	if len(lines) == 0 && strings.TrimSpace(text) != "" {
		lines = []string{strings.TrimSpace(text)}
	}
	return lines
}
