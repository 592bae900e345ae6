package haproxy

import (
	"context"
	"strings"
	"time"
)

// Info is the current worker's `show info`: its "Name: value" lines, by name.
// A reload breaks the master CLI's connections and leaves answers empty for a
// moment; reading changes nothing, so it is asked again then, within a few
// seconds.
func (r *Runtime) Info(ctx context.Context) (map[string]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	for {
		ans, err := r.question(ctx, "show info", func(ans string) bool { return strings.Contains(ans, "Pid:") })
		if err == nil {
			return parseInfo(ans), nil
		}
		if sleep(ctx, 100*time.Millisecond) != nil {
			return nil, err
		}
	}
}

func parseInfo(text string) map[string]string {
	info := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if name, value, ok := strings.Cut(line, ":"); ok && name != "" {
			info[name] = strings.TrimSpace(value)
		}
	}
	return info
}
