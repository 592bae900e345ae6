package haproxycfg

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// loadConfig reads one of the handwritten configs: the project's shared copy when
// the checkout has shared/ beside it, else the package's own copy in testdata.
func loadConfig(t testing.TB, name string) (*Config, []byte) {
	t.Helper()
	data, err := os.ReadFile("../../../shared/configs/" + name)
	if err != nil {
		data, err = os.ReadFile("testdata/" + name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return Parse(data), data
}

// asJSON is how the views are compared: it is what the agent serves.
func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestReadHandwritten(t *testing.T) {
	c, _ := loadConfig(t, "web-handwritten.cfg")
	cases := []struct {
		name string
		got  any
		want string
	}{
		{"frontends", Frontends.List(c), `[{"name":"fe_http","default_backend":"be_www"},{"name":"fe_admin","mode":"http","stats_options":{"stats_enable":true,"stats_uri_prefix":"/stats","stats_refresh_delay":10000}}]`},
		{"backends", Backends.List(c), `[{"name":"be_www","balance":{"algorithm":"roundrobin"},"adv_check":"httpchk","httpchk_params":{"method":"GET","uri":"/healthz"},"cookie":{"name":"SRV","type":"insert","indirect":true,"nocache":true}},` +
			`{"name":"be_api","retries":3,"server_timeout":120000,"balance":{"algorithm":"leastconn"},"redispatch":{"enabled":"enabled"}}]`},
		{"servers", must[[]any](t)(anyList(Servers.List(c, "be_www"))), `[{"name":"www1","address":"127.0.0.1","port":19001,"check":"enabled","weight":100,"cookie":"www1"},` +
			`{"name":"www2","address":"127.0.0.1","port":19002,"check":"enabled","weight":100,"cookie":"www2"},` +
			`{"name":"www3","address":"127.0.0.1","port":19003,"check":"enabled","backup":"enabled","weight":50,"cookie":"www3"}]`},
		{"api servers", must[[]any](t)(anyList(Servers.List(c, "be_api"))), `[{"name":"api1","address":"127.0.0.1","port":19101,"check":"enabled","maxconn":200},{"name":"api2","metadata":{"comment":"added for the sale"},"address":"127.0.0.1","port":19102,"check":"enabled","maxconn":200}]`},
		{"binds", must[[]any](t)(anyList(Binds.List(c, "fe_http"))), `[{"name":"http","address":"127.0.0.1","port":18080}]`},
		{"unnamed bind", must[[]any](t)(anyList(Binds.List(c, "fe_admin"))), `[{"name":"127.0.0.1:18081","address":"127.0.0.1","port":18081}]`},
		{"acls", must[[]any](t)(anyList(ACLs.List(c, "frontend", "fe_http"))), `[{"acl_name":"host_api","criterion":"hdr(host)","value":"-i api.example.com"},` +
			`{"acl_name":"host_www","criterion":"hdr(host)","value":"-i www.example.com example.com"},` +
			`{"acl_name":"is_health","criterion":"path","value":"/healthz"},{"acl_name":"blocked","criterion":"src","value":"192.0.2.0/24 198.51.100.7"}]`},
		{"rules", must[[]any](t)(anyList(HTTPRequestRules.List(c, "frontend", "fe_http"))), `[{"type":"deny","cond":"if","cond_test":"blocked","deny_status":403},` +
			`{"type":"return","cond":"if","cond_test":"is_health","return_content":"\"ok\"","return_content_format":"string","return_content_type":"text/plain","return_status_code":200},` +
			`{"type":"set-header","hdr_format":"http","hdr_name":"X-Forwarded-Proto"},{"type":"add-header","hdr_format":"t=%Ts%ms","hdr_name":"X-Request-Start"}]`},
		{"backend rule", must[[]any](t)(anyList(HTTPRequestRules.List(c, "backend", "be_api"))), `[{"type":"set-path","cond":"if","cond_test":"{ path_beg /v1/legacy }","path_fmt":"/v2%[path]"}]`},
		{"switching", must[[]any](t)(anyList(BackendSwitchingRules.List(c, "frontend", "fe_http"))), `[{"name":"be_api","cond":"if","cond_test":"host_api"}]`},
	}
	for _, tc := range cases {
		if got := asJSON(t, tc.got); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestReadMixedSections(t *testing.T) {
	c, _ := loadConfig(t, "mixed-sections.cfg")
	cases := []struct {
		name string
		got  any
		want string
	}{
		{"fe_web", must[frontend](t)(Frontends.Get(c, "fe_web")), `{"name":"fe_web","from":"web","default_backend":"be_app"}`},
		{"be_app", must[backend](t)(Backends.Get(c, "be_app")), `{"name":"be_app","from":"web","hash_type":{"method":"consistent"},"balance":{"algorithm":"uri"}}`},
		{"be_mysql", must[backend](t)(Backends.Get(c, "be_mysql")), `{"name":"be_mysql","from":"base","balance":{"algorithm":"first"},"adv_check":"tcp-check"}`},
		{"app-a", must[any](t)(anyOne(Servers.Get(c, "be_app", "app-a"))), `{"name":"app-a","address":"127.0.0.1","port":19301,"check":"enabled","send-proxy-v2":"enabled","weight":10}`},
		{"db2", must[any](t)(anyOne(Servers.Get(c, "be_mysql", "db2"))), `{"name":"db2","address":"127.0.0.1","port":23307,"check":"enabled","backup":"enabled","inter":2000}`},
		{"binds", must[[]any](t)(anyList(Binds.List(c, "fe_web"))), `[{"name":"plain","address":"127.0.0.1","port":18090},{"name":"alt","address":"127.0.0.1","port":18091}]`},
		{"rules", must[[]any](t)(anyList(HTTPRequestRules.List(c, "frontend", "fe_web"))), `[{"type":"redirect","cond":"if","cond_test":"{ hdr(host) -i secure.example.com }","redir_code":301,"redir_type":"scheme","redir_value":"https"},` +
			`{"type":"set-var","var_expr":"path","var_name":"path","var_scope":"txn"},{"type":"del-header","hdr_name":"X-Debug"}]`},
		{"servers of template-only backend", must[[]any](t)(anyList(Servers.List(c, "be_static"))), `[]`},
	}
	for _, tc := range cases {
		if got := asJSON(t, tc.got); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
	if _, err := Backends.Get(c, "stats"); err == nil {
		t.Error("a listen section read as a backend")
	}
}

func anyList[T any](v []T, err error) ([]any, error) {
	out := []any{}
	for _, x := range v {
		out = append(out, x)
	}
	return out, err
}

func anyOne[T any](v T, err error) (any, error) { return v, err }

func TestDefaultServerWords(t *testing.T) {
	c, _ := loadConfig(t, "web-handwritten.cfg")
	if got := strings.Join(DefaultServerWords(c, "be_www"), " "); got != "inter 3s fall 3 rise 2" {
		t.Fatalf("be_www default-server words %q", got)
	}
	chained := Parse([]byte("defaults base\n  default-server inter 1s\ndefaults web from base\n  default-server fall 2\nbackend b from web\n  default-server rise 5\n  server s 127.0.0.1:80\nbackend none\n  server s 127.0.0.1:80\n"))
	if got := strings.Join(DefaultServerWords(chained, "b"), " "); got != "inter 1s fall 2 rise 5" {
		t.Fatalf("chained default-server words %q", got)
	}
	if got := strings.Join(DefaultServerWords(chained, "none"), " "); got != "inter 1s fall 2" {
		t.Fatalf("anonymous defaults: %q (the last defaults section before it, web, applies)", got)
	}
}
