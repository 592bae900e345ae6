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

// Validator checks configurations with `haproxy -c -f <candidate>`.
type Validator struct {
	Bin     string // the haproxy binary; "haproxy" from PATH when empty
	TempDir string // where candidates are written; os.TempDir() when empty
	WorkDir string // haproxy's working directory, against which relative paths resolve
	// Env is added to the agent's environment, as for the running HAProxy
	// (StartOptions.Env): a check reads the operator's ${VAR} references as
	// HAProxy will run them. Values from the API cannot expand a variable
	// (haproxycfg refuses them), so only the operator's lines and raw uploads do.
	Env []string
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
	var files []string
	for _, content := range [][]byte{preamble, config} {
		if content == nil {
			continue
		}
		name, err := v.writeTemp(content)
		if err != nil {
			return fmt.Errorf("writing candidate config: %w", err)
		}
		defer os.Remove(name)
		files = append(files, "-f", name)
	}
	candidate := files[len(files)-1]
	bin := v.Bin
	if bin == "" {
		bin = "haproxy"
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"-c"}, files...)...)
	cmd.Dir = v.WorkDir
	cmd.Env = append(os.Environ(), v.Env...)
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
		return &ValidationError{Alerts: a}
	}
	return fmt.Errorf("running %s -c: %w: %s", bin, err, bytes.TrimSpace(out))
}

// writeTemp writes content to a new file in TempDir and returns its name.
func (v *Validator) writeTemp(content []byte) (string, error) {
	f, err := os.CreateTemp(v.TempDir, "candidate-*.cfg")
	if err != nil {
		return "", err
	}
	_, err = f.Write(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
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
// so that messages do not leak temporary paths.
func alerts(out []byte, candidate string) []string {
	text := strings.ReplaceAll(string(out), candidate, candidateName)
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.Contains(l, "[ALERT]") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	if len(lines) == 0 && strings.TrimSpace(text) != "" {
		lines = []string{strings.TrimSpace(text)}
	}
	return lines
}
