package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// exchange is a recorded exchange of a Data Plane API client written against
// the official server (testdata/clients): the requests it sends, in order, the
// statuses it takes for success, what it keeps from an answer, and what it
// needs to read back.
type exchange struct {
	Client   string
	Recorded string
	Steps    []struct {
		Note, Method, Path string
		Body               json.RawMessage
		Status             []int
		Save               map[string]string // name: member of the answer ("" for all of it)
		Expect             json.RawMessage   // members the answer must have, at any depth
	}
}

// TestOfficialClientsReplay replays, against a real agent and HAProxy, what two
// community Terraform providers written for the official Data Plane API send to
// create a backend, a server, a frontend, a bind and an ACL list, and read back
// on refresh; each answer must be one the client takes for success, and what it
// reads back must be what it wrote.
func TestOfficialClientsReplay(t *testing.T) {
	files, err := filepath.Glob("testdata/clients/*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("recorded exchanges: %v %v", files, err)
	}
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// The bind's port is a free one of this run's.
		raw = bytes.ReplaceAll(raw, []byte(`"{port}"`), []byte(strconv.Itoa(freePorts(t, 1)[0])))
		var ex exchange
		if err := json.Unmarshal(raw, &ex); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		saved := map[string]string{}
		fill := func(s string) string {
			for name, v := range saved {
				s = strings.ReplaceAll(s, "{"+name+"}", v)
			}
			return s
		}
		for i, step := range ex.Steps {
			var body any
			if len(step.Body) > 0 {
				body = string(step.Body)
			}
			r := ta.doAs(testUser, testPassword, step.Method, fill(step.Path), body, "application/json")
			if !slices.Contains(step.Status, r.status) {
				t.Fatalf("%s step %d (%s %s %s): status %d, the client takes %v for success: %s", ex.Client, i, step.Method, step.Path, step.Note, r.status, step.Status, r.body)
			}
			for name, member := range step.Save {
				var v any
				r.json(t, &v)
				if member != "" {
					v = v.(map[string]any)[member]
				}
				saved[name] = fmt.Sprint(v)
				if f, ok := v.(float64); ok {
					saved[name] = strconv.FormatInt(int64(f), 10)
				}
			}
			if len(step.Expect) > 0 {
				var want, got any
				if err := json.Unmarshal(step.Expect, &want); err != nil {
					t.Fatal(err)
				}
				r.json(t, &got)
				if !subset(want, got) {
					t.Errorf("%s step %d (GET %s): got %s, want at least %s", ex.Client, i, step.Path, r.body, step.Expect)
				}
			}
		}
	}
	cfg := ta.file()
	for _, line := range []string{"backend be_pd", "server web1 127.0.0.1:9 check weight 10", "frontend fe_pd", "acl is_api path_beg /api",
		"backend be_cp", "frontend fe_cp", "acl is_static path_end .css"} {
		if !strings.Contains(cfg, line) {
			t.Errorf("the file has no %q:\n%s", line, cfg)
		}
	}
}

// subset tells whether got has every member of want, recursively; lists must
// have want's length, item by item.
func subset(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !subset(v, g[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !subset(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(want, got)
}
