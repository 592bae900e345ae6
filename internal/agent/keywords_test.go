package agent

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Every keyword field of the server and bind models, with a value HAProxy 2.6
// accepts (in the config of TestEveryKeywordAgainstHAProxy), or, for keywords
// HAProxy 2.6 does not know, the value that shows HAProxy refusing it. Written
// here, one per field: a field added to a model without a value here fails
// TestKeywordSamplesCoverTheModels.
var (
	serverSamples = map[string]any{
		"id": 7, "check": "enabled", "backup": "disabled", "maintenance": "disabled", "ssl": "enabled",
		"send-proxy": "disabled", "send-proxy-v2": "enabled", "check-ssl": "enabled", "weight": 10, "maxconn": 100,
		"inter": 2000, "fastinter": 1000, "downinter": 5000, "rise": 2, "fall": 3, "slowstart": 10000,
		"verify": "none", "sni": "str(example.com)", "alpn": "h2,http/1.1", "cookie": "c1",
		"init-addr": "last,libc,none", "resolvers": "dns", "observe": "layer7", "on-marked-down": "shutdown-sessions",
		"agent-check": "enabled", "agent-addr": "127.0.0.1", "agent-port": 9999, "agent-inter": 5000, "agent-send": "hello",
		"health_check_address": "127.0.0.2", "health_check_port": 8081, "check_alpn": "h2", "check_proto": "h1",
		"check-sni": "example.com", "check-send-proxy": "enabled", "check_via_socks4": "enabled", "socks4": "127.0.0.1:1080",
		"error_limit": 10, "on-error": "mark-down", "on-marked-up": "shutdown-backup-sessions", "track": "s0",
		"resolve-net": "10.0.0.0/8", "resolve_opts": "allow-dup-ip", "resolve-prefer": "ipv4", "minconn": 10,
		"maxqueue": 10, "max_reuse": 10, "pool_low_conn": 2, "pool_max_conn": 10, "pool_purge_delay": 5000,
		"tcp_ut": 5000, "tfo": "enabled", "source": "0.0.0.0", "redir": "http://example.com", "proto": "h1", "ws": "auto",
		"stick": "enabled", "log_proto": "legacy", "proxy-v2-options": []string{"ssl", "unique-id"},
		"send_proxy_v2_ssl": "enabled", "send_proxy_v2_ssl_cn": "enabled", "ssl_reuse": "enabled",
		"ssl_min_ver": "TLSv1.2", "ssl_max_ver": "TLSv1.3", "sslv3": "disabled", "tlsv10": "disabled",
		"tlsv11": "disabled", "tlsv12": "enabled", "tlsv13": "disabled", "tls_tickets": "disabled", "allow_0rtt": true,
		"ciphers": "ECDHE-RSA-AES128-GCM-SHA256", "ciphersuites": "TLS_AES_128_GCM_SHA256", "verifyhost": "example.com",
		"npn": "http/1.1", "ssl_certificate": "@site.pem", "ssl_cafile": "@ca.pem", "crl_file": "@crl.pem",
		// Accepted by the model, refused by HAProxy 2.6:
		"check_sni_auto": "enabled", "check-reuse-pool": "enabled", "check-pool-conn-name": "x", "init-state": "up",
		"pool_conn_name": "x", "idle_ping": 5000, "tcp_md5sig": "secret", "hash_key": "addr", "guid": "g1", "shard": 1,
		"strict-maxconn": true, "log-bufsize": 1024, "renegotiate": "disabled", "client_sigalgs": "RSA+SHA256",
		"sigalgs": "RSA+SHA256", "curves": "X25519:P-256", "no_verifyhost": "enabled", "sni_auto": "enabled",
		"cc": "cubic", "ktls": "on", "quic-cc-algo": "cubic", "quic_cc_algo_max_window": 1024,
		"set-proxy-v2-tlv-fmt": map[string]any{"id": "0xE1", "value": "%[fc_pp_tlv(0xE1)]"},
		// Needs a network namespace this machine may not have:
		"namespace": "ns1",
	}
	bindSamples = map[string]any{
		"ssl": true, "ssl_certificate": "@site.pem", "ssl_cafile": "@ca.pem", "crt_list": "@crt-list.txt", "alpn": "h2,http/1.1",
		"verify": "optional", "accept_proxy": true, "transparent": true, "v4v6": true, "v6only": true, "defer_accept": true,
		"tfo": true, "ssl_min_ver": "TLSv1.2", "ssl_max_ver": "TLSv1.3", "ciphers": "ECDHE-RSA-AES128-GCM-SHA256",
		"maxconn": 100, "thread": "1", "process": "1", "level": "user", "severity_output": "string", "id": "5",
		"backlog": "100", "mss": "1400", "interface": "lo", "mode": "600", "user": "root", "uid": "0", "group": "root",
		"gid": 0, "nice": 10, "proto": "h2", "shards": "1", "expose_fd_listeners": true, "accept_netscaler_cip": 1234,
		"tcp_user_timeout": 5000, "allow_0rtt": true, "ca_ignore_err": "all", "ca_sign_file": "@site.pem",
		"ca_sign_pass": "x", "ca_verify_file": "@ca.pem", "crl_file": "@crl.pem", "crt_ignore_err": "all",
		"ciphersuites": "TLS_AES_128_GCM_SHA256", "curves": "X25519:P-256", "ecdhe": "prime256v1", "npn": "http/1.1",
		"generate_certificates": true, "no_ca_names": true, "prefer_client_ciphers": true, "force_strict_sni": "enabled",
		"tls_tickets": "disabled", "tls_ticket_keys": "@ticket-keys", "sslv3": "disabled", "tlsv10": "disabled",
		"tlsv11": "disabled", "tlsv12": "enabled", "tlsv13": "disabled",
		// Accepted by the model, refused by HAProxy 2.6:
		"label": "l1", "nbconn": 2, "guid_prefix": "g", "tcp_md5sig": "s", "tcp_ss": 1, "idle_ping": 5000,
		"client_sigalgs": "RSA+SHA256", "sigalgs": "RSA+SHA256", "no_alpn": true, "cc": "cubic", "ktls": "on",
		"quic-force-retry": true, "quic-socket": "connection", "quic-cc-algo": "cubic", "quic_cc_algo_max_window": 64,
		"quic_cc_algo_burst_size": 8, "default_crt_list": []string{"@site.pem", "@ca.pem"},
		"namespace": "ns1",
	}
	// The keywords HAProxy 2.6 answers "unknown keyword" to.
	serverNewerThan26 = []string{
		"check_sni_auto", "check-reuse-pool", "check-pool-conn-name", "init-state", "pool_conn_name", "idle_ping",
		"tcp_md5sig", "hash_key", "guid", "shard", "strict-maxconn", "log-bufsize", "renegotiate", "client_sigalgs",
		"sigalgs", "curves", "no_verifyhost", "sni_auto", "cc", "ktls", "quic-cc-algo", "quic_cc_algo_max_window",
		"set-proxy-v2-tlv-fmt",
	}
	bindNewerThan26 = []string{
		"label", "nbconn", "guid_prefix", "tcp_md5sig", "tcp_ss", "idle_ping", "client_sigalgs", "sigalgs", "no_alpn",
		"cc", "ktls", "quic-force-retry", "quic-socket", "quic-cc-algo", "quic_cc_algo_max_window", "quic_cc_algo_burst_size",
		"default_crt_list",
	}
	// The arguments quic-cc-algo's value carries are written with it, and
	// refused with it.
	carriedBy = map[string]string{"quic_cc_algo_max_window": "quic-cc-algo", "quic_cc_algo_burst_size": "quic-cc-algo"}
	notHere   = []string{"namespace"}

	// Every setting of the frontend and backend models, as the sections of
	// TestEverySettingAgainstHAProxy have them; "disabled" where HAProxy 2.6
	// accepts `no option ...`, to show both spellings.
	frontendSamples = map[string]any{
		"mode": "http", "description": "every setting, as one would write it", "id": 101, "disabled": true, "enabled": true,
		"http_request_timeout": 5000, "http_keep_alive_timeout": 6000, "tarpit_timeout": 7000, "abortonclose": "enabled",
		"http-buffer-request": "disabled", "http_restrict_req_hdr_names": "delete", "independent_streams": "enabled",
		"nolinger": "disabled", "splice_auto": "enabled", "splice_request": "disabled", "splice_response": "enabled",
		"tcpka": "enabled", "log_tag": "fe-tag", "default_backend": "be_app", "maxconn": 1000, "backlog": 100,
		"client_timeout": 30000, "client_fin_timeout": 2000, "httplog": true, "clflog": true, "httpslog": "enabled",
		"tcplog": true, "log_format": `"%ci:%cp [%tr]"`, "log_format_sd": `"[exampleSDID@1234 bytes=\"%B\"]"`,
		"error_log_format": `"%ci err"`, "dontlognull": "enabled", "dontlog_normal": "disabled", "log_separate_errors": "enabled",
		"logasap": "disabled", "contstats": "enabled", "socket_stats": "enabled", "tcp_smart_accept": "disabled",
		"clitcpka": "enabled", "clitcpka_cnt": 5, "clitcpka_idle": 30000, "clitcpka_intvl": 10000,
		"accept_invalid_http_request": "enabled", "h1_case_adjust_bogus_client": "enabled", "disable_h2_upgrade": "enabled",
		"http_ignore_probes": "enabled", "http_use_proxy_header": "enabled", "http_no_delay": "enabled",
		"idle_close_on_response": "disabled", "unique_id_format": `"%{+X}o %ci:%cp"`, "unique_id_header": "X-Unique-ID",
		"monitor_uri": "/healthz",
		// Our extension: lines the official model lacks, as spelled.
		"redirects": []string{"scheme https code 301 if { hdr(host) -i old.example.com }"}, "capture_cookie": "SRVID= len 32",
		"capture_request_headers": []string{"Host len 64", "User-Agent len 128"}, "capture_response_headers": []string{"Location len 64"},
		// Accepted by the model, refused by HAProxy 2.6:
		"guid": "g1", "log_steps": []string{"accept", "close"}, "accept_unsafe_violations_in_http_request": "enabled",
		"http-drop-response-trailers": "enabled", "http-use-htx": "enabled",
	}
	// frontendHandwritten says what frontendSamples say (but the newer ones),
	// spelled by hand: bare milliseconds, bare seconds where HAProxy reads them
	// so, tabs, comments, in another order.
	frontendHandwritten = `frontend fe_hand from base  # every setting
	description every setting, as one would write it
	mode	http
	id 102
	disabled
	enabled
	timeout http-request 5000
	timeout http-keep-alive 6s
	timeout tarpit 7000ms
	timeout client 30s
	timeout client-fin 2000
	option abortonclose
	no option http-buffer-request
	option http-restrict-req-hdr-names delete
	option independent-streams
	no  option  nolinger
	option splice-auto
	no option splice-request
	option splice-response
	option tcpka
	log-tag fe-tag
	default_backend be_app
	maxconn 1000
	backlog 100
	option httplog
	option httplog clf
	option httpslog
	option tcplog
	log-format "%ci:%cp [%tr]"
	log-format-sd "[exampleSDID@1234 bytes=\"%B\"]"
	error-log-format "%ci err"
	option dontlognull
	no option dontlog-normal
	option log-separate-errors
	no option logasap
	option contstats
	option socket-stats
	no option tcp-smart-accept
	option clitcpka
	clitcpka-cnt 5
	clitcpka-idle 30
	clitcpka-intvl 10s
	option accept-invalid-http-request
	option h1-case-adjust-bogus-client
	option disable-h2-upgrade
	option http-ignore-probes
	option http-use-proxy-header
	option http-no-delay
	no option idle-close-on-response
	unique-id-format "%{+X}o %ci:%cp"
	unique-id-header X-Unique-ID
	monitor-uri /healthz
	redirect scheme https code 301 if { hdr(host) -i old.example.com }
	capture cookie SRVID= len 32
	capture request header Host len 64
	capture response header Location len 64
	capture request header User-Agent len 128
`
	frontendNewerThan26 = []string{"guid", "log_steps", "accept_unsafe_violations_in_http_request", "http-drop-response-trailers", "http-use-htx"}

	backendSamples = map[string]any{
		"mode": "http", "description": "every backend setting", "id": 201, "http-no-delay": "enabled", "spop_check": "enabled",
		"use_fcgi_app": "php", "server_state_file_name": "@be.state", "disabled": true, "enabled": true,
		"http_request_timeout": 5000, "http_keep_alive_timeout": 6000, "tarpit_timeout": 7000, "abortonclose": "enabled",
		"http-buffer-request": "disabled", "http_restrict_req_hdr_names": "reject", "independent_streams": "enabled",
		"nolinger": "enabled", "splice_auto": "disabled", "splice_request": "enabled", "splice_response": "disabled",
		"tcpka": "enabled", "log_tag": "be-tag", "retries": 3, "fullconn": 500, "hash_balance_factor": 150,
		"max_keep_alive_queue": 10, "check_timeout": 2000, "connect_timeout": 3000, "server_timeout": 30000,
		"server_fin_timeout": 4000, "queue_timeout": 8000, "tunnel_timeout": 3600000, "http_reuse": "safe",
		"allbackups": "enabled", "checkcache": "disabled", "log_health_checks": "enabled", "persist": "enabled",
		"prefer_last_server": "enabled", "srvtcpka": "enabled", "srvtcpka_cnt": 4, "srvtcpka_idle": 20000,
		"srvtcpka_intvl": 5000, "tcp_smart_connect": "enabled", "transparent": "disabled", "http_pretend_keepalive": "enabled",
		"accept_invalid_http_response": "enabled", "h1_case_adjust_bogus_server": "enabled", "dynamic_cookie_key": "s3cr3t",
		"external_check": "enabled", "external_check_command": "/bin/true", "external_check_path": "/usr/bin:/bin",
		"load_server_state_from_file": "local", "retry_on": "conn-failure empty-response 503", "http_send_name_header": "X-Server",
		// Our extension: lines the official model lacks, as spelled.
		"redirects": []string{"location /moved code 302 if { path /old }"}, "dispatch": "127.0.0.1:8080",
		// Accepted by the model, refused by HAProxy 2.6:
		"guid": "g2", "hash_preserve_affinity": "maxqueue", "accept_unsafe_violations_in_http_response": "enabled",
		"http-drop-request-trailers": "enabled", "http-use-htx": "enabled", "http_proxy": "enabled",
	}
	backendHandwritten = `backend   be_hand   from   base
	mode http
	dispatch	127.0.0.1:8080
	redirect location /moved code 302 if { path /old }
	description every backend setting
	id 202
	option http-no-delay
	option spop-check
	hash-type consistent sdbm avalanche
	use-fcgi-app php
	server-state-file-name %s
	disabled
	enabled
	timeout http-request 5s
	timeout http-keep-alive 6000
	timeout tarpit 7s
	option abortonclose
	no option http-buffer-request
	option http-restrict-req-hdr-names reject
	option independent-streams
	option nolinger
	no option splice-auto
	option splice-request
	no option splice-response
	option tcpka
	log-tag be-tag
	retries 3
	fullconn 500
	hash-balance-factor 150
	max-keep-alive-queue 10
	timeout check 2000
	timeout connect 3s
	timeout server 30000ms
	timeout server-fin 4s
	timeout queue 8s
	timeout tunnel 60m
	http-reuse safe
	option allbackups
	no option checkcache
	option log-health-checks
	option persist
	option prefer-last-server
	option srvtcpka
	srvtcpka-cnt 4
	srvtcpka-idle 20
	srvtcpka-intvl 5000ms
	option tcp-smart-connect
	no option transparent
	option http-pretend-keepalive
	option accept-invalid-http-response
	option h1-case-adjust-bogus-server
	dynamic-cookie-key s3cr3t
	option external-check
	external-check command /bin/true
	external-check path /usr/bin:/bin
	load-server-state-from-file local
	retry-on conn-failure empty-response 503
	http-send-name-header X-Server
	server s0 127.0.0.1:1 proto fcgi
`
	backendNewerThan26 = []string{"guid", "hash_preserve_affinity", "accept_unsafe_violations_in_http_response", "http-drop-request-trailers", "http-use-htx", "http_proxy"}
)

