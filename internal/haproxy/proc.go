package haproxy

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Proc is one line of the master CLI's `show proc`.
type Proc struct {
	PID  int
	Role string // "master", "worker", or "program" (a `program` section's process)
	Name string // a program's name; empty for the master and workers
	// Reloads: for the master, the reloads since it started; for a worker or a
	// program, how many reloads it has lived through (0 for the newest worker).
	Reloads int
	// Failed is the master's count of failed reloads since the last successful
	// one: a failed reload raises it, a successful one resets it to 0.
	Failed  int
	Uptime  string // as HAProxy prints it: 0d00h01m45s
	Version string // "-" for programs
	Old     bool   // an old worker (or program) still finishing after a reload
}

// Processes returns the parsed `show proc`: the master first, then the workers,
// current ones before old ones, then the programs. A try left unanswered is
// tried again (see firstTry).
func (m *Master) Processes(ctx context.Context) ([]Proc, error) {
	ans, err := m.ask(ctx, "show proc")
	if err != nil {
		return nil, err
	}
	procs, err := parseProcs(ans)
	if err != nil {
		return nil, fmt.Errorf("haproxy master CLI %s: show proc: %w", m.Socket, err)
	}
	return procs, nil
}

// The master's reload column: "4 [failed: 1]".
var masterReloads = regexp.MustCompile(`^(\d+)\s+\[failed:\s*(\d+)\]\s+(\S+)\s+(\S+)$`)

// parseProcs reads HAProxy 2.6's `show proc`:
//
//	#<PID>          <type>          <reloads>       <uptime>        <version>
//	22439           master          4 [failed: 0]   0d00h01m45s     2.6.12-1+deb12u4
//	# workers
//	25639           worker          0               0d00h00m01s     2.6.12-1+deb12u4
//	# old workers
//	25599           worker          1               0d00h00m02s     2.6.12-1+deb12u4
//	# programs
//	26764           sleeper         0               0d00h00m00s     -
func parseProcs(text string) ([]Proc, error) {
	var procs []Proc
	section := "master"
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#<PID>"):
			continue
		case strings.HasPrefix(line, "#"):
			section = strings.TrimSpace(strings.TrimPrefix(line, "#"))
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, fmt.Errorf("unexpected line %q", line)
		}
		pid, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fmt.Errorf("unexpected line %q", line)
		}
		p := Proc{PID: pid, Old: strings.HasPrefix(section, "old ")}
		rest := strings.Join(f[2:], " ")
		switch {
		case f[1] == "master" && section == "master":
			m := masterReloads.FindStringSubmatch(rest)
			if m == nil {
				return nil, fmt.Errorf("unexpected master line %q", line)
			}
			p.Role = "master"
			p.Reloads, _ = strconv.Atoi(m[1])
			p.Failed, _ = strconv.Atoi(m[2])
			p.Uptime, p.Version = m[3], m[4]
			procs = append(procs, p)
			continue
		case strings.HasSuffix(section, "workers"):
			p.Role = "worker"
		case strings.HasSuffix(section, "programs"):
			p.Role, p.Name = "program", f[1]
		default:
			return nil, fmt.Errorf("unexpected line %q in section %q", line, section)
		}
		if len(f) < 5 {
			return nil, fmt.Errorf("unexpected line %q", line)
		}
		if p.Reloads, err = strconv.Atoi(f[2]); err != nil {
			return nil, fmt.Errorf("unexpected line %q", line)
		}
		p.Uptime, p.Version = f[3], f[4]
		procs = append(procs, p)
	}
	if len(procs) == 0 || procs[0].Role != "master" {
		return nil, fmt.Errorf("no master line in %q", text)
	}
	return procs, nil
}

// currentWorkers are the workers serving the current configuration (normally one).
func currentWorkers(procs []Proc) []Proc {
	var ws []Proc
	for _, p := range procs {
		if p.Role == "worker" && !p.Old {
			ws = append(ws, p)
		}
	}
	return ws
}
