package agent

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testHash is a SHA-512 crypt(3) hash (openssl passwd -6 -salt saltsalt secret).
const testHash = "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1"

// send makes a write at the current version and waits for its reload, which
// must succeed; it returns the answer.
func (ta *testAgent) send(t *testing.T, method, path string, body any, status ...int) response {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	r := ta.do(method, fmt.Sprintf("%s%sversion=%d", path, sep, ta.version()), body)
	if r.status >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, r.status, r.body)
	}
	if id := r.header.Get("Reload-ID"); id != "" {
		if st := ta.waitReload(id); st != "succeeded" {
			t.Fatalf("%s %s: reload %s", method, path, st)
		}
	}
	return r
}

// child is one kind of named child of a section kind, under test.
type sectionChild struct {
	list     string // the list's path under the configuration, the parent named
	item     map[string]any
	line     string // the line the item is written as
	replaced map[string]any
	newLine  string
}

// sectionCase is one kind of section under test: a body with every field set
// that HAProxy 2.6 knows, the lines it is written as, a replacement, a child
// kind, and a bad value with the member it names.
type sectionCase struct {
	plural   string
	section  map[string]any
	lines    []string
	replaced map[string]any
	child    *sectionChild
	bad      map[string]any
	member   string // the member a 422 for bad names
}

