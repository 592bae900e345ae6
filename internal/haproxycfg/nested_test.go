package haproxycfg

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// fullStats has every member of stats_options set.
func fullStats() *dataplane.StatsOptions {
	return &dataplane.StatsOptions{
		StatsEnable: true, StatsURIPrefix: "/stats", StatsRealm: true, StatsRealmRealm: `Haproxy\ Stats`,
		StatsAuths: []dataplane.StatsAuth{{User: "admin", Passwd: "secret"}, {User: "ops", Passwd: "a:b"}},
		StatsHTTPRequests: []dataplane.StatsHTTPRequest{
			{Type: "auth", Realm: "R", Cond: "if", CondTest: "TRUE"}, {Type: "allow"}, {Type: "deny", Cond: "unless", CondTest: "{ src 127.0.0.1 }"}},
		StatsAdmin: true, StatsAdminCond: "if", StatsAdminCondTest: "TRUE",
		StatsHideVersion: true, StatsShowVersion: true, StatsShowLegends: true, StatsShowModules: true,
		StatsShowDesc: ptr("my node"), StatsShowNodeName: ptr(""), StatsMaxconn: ptr[int64](10), StatsRefreshDelay: ptr[int64](10000),
	}
}

// fullFrontend has every nested object of a frontend set, every member of each.
func fullFrontend() frontend {
	return frontend{
		Name:        "fe_full",
		MonitorFail: &dataplane.MonitorFail{Cond: "unless", CondTest: "{ nbsrv(be_full) ge 1 }"},
		ProxyObjects: dataplane.ProxyObjects{StickTable: &dataplane.StickTable{Type: "string", Keylen: ptr[int64](32), Size: ptr[int64](102400), Expire: ptr[int64](30000),
			Nopurge: true, Peers: "mypeers", Srvkey: "name", WriteTo: "other", RecvOnly: true, Store: "http_req_rate(10s),gpc0"},
			Compression: &dataplane.Compression{Algorithms: []string{"gzip", "deflate"}, AlgoReq: "gzip", AlgosRes: []string{"gzip", "raw-deflate"},
				Types: []string{"text/html", `"text/plain; charset=utf-8"`}, TypesReq: []string{"application/json"}, TypesRes: []string{"text/css"},
				Offload: true, Direction: "both", MinsizeReq: ptr[int64](1024), MinsizeRes: ptr[int64](2048)},
			StatsOptions:             fullStats(),
			EmailAlert:               &dataplane.EmailAlert{From: "a@example.com", To: "b@example.com", Level: "err", Mailers: "mymailers", Myhostname: "host1"},
			ErrorFiles:               []dataplane.Errorfile{{Code: 503, File: "/etc/haproxy/errors/503.http"}, {Code: 504, File: "/etc/haproxy/errors/504.http"}},
			ErrorFilesFromHTTPErrors: []dataplane.Errorfiles{{Name: "myerrors", Codes: []int64{503, 504}}, {Name: "other"}},
			Errorloc302:              &dataplane.Errorloc{Code: 500, URL: "http://example.com/e"},
			Errorloc303:              &dataplane.Errorloc{Code: 502, URL: "http://example.com/f"},
			Originalto:               &dataplane.Originalto{Enabled: "enabled", Except: "127.0.0.0/8", Header: "X-Orig"},
			Forwarded: &dataplane.Forwarded{Enabled: "enabled", Proto: true, HostExpr: "%[req.hdr(host)]", By: true,
				ByPortExpr: "%[dst_port]", ForExpr: "%[src]", ForPort: true},
		},
	}
}

