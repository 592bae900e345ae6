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
		"cc": "cubic", "ktls": "on", "quic-cc-algo": "cubic",
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
		"quic-force-retry": true, "quic-socket": "connection", "quic-cc-algo": "cubic",
		"namespace": "ns1",
	}
	// The keywords HAProxy 2.6 answers "unknown keyword" to.
	serverNewerThan26 = []string{
		"check_sni_auto", "check-reuse-pool", "check-pool-conn-name", "init-state", "pool_conn_name", "idle_ping",
		"tcp_md5sig", "hash_key", "guid", "shard", "strict-maxconn", "log-bufsize", "renegotiate", "client_sigalgs",
		"sigalgs", "curves", "no_verifyhost", "sni_auto", "cc", "ktls", "quic-cc-algo",
	}
	bindNewerThan26 = []string{
		"label", "nbconn", "guid_prefix", "tcp_md5sig", "tcp_ss", "idle_ping", "client_sigalgs", "sigalgs", "no_alpn",
		"cc", "ktls", "quic-force-retry", "quic-socket", "quic-cc-algo",
	}
	notHere = []string{"namespace"}
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
	}{{keywordMembers[dataplane.Server](), serverSamples}, {keywordMembers[dataplane.Bind](), bindSamples}} {
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
		for _, m := range members {
			v := samples[m]
			if s, ok := v.(string); ok && strings.HasPrefix(s, "@") {
				v = files[s[1:]]
			}
			b[m] = v
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
			r := ta.do("POST", fmt.Sprintf("%s%s?version=%d", cfgPath, kind.path, ta.version()), body(kind.base, kind.samples, []string{m}))
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
