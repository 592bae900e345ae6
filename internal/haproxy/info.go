package haproxy

import (
	"context"
	"strings"
)

// Info is the current worker's `show info`: its "Name: value" lines, by name.
func (r *Runtime) Info(ctx context.Context) (map[string]string, error) {
	ans, err := r.worker(ctx, "show info", func(ans string) bool { return strings.Contains(ans, "Pid:") })
	if err != nil {
		return nil, err
	}
	return parseInfo(ans), nil
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