// fullBackend has every nested object of a backend set, and the members of
// balance, cookie and the check parameters that came with them.
func fullBackend() backend {
	objects := fullFrontend().ProxyObjects
	objects.Forwarded = &dataplane.Forwarded{Enabled: "disabled"}
	return backend{
		Name:         "be_full",
		ProxyObjects: objects,
		BackendObjects: dataplane.BackendObjects{
			Balance:          &dataplane.Balance{Algorithm: "url_param", URLParam: "uid", URLParamCheckPost: ptr[int64](64), URLParamMaxWait: ptr[int64](5)},
			AdvCheck:         "mysql-check",
			MysqlCheckParams: &dataplane.MysqlCheckParams{Username: "haproxy", ClientVersion: "post-41"},
			Cookie: &dataplane.Cookie{Name: "SRV", Type: "insert", Domains: []dataplane.CookieValue{{Value: ".a.com"}, {Value: ".b.com"}},
				Attrs: []dataplane.CookieValue{{Value: "SameSite=Lax"}, {Value: `"Partitioned"`}}},
			PersistRule: &dataplane.PersistRule{Type: "rdp-cookie", RdpCookieName: "mycookie"},
			Source: &dataplane.Source{Address: "0.0.0.0", Port: ptr[int64](1024), Usesrc: "address", AddressSecond: "127.0.0.2",
				PortSecond: ptr[int64](2000), Interface: "lo"},
		},
		BackendOptions: dataplane.BackendOptions{HashType: &dataplane.HashType{Method: "consistent", Function: "sdbm", Modifier: "avalanche"}},
		BackendOwn: dataplane.BackendOwn{
			ForcePersistList:  []dataplane.PersistCond{{Cond: "if", CondTest: "{ src 10.0.0.0/8 }"}, {Cond: "unless", CondTest: "FALSE"}},
			IgnorePersistList: []dataplane.PersistCond{{Cond: "if", CondTest: "{ path_beg /static }"}},
		},
	}
}

// The lines fullFrontend and fullBackend are written as: a new line goes next
// to the lines of its keyword, else after the section's last line.
const (
	fullCommonLines = `    stick-table type string len 32 size 102400 expire 30s nopurge peers mypeers srvkey name write-to other recv-only store http_req_rate(10s),gpc0
    compression algo gzip deflate
    compression algo-req gzip
    compression algo-res gzip raw-deflate
    compression type text/html "text/plain; charset=utf-8"
    compression type-req application/json
    compression type-res text/css
    compression offload
    compression direction both
    compression minsize-req 1024
    compression minsize-res 2048
    stats enable
    stats uri /stats
    stats realm Haproxy\ Stats
    stats auth admin:secret
    stats auth ops:a:b
    stats http-request auth realm R if TRUE
    stats http-request allow
    stats http-request deny unless { src 127.0.0.1 }
    stats admin if TRUE
    stats hide-version
    stats show-version
    stats show-legends
    stats show-modules
    stats show-desc my node
    stats show-node
    stats maxconn 10
    stats refresh 10s
    email-alert from a@example.com
    email-alert to b@example.com
    email-alert level err
    email-alert mailers mymailers
    email-alert myhostname host1
    errorfile 503 /etc/haproxy/errors/503.http
    errorfile 504 /etc/haproxy/errors/504.http
    errorfiles myerrors 503 504
    errorfiles other
    errorloc302 500 http://example.com/e
    errorloc303 502 http://example.com/f
`
	fullFrontendLines = `frontend fe_full
    monitor fail unless { nbsrv(be_full) ge 1 }
` + fullCommonLines + `    option originalto except 127.0.0.0/8 header X-Orig
    option forwarded proto host-expr %[req.hdr(host)] by by_port-expr %[dst_port] for-expr %[src] for_port
`
	fullBackendLines = `backend be_full
    balance url_param uid check_post 64 max_wait 5
    option mysql-check user haproxy post-41
    option originalto except 127.0.0.0/8 header X-Orig
    no option forwarded
    hash-type consistent sdbm avalanche
    cookie SRV insert domain .a.com domain .b.com attr SameSite=Lax attr "Partitioned"
    persist rdp-cookie(mycookie)
    source 0.0.0.0:1024 usesrc 127.0.0.2:2000 interface lo
    force-persist if { src 10.0.0.0/8 }
    force-persist unless FALSE
    ignore-persist if { path_beg /static }
` + fullCommonLines
)