func sectionCases(ports []int, errorFile string) []sectionCase {
	return []sectionCase{
		{
			plural: "resolvers",
			section: map[string]any{"name": "dns", "accepted_payload_size": 8192, "hold_nx": 30000, "hold_obsolete": 30000,
				"hold_other": 30000, "hold_refused": 30000, "hold_timeout": 30000, "hold_valid": 10000, "parse-resolv-conf": true,
				"resolve_retries": 3, "timeout_resolve": 1000, "timeout_retry": 1000, "metadata": map[string]any{"team": "net"}},
			lines: []string{"resolvers dns # {\"team\":\"net\"}\n", "    accepted_payload_size 8192\n", "    hold nx 30s\n", "    hold valid 10s\n",
				"    parse-resolv-conf\n", "    resolve_retries 3\n", "    timeout resolve 1s\n", "    timeout retry 1s\n"},
			// without metadata, a write keeps the header's comment
			replaced: map[string]any{"name": "dns", "resolve_retries": 5, "timeout_retry": 2000, "metadata": map[string]any{"team": "net"}},
			child: &sectionChild{list: "nameservers?resolver=dns", item: map[string]any{"name": "ns1", "address": "127.0.0.1", "port": 53},
				line: "    nameserver ns1 127.0.0.1:53\n", replaced: map[string]any{"name": "ns1", "address": "127.0.0.2", "port": 5353},
				newLine: "    nameserver ns1 127.0.0.2:5353\n"},
			bad: map[string]any{"name": "dns2", "accepted_payload_size": 100}, member: "accepted_payload_size",
		},
		{
			plural:   "userlists",
			section:  map[string]any{"name": "ul", "metadata": map[string]any{"comment": "people"}},
			lines:    []string{"userlist ul # people\n"},
			replaced: map[string]any{"name": "ul", "metadata": map[string]any{"comment": "staff"}},
			child: &sectionChild{list: "users?userlist=ul", item: map[string]any{"username": "alice", "password": testHash, "secure_password": true},
				line:     "    user alice password " + testHash + "\n",
				replaced: map[string]any{"username": "alice", "password": "'new pw'", "secure_password": false},
				newLine:  "    user alice insecure-password 'new pw'\n"},
			bad: map[string]any{"name": "ul 2"}, member: "name",
		},
		{
			plural:   "peer_section",
			section:  map[string]any{"name": "mypeers", "enabled": true, "default_server": map[string]any{"inter": 2000}},
			lines:    []string{"peers mypeers\n", "    enabled\n", "    default-server inter 2s\n"},
			replaced: map[string]any{"name": "mypeers", "disabled": true},
			child: &sectionChild{list: "peer_entries?peer_section=mypeers", item: map[string]any{"name": "local", "address": "127.0.0.1", "port": ports[1]},
				line:     fmt.Sprintf("    peer local 127.0.0.1:%d\n", ports[1]),
				replaced: map[string]any{"name": "local", "address": "127.0.0.1", "port": ports[2]},
				newLine:  fmt.Sprintf("    peer local 127.0.0.1:%d\n", ports[2])},
			bad: map[string]any{"name": "p2", "default_server": map[string]any{"inter": -1}}, member: "inter",
		},
		{
			plural: "caches",
			section: map[string]any{"name": "c1", "total_max_size": 4, "max_object_size": 10000, "max_age": 240, "process_vary": true,
				"max_secondary_entries": 10},
			lines: []string{"cache c1\n", "    total-max-size 4\n", "    max-object-size 10000\n", "    max-age 240\n", "    process-vary on\n",
				"    max-secondary-entries 10\n"},
			replaced: map[string]any{"name": "c1", "total_max_size": 8, "process_vary": false},
			bad:      map[string]any{"name": "c2", "total_max_size": 4096}, member: "total_max_size",
		},
		{
			plural:   "http_errors_sections",
			section:  map[string]any{"name": "site", "error_files": []any{map[string]any{"code": 503, "file": errorFile}}},
			lines:    []string{"http-errors site\n", "    errorfile 503 " + errorFile + "\n"},
			replaced: map[string]any{"name": "site", "error_files": []any{map[string]any{"code": 500, "file": errorFile}, map[string]any{"code": 503, "file": errorFile}}},
			// a file outside the directories the agent allows never reaches the file
			bad: map[string]any{"name": "site2", "error_files": []any{map[string]any{"code": 503, "file": "/etc/passwd"}}}, member: "error_files[0].file",
		},
		{
			plural: "rings",
			section: map[string]any{"name": "r1", "description": `"my ring"`, "format": "rfc3164", "maxlen": 1200, "size": 32764,
				"timeout_connect": 5000, "timeout_server": 10000},
			lines: []string{"ring r1\n", "    description \"my ring\"\n", "    format rfc3164\n", "    maxlen 1200\n", "    size 32764\n",
				"    timeout connect 5s\n", "    timeout server 10s\n"},
			replaced: map[string]any{"name": "r1", "format": "iso", "size": 65536},
			child: &sectionChild{list: "rings/r1/servers", item: map[string]any{"name": "syslog", "address": "127.0.0.1", "port": ports[3]},
				line:     fmt.Sprintf("    server syslog 127.0.0.1:%d\n", ports[3]),
				replaced: map[string]any{"name": "syslog", "address": "127.0.0.1", "port": ports[3], "send-proxy": "enabled"},
				newLine:  fmt.Sprintf("    server syslog 127.0.0.1:%d send-proxy\n", ports[3])},
			bad: map[string]any{"name": "r2", "format": "json"}, member: "format",
		},
		{
			plural:   "mailers_section",
			section:  map[string]any{"name": "m1", "timeout": 10000},
			lines:    []string{"mailers m1\n", "    timeout mail 10s\n"},
			replaced: map[string]any{"name": "m1", "timeout": 20000},
			child: &sectionChild{list: "mailer_entries?mailers_section=m1", item: map[string]any{"name": "smtp1", "address": "127.0.0.1", "port": 25},
				line: "    mailer smtp1 127.0.0.1:25\n", replaced: map[string]any{"name": "smtp1", "address": "127.0.0.1", "port": 587},
				newLine: "    mailer smtp1 127.0.0.1:587\n"},
			bad: map[string]any{"name": "m2", "timeout": "soon"}, member: "timeout",
		},
	}
}

// childPath is the path of one child: its name before the list's query.
func childPath(list, name string) string {
	path, query, ok := strings.Cut(list, "?")
	if ok {
		return path + "/" + name + "?" + query
	}
	return path + "/" + name
}

