package haproxy

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

// outputLines is how much of HAProxy's output is kept: enough for the alerts of a
// failed reload on a busy process that also logs to stderr.
const outputLines = 2000

// output keeps the last lines HAProxy wrote. HAProxy 2.6 reports why a start or a
// reload failed only there (its [ALERT] lines), not on the master CLI.
type output struct {
	mu      sync.Mutex
	lines   []string // the last outputLines complete lines
	total   int      // lines ever completed; lines[0] is line total-len(lines)
	partial []byte
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.partial = append(o.partial, p...)
	for {
		i := bytes.IndexByte(o.partial, '\n')
		if i < 0 {
			break
		}
		o.lines = append(o.lines, strings.TrimRight(string(o.partial[:i]), "\r"))
		o.partial = o.partial[i+1:]
		o.total++
	}
	if over := len(o.lines) - outputLines; over > 0 {
		o.lines = append(o.lines[:0:0], o.lines[over:]...)
	}
	return len(p), nil
}

// mark is a position in the output, for since. A nil output is always empty.
func (o *output) mark() int {
	if o == nil {
		return 0
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.total
}

// since returns the complete lines written after mark that are still kept.
func (o *output) since(mark int) []string {
	if o == nil {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	first := o.total - len(o.lines)
	if mark < first {
		mark = first
	}
	return append([]string(nil), o.lines[mark-first:]...)
}

// alertsOf picks the [ALERT] lines of process pid, as HAProxy prints them:
// "[ALERT]    (22439) : config : parsing [h.cfg:15] : unknown keyword ...".
// pid 0 takes every process's alerts.
func alertsOf(lines []string, pid int) []string {
	tag := fmt.Sprintf("(%d)", pid)
	var alerts []string
	for _, l := range lines {
		if strings.Contains(l, "[ALERT]") && (pid == 0 || strings.Contains(l, tag)) {
			alerts = append(alerts, strings.TrimSpace(l))
		}
	}
	return alerts
}