// TestNestedObjectsRoundTrip writes a frontend and a backend with every nested
// object set: each is written as HAProxy spells it, reads back equal from the
// config as edited and from its bytes parsed anew, and writing it again
// changes nothing.
func TestNestedObjectsRoundTrip(t *testing.T) {
	c := Parse(nil)
	fe, be := fullFrontend(), fullBackend()
	if err := Frontends.Create(c, fe); err != nil {
		t.Fatal(err)
	}
	if err := Backends.Create(c, be); err != nil {
		t.Fatal(err)
	}
	want := fullFrontendLines + "\n" + fullBackendLines
	if got := string(c.Bytes()); got != want {
		t.Errorf("written as\n%s\nwant\n%s\ndiff %q", got, want, lineDiff([]byte(want), []byte(got)))
	}
	for _, cfg := range []*Config{c, Parse(c.Bytes())} {
		if got := must[frontend](t)(Frontends.Get(cfg, "fe_full")); !reflect.DeepEqual(got, fe) {
			t.Errorf("frontend read back differs: %v", differences(reflect.ValueOf(fe), reflect.ValueOf(got)))
		}
		if got := must[backend](t)(Backends.Get(cfg, "be_full")); !reflect.DeepEqual(got, be) {
			t.Errorf("backend read back differs: %v", differences(reflect.ValueOf(be), reflect.ValueOf(got)))
		}
	}
	before := c.Bytes()
	if err := Frontends.Replace(c, fe); err != nil {
		t.Fatal(err)
	}
	if err := Backends.Replace(c, be); err != nil {
		t.Fatal(err)
	}
	if d := lineDiff(before, c.Bytes()); len(d) > 0 {
		t.Errorf("writing the same objects again changed %q", d)
	}

	// The other checks' parameters, and httpchk's host, each on their own line.
	for _, tc := range []struct {
		be   backend
		line string
	}{
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{AdvCheck: "pgsql-check", PgsqlCheckParams: &dataplane.PgsqlCheckParams{Username: "pg"}}}, "option pgsql-check user pg"},
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{AdvCheck: "smtpchk", SmtpchkParams: &dataplane.SmtpchkParams{Hello: "EHLO", Domain: "example.com"}}}, "option smtpchk EHLO example.com"},
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{AdvCheck: "mysql-check", MysqlCheckParams: &dataplane.MysqlCheckParams{Username: "u"}}}, "option mysql-check user u"},
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{AdvCheck: "httpchk", HttpchkParams: &dataplane.HttpchkParams{Method: "GET", URI: "/health", Version: "HTTP/1.1", Host: "example.com"}}},
			"option httpchk GET /health HTTP/1.1 example.com"},
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{Source: &dataplane.Source{Address: "0.0.0.0", Usesrc: "hdr_ip", Hdr: "x-forwarded-for", Occ: "-1"}}}, "source 0.0.0.0 usesrc hdr_ip(x-forwarded-for,-1)"},
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{Source: &dataplane.Source{Address: "192.0.2.1", Usesrc: "clientip"}}}, "source 192.0.2.1 usesrc clientip"},
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{Source: &dataplane.Source{Address: "[::1]", Port: ptr[int64](80)}}}, "source [::1]:80"},
		{backend{Name: "b", ProxyObjects: dataplane.ProxyObjects{StatsOptions: &dataplane.StatsOptions{StatsShowNodeName: ptr("n1"), StatsShowDesc: ptr("")}}},
			"stats show-desc\n    stats show-node n1"},
		{backend{Name: "b", BackendObjects: dataplane.BackendObjects{PersistRule: &dataplane.PersistRule{Type: "rdp-cookie"}}}, "persist rdp-cookie"},
	} {
		c := Parse(nil)
		if err := Backends.Create(c, tc.be); err != nil {
			t.Errorf("%s: %v", tc.line, err)
			continue
		}
		if got, want := string(c.Bytes()), "backend b\n    "+tc.line+"\n"; got != want {
			t.Errorf("written as %q, want %q", got, want)
		}
		if got := must[backend](t)(Backends.Get(Parse(c.Bytes()), "b")); !reflect.DeepEqual(got, tc.be) {
			t.Errorf("%s: read back differs: %v", tc.line, differences(reflect.ValueOf(tc.be), reflect.ValueOf(got)))
		}
	}
}

// handwrittenNested spells the nested objects' lines as people write them:
// values HAProxy adds up over several lines, sizes with a unit, a refresh in
// seconds without one, keywords in another order, blanks and comments.
const handwrittenNested = `frontend fe
    bind :80
    # tables
    stick-table  type ip   size 1m  store gpc0 expire 10m store http_req_rate(10s)   # two stores
    compression algo gzip
    compression type text/html
    compression algo deflate
    compression type text/plain text/css
    compression offload
    stats enable
    stats refresh 30
    stats show-node
    stats auth a:b
    stats auth c:d
    errorfile 503 /etc/haproxy/errors/503.http
    errorfile 504 "/etc/haproxy/errors/504 page.http"
    option originalto header X-Orig
    monitor fail if { nbsrv(be) lt 1 }
    default_backend be

backend be
    balance url_param uid check_post 128
    option httpchk GET / "HTTP/1.1\r\nHost: www"
    cookie SRV insert domain .example.com attr "SameSite=Strict"
    source 127.0.0.1 interface lo
    hash-type consistent
    force-persist if { src 10.0.0.0/8 }
    server s 127.0.0.1:80
`