// keywordMembers lists the JSON members of M's keyword fields.
func keywordMembers[M any]() []string {
	var out []string
	for _, f := range reflect.VisibleFields(reflect.TypeFor[M]()) {
		if _, ok := f.Tag.Lookup("hap"); ok {
			out = append(out, dataplane.JSONName(f))
		}
	}
	return out
}

func TestKeywordSamplesCoverTheModels(t *testing.T) {
	for _, kind := range []struct {
		members []string
		samples map[string]any
	}{
		{keywordMembers[dataplane.Server](), serverSamples}, {keywordMembers[dataplane.Bind](), bindSamples},
		{keywordMembers[dataplane.Frontend](), frontendSamples}, {keywordMembers[dataplane.Backend](), backendSamples},
	} {
		for _, m := range kind.members {
			if _, ok := kind.samples[m]; !ok {
				t.Errorf("no sample value for %q", m)
			}
		}
		if len(kind.samples) != len(kind.members) {
			t.Errorf("%d samples for %d fields", len(kind.samples), len(kind.members))
		}
	}
}

// TestEveryKeywordAgainstHAProxy creates servers and binds with every keyword
// their models declare, over HTTP, against a real HAProxy: those HAProxy 2.6
// knows are accepted (`haproxy -c` passes, HAProxy reloads), read back equal and
// written as HAProxy spells them; each one it does not know is refused with
// HAProxy's own message naming the keyword, and nothing is written.
func TestEveryKeywordAgainstHAProxy(t *testing.T) {
	ports := freePorts(t, 2)
	ta := startAgent(t, baseConfig(ports[0])+"    option httpchk\n    server s0 127.0.0.1:1 check\n\nresolvers dns\n    nameserver n1 127.0.0.1:53\n")
	files := writePKI(t, filepath.Join(filepath.Dir(ta.config), "ssl")) // --ssl-certs-dir's default
	cfgPath := "/v3/services/haproxy/configuration"

	known := func(samples map[string]any, newer []string) []string {
		var out []string
		for m := range samples {
			if !slices.Contains(newer, m) && !slices.Contains(notHere, m) {
				out = append(out, m)
			}
		}
		slices.Sort(out)
		return out
	}
	body := func(base map[string]any, samples map[string]any, members []string) map[string]any {
		b := map[string]any{}
		for k, v := range base {
			b[k] = v
		}
		file := func(v any) any {
			if s, ok := v.(string); ok && strings.HasPrefix(s, "@") {
				return files[s[1:]]
			}
			return v
		}
		for _, m := range members {
			v := samples[m]
			if list, ok := v.([]string); ok {
				var named []any
				for _, s := range list {
					named = append(named, file(s))
				}
				v = named
			}
			b[m] = file(v)
		}
		return b
	}
	// Lines hold at most 64 words: the known keywords go in chunks.
	chunks := func(members []string) [][]string { return slices.Collect(slices.Chunk(members, 24)) }

	for i, members := range chunks(known(serverSamples, serverNewerThan26)) {
		name := fmt.Sprintf("s%d", i+1)
		// ssl and agent-check need their companions (verify, agent-port) on the same line.
		members = append(members, "ssl", "verify", "agent-check", "agent-port")
		b := body(map[string]any{"name": name, "address": "127.0.0.1", "port": 8080 + i}, serverSamples, members)
		b["id"] = 10 + i
		path := fmt.Sprintf("%s/backends/be_app/servers", cfgPath)
		ta.create(path, b)
		assertSame(t, ta.do("GET", path+"/"+name, nil).expect(t, 200).body, b)
	}
	for i, members := range chunks(known(bindSamples, bindNewerThan26)) {
		name := fmt.Sprintf("b%d", i+1)
		members = append(members, "ssl", "ssl_certificate", "ssl_cafile")
		b := body(map[string]any{"name": name, "address": "127.0.0.1", "port": ports[1] + 0}, bindSamples, members)
		if i > 0 {
			b["address"] = fmt.Sprintf("127.0.0.%d", i+1)
		}
		b["id"] = fmt.Sprint(10 + i)
		path := fmt.Sprintf("%s/frontends/fe_main/binds", cfgPath)
		ta.create(path, b)
		assertSame(t, ta.do("GET", path+"/"+name, nil).expect(t, 200).body, b)
	}

	before := ta.file()
	for _, kind := range []struct {
		path    string
		samples map[string]any
		newer   []string
		base    map[string]any
	}{
		{"/backends/be_app/servers", serverSamples, serverNewerThan26, map[string]any{"name": "new", "address": "127.0.0.1", "port": 9000}},
		{"/frontends/fe_main/binds", bindSamples, bindNewerThan26, map[string]any{"name": "new", "address": "127.0.0.1", "port": ports[1], "ssl": true, "ssl_certificate": files["site.pem"]}},
	} {
		for _, m := range kind.newer {
			members := []string{m}
			if n, ok := carriedBy[m]; ok {
				members = append(members, n)
			}
			r := ta.do("POST", fmt.Sprintf("%s%s?version=%d", cfgPath, kind.path, ta.version()), body(kind.base, kind.samples, members))
			r.expect(t, 400)
			if !strings.Contains(string(r.body), "unknown keyword") {
				t.Errorf("%s: want HAProxy's unknown keyword message, got %s", m, r.body)
			}
		}
	}
	if ta.file() != before {
		t.Error("a refused keyword changed the file")
	}
}

