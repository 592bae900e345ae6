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
	Env     []string
}

// Validate writes config to a temporary file and runs HAProxy's own check on it.
// A rejected config is a *ValidationError; a failure to run HAProxy is another error.
func (v *Validator) Validate(ctx context.Context, config []byte) error {
	f, err := os.CreateTemp(v.TempDir, "candidate-*.cfg")
	if err != nil {
		return fmt.Errorf("writing candidate config: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(config)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing candidate config: %w", err)
	}
	bin := v.Bin
	if bin == "" {
		bin = "haproxy"
	}
	cmd := exec.CommandContext(ctx, bin, "-c", "-f", f.Name())
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
		return &ValidationError{Alerts: alerts(out, f.Name())}
	}
	return fmt.Errorf("running %s -c: %w: %s", bin, err, bytes.TrimSpace(out))
}

// alerts picks HAProxy's [ALERT] lines, naming the candidate file as "haproxy.cfg"
// so that messages do not leak temporary paths.
func alerts(out []byte, candidate string) []string {
	text := strings.ReplaceAll(string(out), candidate, "haproxy.cfg")
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