// TestNestedObjectsReadHandwritten reads handwritten lines as HAProxy reads them,
// and writing back what was read leaves the file as it was.
func TestNestedObjectsReadHandwritten(t *testing.T) {
	c := Parse([]byte(handwrittenNested))
	fe := must[frontend](t)(Frontends.Get(c, "fe"))
	wantFe := frontend{
		Name: "fe", FrontendOptions: dataplane.FrontendOptions{DefaultBackend: "be"},
		MonitorFail: &dataplane.MonitorFail{Cond: "if", CondTest: "{ nbsrv(be) lt 1 }"},
		ProxyObjects: dataplane.ProxyObjects{StickTable: &dataplane.StickTable{Type: "ip", Size: ptr[int64](1 << 20), Expire: ptr[int64](600000), Store: "gpc0,http_req_rate(10s)",
			Metadata: dataplane.Metadata{"comment": "two stores"}},
			Compression: &dataplane.Compression{Algorithms: []string{"gzip", "deflate"}, Types: []string{"text/html", "text/plain", "text/css"},
				Offload: true},
			StatsOptions: &dataplane.StatsOptions{StatsEnable: true, StatsRefreshDelay: ptr[int64](30000), StatsShowNodeName: ptr(""),
				StatsAuths: []dataplane.StatsAuth{{User: "a", Passwd: "b"}, {User: "c", Passwd: "d"}}},
			ErrorFiles: []dataplane.Errorfile{{Code: 503, File: "/etc/haproxy/errors/503.http"},
				{Code: 504, File: `"/etc/haproxy/errors/504 page.http"`}},
			Originalto: &dataplane.Originalto{Enabled: "enabled", Header: "X-Orig"},
		},
	}
	if !reflect.DeepEqual(fe, wantFe) {
		t.Errorf("frontend read as %s\nwant %s", asJSON(t, fe), asJSON(t, wantFe))
	}
	be := must[backend](t)(Backends.Get(c, "be"))
	wantBe := backend{
		Name: "be",
		BackendObjects: dataplane.BackendObjects{
			Balance:       &dataplane.Balance{Algorithm: "url_param", URLParam: "uid", URLParamCheckPost: ptr[int64](128)},
			AdvCheck:      "httpchk",
			HttpchkParams: &dataplane.HttpchkParams{Method: "GET", URI: "/", Version: `"HTTP/1.1\r\nHost: www"`},
			Cookie: &dataplane.Cookie{Name: "SRV", Type: "insert", Domains: []dataplane.CookieValue{{Value: ".example.com"}},
				Attrs: []dataplane.CookieValue{{Value: `"SameSite=Strict"`}}},
			Source: &dataplane.Source{Address: "127.0.0.1", Interface: "lo"},
		},
		BackendOptions: dataplane.BackendOptions{HashType: &dataplane.HashType{Method: "consistent"}},
		BackendOwn:     dataplane.BackendOwn{ForcePersistList: []dataplane.PersistCond{{Cond: "if", CondTest: "{ src 10.0.0.0/8 }"}}},
	}
	if !reflect.DeepEqual(be, wantBe) {
		t.Errorf("backend read as %s\nwant %s", asJSON(t, be), asJSON(t, wantBe))
	}
	if err := Frontends.Replace(c, fe); err != nil {
		t.Fatal(err)
	}
	if err := Backends.Replace(c, be); err != nil {
		t.Fatal(err)
	}
	if got := string(c.Bytes()); got != handwrittenNested {
		t.Errorf("writing back what was read changed %q", lineDiff([]byte(handwrittenNested), []byte(got)))
	}
}