// create POSTs b to path and waits for it to be live: 201 when the agent
// applied it through the runtime API, 202 when it waits for a reload.
func (ta *testAgent) create(path string, b map[string]any) {
	ta.t.Helper()
	r := ta.do("POST", fmt.Sprintf("%s?version=%d", path, ta.version()), b)
	switch r.status {
	case 201:
	case 202:
		if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
			ta.t.Fatalf("%s: reload %s", b["name"], st)
		}
	default:
		r.expect(ta.t, 202)
	}
}

// assertSame checks that a GET answered exactly the members that were POSTed.
func assertSame(t *testing.T, got []byte, want map[string]any) {
	t.Helper()
	var have map[string]any
	if err := json.Unmarshal(got, &have); err != nil {
		t.Fatal(err)
	}
	w, _ := json.Marshal(want)
	var norm map[string]any
	json.Unmarshal(w, &norm)
	if !reflect.DeepEqual(have, norm) {
		for k := range norm {
			if !reflect.DeepEqual(have[k], norm[k]) {
				t.Errorf("%s: read back %v, want %v", k, have[k], norm[k])
			}
		}
		for k := range have {
			if _, ok := norm[k]; !ok {
				t.Errorf("%s: read back %v, not sent", k, have[k])
			}
		}
	}
}