// TestOtherSectionsAgainstHAProxy: each kind of section that is not a proxy,
// and its children, is created, read back equal, written as HAProxy reads it
// (it reloads), replaced, deleted, over the official v3 paths; a bad value is
// 422 naming the member and reaches no file.
func TestOtherSectionsAgainstHAProxy(t *testing.T) {
	ports := freePorts(t, 4)
	ta := startAgent(t, baseConfig(ports[0]))
	general := filepath.Join(filepath.Dir(ta.config), "general")
	if err := os.MkdirAll(general, 0o755); err != nil {
		t.Fatal(err)
	}
	errorFile := filepath.Join(general, "503.http")
	if err := os.WriteFile(errorFile, []byte("HTTP/1.0 503 Service Unavailable\r\n\r\ndown\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range sectionCases(ports, errorFile) {
		t.Run(tc.plural, func(t *testing.T) {
			base := cfgPath + "/" + tc.plural
			name := tc.section["name"].(string)
			ta.send(t, "POST", base, tc.section)
			assertSame(t, ta.do("GET", base+"/"+name, nil).expect(t, 200).body, tc.section)
			file := ta.file()
			for _, l := range tc.lines {
				if !strings.Contains(file, l) {
					t.Errorf("the file has no line %q:\n%s", l, file)
				}
			}
			if c := tc.child; c != nil {
				childName := c.item["name"]
				if childName == nil {
					childName = c.item["username"]
				}
				one := cfgPath + "/" + childPath(c.list, childName.(string))
				ta.send(t, "POST", cfgPath+"/"+c.list, c.item)
				assertSame(t, ta.do("GET", one, nil).expect(t, 200).body, c.item)
				var list []map[string]any
				ta.do("GET", cfgPath+"/"+c.list, nil).expect(t, 200).json(t, &list)
				if len(list) != 1 {
					t.Errorf("list %s: %v", c.list, list)
				}
				if !strings.Contains(ta.file(), c.line) {
					t.Errorf("the file has no line %q:\n%s", c.line, ta.file())
				}
				ta.send(t, "PUT", one, c.replaced)
				assertSame(t, ta.do("GET", one, nil).expect(t, 200).body, c.replaced)
				if !strings.Contains(ta.file(), c.newLine) {
					t.Errorf("the file has no line %q:\n%s", c.newLine, ta.file())
				}
				// with full_section, the section answers its children too
				var full map[string]any
				ta.do("GET", base+"/"+name+"?full_section=true", nil).expect(t, 200).json(t, &full)
				found := false
				for _, v := range full {
					if m, ok := v.(map[string]any); ok && m[childName.(string)] != nil {
						sameJSON(t, "the child in the full section", m[childName.(string)], c.replaced)
						found = true
					}
				}
				if !found {
					t.Errorf("full section without the child: %v", full)
				}
				ta.send(t, "DELETE", one, nil)
				ta.do("GET", one, nil).expect(t, 404)
				if strings.Contains(ta.file(), c.newLine) {
					t.Errorf("the deleted child's line stays:\n%s", ta.file())
				}
			}
			ta.send(t, "PUT", base+"/"+name, tc.replaced)
			assertSame(t, ta.do("GET", base+"/"+name, nil).expect(t, 200).body, tc.replaced)

			before := ta.file()
			r := ta.do("POST", fmt.Sprintf("%s?version=%d", base, ta.version()), tc.bad)
			// 400 for a value the agent refuses, 422 for one the model cannot hold
			if r.status != 422 && r.status != 400 || !strings.Contains(string(r.body), tc.member) {
				t.Errorf("bad %v: %d %s, want 400 or 422 naming %s", tc.bad, r.status, r.body, tc.member)
			}
			if ta.file() != before {
				t.Errorf("a refused write changed the file")
			}
			ta.send(t, "DELETE", base+"/"+name, nil)
			ta.do("GET", base+"/"+name, nil).expect(t, 404)
			if strings.Contains(ta.file(), tc.lines[0]) {
				t.Errorf("the deleted section stays:\n%s", ta.file())
			}
		})
	}
	ta.haproxyCheck(t)
}

// handwrittenSections are the other sections as people write them: spacing,
// comments, quotes, lines the models do not hold.
func handwrittenSections(peerPort, ringPort int) string {
	return fmt.Sprintf(`
resolvers   dns   # main DNS
    nameserver ns1 127.0.0.1:53
    nameserver  ns2   127.0.0.2:5353   # backup
    hold valid    10s
    resolve_retries 3

userlist admins
    group ops users alice,bob
    user alice   password %s  groups ops
    user bob insecure-password "pw with # and space"

peers mypeers
    peer local 127.0.0.1:%d
    table t1 type ip size 1k expire 30s store gpc0 store conn_cnt

cache  c1
    total-max-size 4
    process-vary off

http-errors site
    errorfile 503 /dev/null

ring r1
    format rfc5424
    server syslog 127.0.0.1:%d   # collector

mailers m1
    mailer smtp1 127.0.0.1:25
    timeout mail 10s
`, testHash, peerPort, ringPort)
}

// TestOtherSectionsHandwritten: handwritten sections read as their models,
// and an edit through the API changes only the line it is about.
func TestOtherSectionsHandwritten(t *testing.T) {
	ports := freePorts(t, 3)
	ta := startAgent(t, baseConfig(ports[0])+handwrittenSections(ports[1], ports[2]))
	get := func(path string) any {
		var v any
		ta.do("GET", cfgPath+"/"+path, nil).expect(t, 200).json(t, &v)
		return v
	}
	sameJSON(t, "resolvers", get("resolvers/dns?full_section=true"), map[string]any{
		"name": "dns", "metadata": map[string]any{"comment": "main DNS"}, "hold_valid": 10000, "resolve_retries": 3,
		"nameservers": map[string]any{
			"ns1": map[string]any{"name": "ns1", "address": "127.0.0.1", "port": 53},
			"ns2": map[string]any{"name": "ns2", "address": "127.0.0.2", "port": 5353, "metadata": map[string]any{"comment": "backup"}},
		}})
	sameJSON(t, "users", get("users?userlist=admins"), []any{
		map[string]any{"username": "alice", "password": testHash, "secure_password": true, "groups": "ops"},
		map[string]any{"username": "bob", "password": `"pw with # and space"`, "secure_password": false},
	})
	sameJSON(t, "groups", get("groups?userlist=admins"), []any{map[string]any{"name": "ops", "users": "alice,bob"}})
	sameJSON(t, "peers", get("peer_entries?peer_section=mypeers"), []any{map[string]any{"name": "local", "address": "127.0.0.1", "port": ports[1]}})
	sameJSON(t, "cache", get("caches/c1"), map[string]any{"name": "c1", "total_max_size": 4, "process_vary": false})
	sameJSON(t, "http-errors", get("http_errors_sections/site"), map[string]any{"name": "site",
		"error_files": []any{map[string]any{"code": 503, "file": "/dev/null"}}})
	sameJSON(t, "ring", get("rings/r1"), map[string]any{"name": "r1", "format": "rfc5424"})
	sameJSON(t, "ring servers", get("rings/r1/servers"), []any{map[string]any{"name": "syslog", "address": "127.0.0.1", "port": ports[2],
		"metadata": map[string]any{"comment": "collector"}}})
	sameJSON(t, "mailers", get("mailers_section/m1?full_section=true"), map[string]any{"name": "m1", "timeout": 10000,
		"mailer_entries": map[string]any{"smtp1": map[string]any{"name": "smtp1", "address": "127.0.0.1", "port": 25}}})

	// Edits touch their own words only.
	before := ta.file()
	ta.send(t, "PUT", cfgPath+"/nameservers/ns2?resolver=dns", map[string]any{"name": "ns2", "address": "127.0.0.3", "port": 5353})
	ta.send(t, "POST", cfgPath+"/groups?userlist=admins", map[string]any{"name": "admins"})
	ta.send(t, "PUT", cfgPath+"/users/alice?userlist=admins", map[string]any{"username": "alice", "password": testHash, "secure_password": true, "groups": "ops,admins"})
	ta.send(t, "PUT", cfgPath+"/resolvers/dns", map[string]any{"name": "dns", "hold_valid": 20000, "resolve_retries": 3})
	want := strings.NewReplacer(
		"    nameserver  ns2   127.0.0.2:5353   # backup\n", "    nameserver  ns2   127.0.0.3:5353   # backup\n",
		"groups ops\n", "groups ops,admins\n",
		"    group ops users alice,bob\n", "    group ops users alice,bob\n    group admins\n",
		"    hold valid    10s\n", "    hold valid    20s\n",
	).Replace(before)
	if got := ta.file(); got != want {
		t.Errorf("edits changed more than their words:\n got %s\nwant %s", got, want)
	}
	// A table line is a child of its own; one that names its store data twice
	// reads as one list, and keeps its bytes through an edit of the section.
	sameJSON(t, "tables", get("peers/mypeers/tables"), []any{
		map[string]any{"name": "t1", "type": "ip", "size": "1k", "store": "gpc0,conn_cnt", "expire": "30s"}})
	ta.send(t, "PUT", cfgPath+"/peer_section/mypeers", map[string]any{"name": "mypeers", "enabled": true})
	ta.send(t, "PUT", cfgPath+"/peers/mypeers/tables/t1", map[string]any{"name": "t1", "type": "ip", "size": "1k", "store": "gpc0,conn_cnt", "expire": "30s"})
	if !strings.Contains(ta.file(), "    table t1 type ip size 1k expire 30s store gpc0 store conn_cnt\n") {
		t.Errorf("the table line changed:\n%s", ta.file())
	}
	ta.send(t, "POST", cfgPath+"/peers/mypeers/tables", map[string]any{"name": "t2", "type": "string", "type_len": 32, "size": "10k", "no_purge": true})
	if !strings.Contains(ta.file(), "    table t2 type string len 32 size 10k nopurge\n") {
		t.Errorf("no new table line:\n%s", ta.file())
	}
	// Fields HAProxy 2.6 does not know are refused with its own message, and
	// nothing is written.
	before = ta.file()
	for path, body := range map[string]map[string]any{
		"/peers/mypeers/tables":                    {"name": "t3", "type": "ip", "size": "1k", "write_to": "t1"},
		"/peer_entries?peer_section=mypeers":       {"name": "other", "address": "127.0.0.2", "port": 10000, "shard": 1},
		"/peer_section/mypeers?full_section=false": {"name": "mypeers", "shards": 2},
	} {
		method := "POST"
		if strings.HasPrefix(path, "/peer_section/") {
			method = "PUT"
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		r := ta.do(method, fmt.Sprintf("%s%s%sversion=%d", cfgPath, path, sep, ta.version()), body)
		if r.status != 400 || !strings.Contains(string(r.body), "[ALERT]") {
			t.Errorf("%s %s: %d %s, want HAProxy's refusal", method, path, r.status, r.body)
		}
	}
	if ta.file() != before {
		t.Errorf("a refused write changed the file")
	}
}

// TestUserPasswordsAreSecrets: a password the agent refuses is not repeated
// in the answer, and users' passwords are not read by read-only users.
func TestUserPasswordsAreSecrets(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0])+"\nuserlist ul\n    user alice password "+testHash+"\n")
	for _, pw := range []string{"two words", "new\nline", `"$HOME"`, `'open`} {
		body, _ := json.Marshal(map[string]any{"username": "bob", "password": pw, "secure_password": false})
		r := ta.do("POST", fmt.Sprintf("%s/users?userlist=ul&version=%d", cfgPath, ta.version()), string(body))
		if r.status != 400 || !strings.Contains(string(r.body), "password") || strings.Contains(string(r.body), strings.Trim(pw, `"'$`)) {
			t.Errorf("password %q: %d %s", pw, r.status, r.body)
		}
	}
	if strings.Contains(ta.file(), "bob") {
		t.Errorf("a refused user was written:\n%s", ta.file())
	}
	for _, path := range []string{"/users?userlist=ul", "/users/alice?userlist=ul", "/userlists/ul?full_section=true", "/userlists?full_section=1"} {
		r := ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", cfgPath+path, nil, "")
		if r.status != 403 || strings.Contains(string(r.body), testHash) {
			t.Errorf("read-only GET %s: %d %s", path, r.status, r.body)
		}
		ta.doAs(testOperator, testOperatorPassword, "GET", cfgPath+path, nil, "").expect(t, 200)
	}
	ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", cfgPath+"/userlists/ul", nil, "").expect(t, 200)
	ta.do("GET", cfgPath+"/users", nil).expect(t, 400) // the userlist is required
}