// TestNestedObjectsEditOnlyTheirWords changes one member at a time on the
// handwritten lines: only the lines that say it change.
func TestNestedObjectsEditOnlyTheirWords(t *testing.T) {
	feCases := []struct {
		name string
		edit func(f *frontend)
		want []string
	}{
		{"stick-table expire", func(f *frontend) { f.StickTable.Expire = ptr[int64](5000) }, []string{
			"-    stick-table  type ip   size 1m  store gpc0 expire 10m store http_req_rate(10s)   # two stores\n",
			"+    stick-table  type ip   size 1048576  expire 5s store gpc0,http_req_rate(10s)   # two stores\n"}},
		{"compression offload off", func(f *frontend) { f.Compression.Offload = false }, []string{"-    compression offload\n"}},
		{"compression algorithms added to", func(f *frontend) { f.Compression.Algorithms = append(f.Compression.Algorithms, "raw-deflate") }, []string{
			"-    compression algo gzip\n", "+    compression algo gzip deflate raw-deflate\n", "-    compression algo deflate\n"}},
		{"compression direction added", func(f *frontend) { f.Compression.Direction = "response" }, []string{"+    compression direction response\n"}},
		{"no compression", func(f *frontend) { f.Compression = nil }, []string{
			"-    compression algo gzip\n", "-    compression type text/html\n", "-    compression algo deflate\n",
			"-    compression type text/plain text/css\n", "-    compression offload\n"}},
		{"a stats auth changed", func(f *frontend) { f.StatsOptions.StatsAuths[1].Passwd = "e" }, []string{"-    stats auth c:d\n", "+    stats auth c:e\n"}},
		{"a stats auth added", func(f *frontend) {
			f.StatsOptions.StatsAuths = append(f.StatsOptions.StatsAuths, dataplane.StatsAuth{User: "x", Passwd: "y"})
		}, []string{"+    stats auth x:y\n"}},
		{"the first stats auth removed", func(f *frontend) { f.StatsOptions.StatsAuths = f.StatsOptions.StatsAuths[1:] }, []string{
			"-    stats auth a:b\n"}},
		{"stats refresh in minutes", func(f *frontend) { f.StatsOptions.StatsRefreshDelay = ptr[int64](60000) }, []string{
			"-    stats refresh 30\n", "+    stats refresh 1m\n"}},
		{"an errorfile added", func(f *frontend) {
			f.ErrorFiles = append(f.ErrorFiles, dataplane.Errorfile{Code: 500, File: "/etc/haproxy/errors/500.http"})
		}, []string{"+    errorfile 500 /etc/haproxy/errors/500.http\n"}},
		{"errorfiles gone", func(f *frontend) { f.ErrorFiles = nil }, []string{
			"-    errorfile 503 /etc/haproxy/errors/503.http\n", "-    errorfile 504 \"/etc/haproxy/errors/504 page.http\"\n"}},
		{"originalto except", func(f *frontend) { f.Originalto.Except = "10.0.0.0/8" }, []string{
			"-    option originalto header X-Orig\n", "+    option originalto except 10.0.0.0/8 header X-Orig\n"}},
		{"monitor fail unless", func(f *frontend) { f.MonitorFail.Cond = "unless" }, []string{
			"-    monitor fail if { nbsrv(be) lt 1 }\n", "+    monitor fail unless { nbsrv(be) lt 1 }\n"}},
		{"an email alert", func(f *frontend) {
			f.EmailAlert = &dataplane.EmailAlert{From: "a@b.c", To: "d@e.f", Mailers: "m"}
		}, []string{"+    email-alert from a@b.c\n", "+    email-alert to d@e.f\n", "+    email-alert mailers m\n"}},
	}
	for _, tc := range feCases {
		c := Parse([]byte(handwrittenNested))
		f := must[frontend](t)(Frontends.Get(c, "fe"))
		tc.edit(&f)
		if err := Frontends.Replace(c, f); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := lineDiff([]byte(handwrittenNested), c.Bytes()); !slices.Equal(got, tc.want) {
			t.Errorf("%s: changed %q\nwant %q", tc.name, got, tc.want)
		}
	}
	beCases := []struct {
		name string
		edit func(b *backend)
		want []string
	}{
		{"balance max_wait", func(b *backend) { b.Balance.URLParamMaxWait = ptr[int64](3) }, []string{
			"-    balance url_param uid check_post 128\n", "+    balance url_param uid check_post 128 max_wait 3\n"}},
		{"httpchk host", func(b *backend) {
			b.HttpchkParams = &dataplane.HttpchkParams{Method: "GET", URI: "/", Version: "HTTP/1.1", Host: "www"}
		}, []string{
			"-    option httpchk GET / \"HTTP/1.1\\r\\nHost: www\"\n", "+    option httpchk GET / HTTP/1.1 www\n"}},
		{"a cookie domain added", func(b *backend) {
			b.Cookie.Domains = append(b.Cookie.Domains, dataplane.CookieValue{Value: ".example.org"})
		}, []string{
			"-    cookie SRV insert domain .example.com attr \"SameSite=Strict\"\n",
			"+    cookie SRV insert domain .example.com domain .example.org attr \"SameSite=Strict\"\n"}},
		{"source usesrc", func(b *backend) { b.Source.Usesrc = "clientip" }, []string{
			"-    source 127.0.0.1 interface lo\n", "+    source 127.0.0.1 usesrc clientip interface lo\n"}},
		{"hash-type function", func(b *backend) { b.HashType.Function = "crc32" }, []string{
			"-    hash-type consistent\n", "+    hash-type consistent crc32\n"}},
		{"ignore-persist added", func(b *backend) {
			b.IgnorePersistList = []dataplane.PersistCond{{Cond: "unless", CondTest: "TRUE"}}
		}, []string{"+    ignore-persist unless TRUE\n"}},
		{"force-persist changed", func(b *backend) {
			b.ForcePersistList = []dataplane.PersistCond{{Cond: "if", CondTest: "TRUE"}}
		}, []string{"-    force-persist if { src 10.0.0.0/8 }\n", "+    force-persist if TRUE\n"}},
		{"persist rule", func(b *backend) { b.PersistRule = &dataplane.PersistRule{Type: "rdp-cookie", RdpCookieName: "c"} }, []string{
			"+    persist rdp-cookie(c)\n"}},
	}
	for _, tc := range beCases {
		c := Parse([]byte(handwrittenNested))
		b := must[backend](t)(Backends.Get(c, "be"))
		tc.edit(&b)
		if err := Backends.Replace(c, b); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := lineDiff([]byte(handwrittenNested), c.Bytes()); !slices.Equal(got, tc.want) {
			t.Errorf("%s: changed %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// TestNestedObjectsChecked: values out of their enums and ranges, lines that
// would not read back, control characters, members that need others, and
// files outside the allowed directories are refused, naming the member, and
// the file is left as it was.
func TestNestedObjectsChecked(t *testing.T) {
	fe := func(edit func(f *frontend)) frontend {
		f := fullFrontend()
		f.StickTable = &dataplane.StickTable{Type: "ip", Size: ptr[int64](100)}
		f.Compression = &dataplane.Compression{Algorithms: []string{"gzip"}}
		f.StatsOptions = &dataplane.StatsOptions{StatsEnable: true}
		f.Forwarded = nil
		edit(&f)
		return f
	}
	be := func(edit func(b *backend)) backend {
		b := backend{Name: "be_x"}
		edit(&b)
		return b
	}
	cases := []struct {
		name  string
		model any
		field string
	}{
		{"stick-table type", fe(func(f *frontend) { f.StickTable.Type = "ipv8" }), "stick_table.type"},
		{"stick-table without type", fe(func(f *frontend) { f.StickTable.Type = "" }), "stick_table.type"},
		{"stick-table srvkey", fe(func(f *frontend) { f.StickTable.Srvkey = "port" }), "stick_table.srvkey"},
		{"stick-table size", fe(func(f *frontend) { f.StickTable.Size = ptr[int64](-1) }), "stick_table.size"},
		{"stick-table store with a blank", fe(func(f *frontend) { f.StickTable.Store = "gpc0 nopurge" }), "stick_table.store"},
		{"compression algo", fe(func(f *frontend) { f.Compression.Algorithms = []string{"brotli"} }), "compression.algorithms[0]"},
		{"compression direction", fe(func(f *frontend) { f.Compression.Direction = "sideways" }), "compression.direction"},
		{"compression empty type", fe(func(f *frontend) { f.Compression.Types = []string{""} }), "compression.types[0]"},
		{"stats auth user with a colon", fe(func(f *frontend) {
			f.StatsOptions.StatsAuths = []dataplane.StatsAuth{{User: "a:b", Passwd: "c"}}
		}), "stats_options.stats_auths[0].user"},
		{"stats auth newline", fe(func(f *frontend) {
			f.StatsOptions.StatsAuths = []dataplane.StatsAuth{{User: "a", Passwd: "c\nstats admin if TRUE"}}
		}), "stats_options.stats_auths[0].passwd"},
		{"stats http-request type", fe(func(f *frontend) {
			f.StatsOptions.StatsHTTPRequests = []dataplane.StatsHTTPRequest{{Type: "tarpit"}}
		}), "stats_options.stats_http_requests[0].type"},
		{"stats realm without its text", fe(func(f *frontend) { f.StatsOptions.StatsRealm = true }), "stats_options.stats_realm_realm"},
		{"stats admin cond", fe(func(f *frontend) {
			f.StatsOptions.StatsAdmin, f.StatsOptions.StatsAdminCond, f.StatsOptions.StatsAdminCondTest = true, "when", "TRUE"
		}), "stats_options.stats_admin_cond"},
		{"stats maxconn", fe(func(f *frontend) { f.StatsOptions.StatsMaxconn = ptr[int64](0) }), "stats_options.stats_maxconn"},
		{"email-alert level", fe(func(f *frontend) { f.EmailAlert.Level = "loud" }), "email_alert.level"},
		{"email-alert to without '@'", fe(func(f *frontend) { f.EmailAlert.To = "postmaster" }), "email_alert.to"},
		{"email-alert without mailers", fe(func(f *frontend) { f.EmailAlert.Mailers = "" }), "email_alert.mailers"},
		{"errorfile code", fe(func(f *frontend) { f.ErrorFiles[0].Code = 302 }), "error_files[0].code"},
		{"errorfile with a comment", fe(func(f *frontend) { f.ErrorFiles[1].File = "/etc/a.http #x" }), "error_files[1].file"},
		{"errorfiles code", fe(func(f *frontend) { f.ErrorFilesFromHTTPErrors[0].Codes = []int64{600} }), "errorfiles_from_http_errors[0].codes[0]"},
		{"errorloc302 code", fe(func(f *frontend) { f.Errorloc302.Code = 0 }), "errorloc302.code"},
		{"originalto disabled", fe(func(f *frontend) { f.Originalto.Enabled = "disabled" }), "originalto.enabled"},
		{"forwarded host and host_expr", fe(func(f *frontend) {
			f.Forwarded = &dataplane.Forwarded{Enabled: "enabled", Host: true, HostExpr: "x"}
		}), "forwarded.host_expr"},
		{"forwarded without enabled", fe(func(f *frontend) { f.Forwarded = &dataplane.Forwarded{Proto: true} }), "forwarded.enabled"},
		{"monitor fail without a condition", fe(func(f *frontend) { f.MonitorFail.CondTest = "" }), "monitor_fail.cond_test"},
		{"monitor fail cond", fe(func(f *frontend) { f.MonitorFail.Cond = "when" }), "monitor_fail.cond"},
		{"persist type", be(func(b *backend) { b.PersistRule = &dataplane.PersistRule{Type: "cookie"} }), "persist_rule.type"},
		{"source port", be(func(b *backend) { b.Source = &dataplane.Source{Address: "0.0.0.0", Port: ptr[int64](70000)} }), "source.port"},
		{"source usesrc", be(func(b *backend) { b.Source = &dataplane.Source{Address: "0.0.0.0", Usesrc: "server"} }), "source.usesrc"},
		{"source address_second without usesrc", be(func(b *backend) {
			b.Source = &dataplane.Source{Address: "0.0.0.0", AddressSecond: "1.2.3.4"}
		}), "source.address_second"},
		{"source address from the environment", be(func(b *backend) { b.Source = &dataplane.Source{Address: "${HOST}"} }), "source.address"},
		{"mysql-check params without the check", be(func(b *backend) {
			b.MysqlCheckParams = &dataplane.MysqlCheckParams{Username: "u"}
		}), "mysql_check_params"},
		{"mysql-check client version", be(func(b *backend) {
			b.AdvCheck, b.MysqlCheckParams = "mysql-check", &dataplane.MysqlCheckParams{Username: "u", ClientVersion: "41"}
		}), "mysql_check_params.client_version"},
		{"smtpchk hello alone", be(func(b *backend) {
			b.AdvCheck, b.SmtpchkParams = "smtpchk", &dataplane.SmtpchkParams{Hello: "EHLO"}
		}), "smtpchk_params"},
		{"httpchk host without version", be(func(b *backend) {
			b.AdvCheck, b.HttpchkParams = "httpchk", &dataplane.HttpchkParams{Method: "GET", URI: "/", Host: "h"}
		}), "httpchk_params.host"},
		{"httpchk method", be(func(b *backend) {
			b.AdvCheck, b.HttpchkParams = "httpchk", &dataplane.HttpchkParams{Method: "FETCH", URI: "/"}
		}), "httpchk_params.method"},
		{"force-persist cond", be(func(b *backend) {
			b.ForcePersistList = []dataplane.PersistCond{{Cond: "when", CondTest: "TRUE"}}
		}), "force_persist_list[0].cond"},
		{"balance check_post without url_param", be(func(b *backend) {
			b.Balance = &dataplane.Balance{Algorithm: "roundrobin", URLParamCheckPost: ptr[int64](1)}
		}), "balance.url_param_check_post"},
		{"an empty cookie domain", be(func(b *backend) {
			b.Cookie = &dataplane.Cookie{Name: "c", Domains: []dataplane.CookieValue{{}}}
		}), "cookie.domain[0].value"},
	}
	for _, tc := range cases {
		c := Parse([]byte("frontend fe_full\nbackend be_x\n"))
		before := c.Bytes()
		var err error
		switch m := tc.model.(type) {
		case frontend:
			err = Frontends.Replace(c, m)
		case backend:
			err = Backends.Replace(c, m)
		}
		var fe *FieldError
		switch {
		case !errors.As(err, &fe) || !errors.Is(err, ErrInvalid):
			t.Errorf("%s: error %v, want a FieldError", tc.name, err)
		case fe.Field != tc.field:
			t.Errorf("%s: error names %q, want %q (%v)", tc.name, fe.Field, tc.field, err)
		}
		if string(c.Bytes()) != string(before) {
			t.Errorf("%s: the file changed", tc.name)
		}
	}

	// An errorfile outside the allowed directories is refused; one the
	// section already names stays.
	c := Parse([]byte("frontend fe\n    errorfile 503 /outside/503.http\n"))
	c.AllowFiles(func(path string) error {
		if strings.HasPrefix(path, "/etc/haproxy/errors/") {
			return nil
		}
		return errors.New("not in an allowed directory")
	})
	f := must[frontend](t)(Frontends.Get(c, "fe"))
	f.ErrorFiles = append(f.ErrorFiles, dataplane.Errorfile{Code: 504, File: "/etc/haproxy/errors/504.http"})
	if err := Frontends.Replace(c, f); err != nil {
		t.Errorf("a kept errorfile and an allowed one: %v", err)
	}
	f.ErrorFiles = append(f.ErrorFiles, dataplane.Errorfile{Code: 500, File: "/tmp/secret"})
	var fieldErr *FieldError
	if err := Frontends.Replace(c, f); !errors.Is(err, ErrFile) || !errors.As(err, &fieldErr) || fieldErr.Field != "error_files[2].file" {
		t.Errorf("an errorfile outside the allowed directories: %v", err)
	}
}

// TestNestedListsKeepTheirLines: an item removed from or added to a list of
// lines (error_files) touches its line only; the others keep their comments and
// spacing, as a list replace does.
func TestNestedListsKeepTheirLines(t *testing.T) {
	const cfg = "backend be\n" +
		"    errorfile 500 /e/500.http   # five hundred\n" +
		"    errorfile 503 /e/503.http   # maintenance\n" +
		"    errorfile 504 /e/504.http   # timeouts\n"
	c := Parse([]byte(cfg))
	b := must[backend](t)(Backends.Get(c, "be"))
	b.ErrorFiles = slices.Delete(b.ErrorFiles, 1, 2)
	if err := Backends.Replace(c, b); err != nil {
		t.Fatal(err)
	}
	want := "backend be\n" +
		"    errorfile 500 /e/500.http   # five hundred\n" +
		"    errorfile 504 /e/504.http   # timeouts\n"
	if got := string(c.Bytes()); got != want {
		t.Errorf("removing the middle item:\n%s\nwant\n%s", got, want)
	}
	b.ErrorFiles = slices.Insert(b.ErrorFiles, 1, dataplane.Errorfile{Code: 502, File: "/e/502.http"})
	if err := Backends.Replace(c, b); err != nil {
		t.Fatal(err)
	}
	want = "backend be\n" +
		"    errorfile 500 /e/500.http   # five hundred\n" +
		"    errorfile 502 /e/502.http\n" +
		"    errorfile 504 /e/504.http   # timeouts\n"
	if got := string(c.Bytes()); got != want {
		t.Errorf("adding an item in the middle:\n%s\nwant\n%s", got, want)
	}
}

// TestNestedObjectsVerbatim: the nested objects' lines are rows of the verbatim
// text (the provider's extra_directives): read into the model, and given back
// one per line, a list's lines each.
func TestNestedObjectsVerbatim(t *testing.T) {
	lines := []string{"errorfile 503 /e/503.http", "errorfile 504 /e/504.http", "stats enable", "stats auth a:b",
		"compression algo gzip", "stick-table type ip size 100", "source 127.0.0.1 interface lo"}
	var b backend
	if err := Backends.ParseDirectives(lines, &b); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range Backends.Directives(&b) {
		if r != "" {
			got = append(got, strings.Split(r, "\n")...)
		}
	}
	if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(lines))) {
		t.Errorf("Directives gave %q, want the lines %q", got, lines)
	}
	var f frontend
	if err := Frontends.ParseDirectives([]string{"stats no-such-keyword ."}, &f); err == nil {
		t.Error("a stats line the model does not hold was read")
	}
}