// writePKI writes a self-signed certificate with its key, the same certificate
// as a CA file, an empty CRL it signed, a crt-list naming the certificate and TLS
// ticket keys into dir, and returns their paths by name.
func writePKI(t *testing.T, dir string) map[string]string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "keywords test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	keyDER, _ := x509.MarshalECPrivateKey(key)
	crl, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: time.Now().Add(-time.Hour), NextUpdate: time.Now().Add(24 * time.Hour)}, cert, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	var ticketKeys []byte // HAProxy wants at least three
	for range 3 {
		k := make([]byte, 48)
		rand.Read(k)
		ticketKeys = append(ticketKeys, base64.StdEncoding.EncodeToString(k)+"\n"...)
	}
	paths := map[string]string{}
	for name, content := range map[string][]byte{
		"site.pem":     append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})...),
		"ca.pem":       certPEM,
		"crl.pem":      pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: crl}),
		"ticket-keys":  ticketKeys,
		"crt-list.txt": []byte(filepath.Join(dir, "site.pem") + "\n"),
	} {
		paths[name] = filepath.Join(dir, name)
		if err := os.WriteFile(paths[name], content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// TestEverySettingAgainstHAProxy creates a frontend and a backend with every
// setting their models declare, over HTTP, against a real HAProxy: those HAProxy
// 2.6 knows are accepted (`haproxy -c` passes, HAProxy reloads) and read back
// equal, and handwritten sections with the same lines read the same; each one
// it does not know is refused with HAProxy's own message naming it, and nothing
// is written.
func TestEverySettingAgainstHAProxy(t *testing.T) {
	const handState = "/nonexistent/be_hand.state" // a handwritten line names any file
	config := strings.Replace(baseConfig(freePorts(t, 1)[0]), "global\n", "global\n    external-check\n    insecure-fork-wanted\n", 1) +
		"\ndefaults base\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n" +
		"\nfcgi-app php\n    docroot /var/www\n\n" + frontendHandwritten + "\n" + fmt.Sprintf(backendHandwritten, handState)
	ta := startAgent(t, config)
	general := filepath.Join(filepath.Dir(ta.config), "general") // --general-storage-dir's default
	if err := os.MkdirAll(general, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"be.state": filepath.Join(general, "be.state")}

	body := func(name string, samples map[string]any, members []string) map[string]any {
		b := map[string]any{"name": name}
		for _, m := range members {
			v := samples[m]
			if s, ok := v.(string); ok && strings.HasPrefix(s, "@") {
				v = files[s[1:]]
			}
			b[m] = v
		}
		return b
	}
	known := func(samples map[string]any, newer []string) []string {
		var out []string
		for m := range samples {
			if !slices.Contains(newer, m) {
				out = append(out, m)
			}
		}
		return out
	}

	fe := body("fe_all", frontendSamples, known(frontendSamples, frontendNewerThan26))
	fe["from"] = "base"                                         // on the header, `frontend fe_all from base`
	fe["metadata"] = map[string]any{"comment": "every setting"} // the header's comment, as fe_hand's
	ta.create(cfgPath+"/frontends", fe)
	assertSame(t, ta.do("GET", cfgPath+"/frontends/fe_all", nil).expect(t, 200).body, fe)
	fe["name"], fe["id"] = "fe_hand", 102 // ids are unique
	assertSame(t, ta.do("GET", cfgPath+"/frontends/fe_hand", nil).expect(t, 200).body, fe)

	// use-fcgi-app needs a server of the FastCGI protocol: the backend and its
	// server go in one transaction.
	be := body("be_all", backendSamples, known(backendSamples, backendNewerThan26))
	be["from"] = "base"
	be["hash_type"] = map[string]any{"method": "consistent", "function": "sdbm", "modifier": "avalanche"}
	var tx dataplane.Transaction
	ta.do("POST", fmt.Sprintf("/v3/services/haproxy/transactions?version=%d", ta.version()), nil).expect(t, 201).json(t, &tx)
	ta.do("POST", cfgPath+"/backends?transaction_id="+tx.ID, be).expect(t, 202)
	ta.do("POST", cfgPath+"/backends/be_all/servers?transaction_id="+tx.ID, map[string]any{"name": "s0", "address": "127.0.0.1", "port": 1, "proto": "fcgi"}).expect(t, 202)
	r := ta.do("PUT", "/v3/services/haproxy/transactions/"+tx.ID, nil).expect(t, 202)
	if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
		t.Fatalf("reload %s", st)
	}
	assertSame(t, ta.do("GET", cfgPath+"/backends/be_all", nil).expect(t, 200).body, be)
	be["name"], be["id"], be["server_state_file_name"] = "be_hand", 202, handState
	assertSame(t, ta.do("GET", cfgPath+"/backends/be_hand", nil).expect(t, 200).body, be)

	before := ta.file()
	for _, kind := range []struct {
		path    string
		samples map[string]any
		newer   []string
		words   map[string]string
	}{
		{"/frontends", frontendSamples, frontendNewerThan26, settingWords[dataplane.Frontend]()},
		{"/backends", backendSamples, backendNewerThan26, settingWords[dataplane.Backend]()},
	} {
		for _, m := range kind.newer {
			r := ta.do("POST", fmt.Sprintf("%s%s?version=%d", cfgPath, kind.path, ta.version()), body("new", kind.samples, []string{m}))
			r.expect(t, 400)
			if w := kind.words[m]; !strings.Contains(string(r.body), "'"+w+"'") {
				t.Errorf("%s: want HAProxy's message naming %q, got %s", m, w, r.body)
			}
		}
	}
	// use_small_buffers is a line of its own words, not a tagged setting.
	r = ta.do("POST", fmt.Sprintf("%s/backends?version=%d", cfgPath, ta.version()),
		map[string]any{"name": "new", "use_small_buffers": map[string]any{"enabled": "enabled", "queue": true, "check": true}})
	r.expect(t, 400)
	if !strings.Contains(string(r.body), "'use-small-buffers'") {
		t.Errorf("use_small_buffers: want HAProxy's message naming 'use-small-buffers', got %s", r.body)
	}
	if ta.file() != before {
		t.Error("a refused setting changed the file")
	}
}

// settingWords maps the JSON member of each setting of M to the word HAProxy's
// messages name it by: the last word of its keyword.
func settingWords[M any]() map[string]string {
	out := map[string]string{}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[M]()) {
		if tag, ok := f.Tag.Lookup("hap"); ok {
			words, _, _ := strings.Cut(tag, ",")
			w := strings.Fields(words)
			out[dataplane.JSONName(f)] = w[len(w)-1]
		}
	}
	return out
}
