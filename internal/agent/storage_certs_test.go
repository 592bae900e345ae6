package agent

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcerttest"
)

const certsPath = "/v3/services/haproxy/storage/ssl_certificates"

// upload POSTs a certificate file as the official clients do: multipart, the
// file in the part file_upload, its storage name the part's file name.
func (ta *testAgent) upload(query, filename string, data []byte) response {
	ta.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file_upload"; filename=%q`, filename))
	h.Set("Content-Type", "text/plain")
	part, err := mw.CreatePart(h)
	if err != nil {
		ta.t.Fatal(err)
	}
	part.Write(data)
	mw.Close()
	return ta.doAs(testUser, testPassword, "POST", certsPath+query, body.String(), mw.FormDataContentType())
}

// putCert replaces a stored certificate with a text/plain body.
func (ta *testAgent) putCert(name, query string, data []byte) response {
	ta.t.Helper()
	return ta.doAs(testUser, testPassword, "PUT", certsPath+"/"+name+query, string(data), "text/plain")
}

// logBuffer is the agent's log, as text, for tests that read it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startLoggingAgent is startAgent with the agent's log, at debug level, kept.
func startLoggingAgent(t *testing.T, config string) (*testAgent, *logBuffer) {
	logs := &logBuffer{}
	ta := startAgentWith(t, config, Options{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	return ta, logs
}

// keyLines are the base64 lines of the keys' PEM: what no answer or log may hold.
func keyLines(certs ...sslcerttest.Cert) []string {
	var out []string
	for _, c := range certs {
		for _, l := range strings.Split(string(c.KeyPEM), "\n") {
			if l != "" && !strings.HasPrefix(l, "-----") {
				out = append(out, l)
			}
		}
	}
	return out
}

func noKeyIn(t *testing.T, what, text string, certs ...sslcerttest.Cert) {
	t.Helper()
	for _, l := range keyLines(certs...) {
		if strings.Contains(text, l) {
			t.Errorf("%s holds a private key's line %q", what, l)
		}
	}
}

// masterReloads is HAProxy's own count of its reloads.
func (ta *testAgent) masterReloads() int {
	ta.t.Helper()
	procs, err := ta.agent.opts.Master.Processes(context.Background())
	if err != nil {
		ta.t.Fatal(err)
	}
	return procs[0].Reloads
}

// servedSerial is the serial number of the certificate a new TLS connection
// to addr is served.
func servedSerial(t *testing.T, addr string) string {
	t.Helper()
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.String()
}

// noKey fails when an answer holds a private key.
func noKey(t *testing.T, r response) {
	t.Helper()
	if bytes.Contains(r.body, []byte("PRIVATE KEY")) || bytes.Contains(r.body, []byte("-----BEGIN")) {
		t.Fatalf("%s %s answered PEM data: %s", r.request.Method, r.request.URL, r.body)
	}
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// TestSSLCertificateStorage: a certificate is stored (201, mode 0600, no
// reload while nothing loads it), listed and described without its key;
// a new bind loads it with a reload; a replace of the loaded certificate
// reaches new TLS connections through the runtime API with no reload; bad
// files and names are refused with nothing written and nothing changed in
// HAProxy; a delete is refused while a bind loads the file, and done once none
// does.
func TestSSLCertificateStorage(t *testing.T) {
	ports := freePorts(t, 2)
	ta, logs := startLoggingAgent(t, baseConfig(ports[0]))
	dir := filepath.Join(filepath.Dir(ta.config), "ssl")
	site := filepath.Join(dir, "site.pem")
	first := sslcerttest.New(t, sslcerttest.Template{CommonName: "first.test", DNSNames: []string{"first.test"}})
	second := sslcerttest.New(t, sslcerttest.Template{CommonName: "second.test"})
	var list []dataplane.SSLCertificate
	ta.do("GET", certsPath, nil).expect(t, 200).json(t, &list)
	if len(list) != 0 {
		t.Fatalf("listed %+v in an empty storage", list)
	}

	// Stored: nothing loads it, so nothing reloads.
	r := ta.upload("", "site.pem", first.PEM()).expect(t, 201)
	noKey(t, r)
	var got dataplane.SSLCertificate
	r.json(t, &got)
	if got.StorageName != "site.pem" || got.File != site || got.Serial != first.Cert.SerialNumber.String() ||
		got.Subject != "first.test" || got.Size == nil || *got.Size != int64(len(first.PEM())) || got.Sha256FingerPrint == "" {
		t.Errorf("created %+v", got)
	}
	if id := r.header.Get("Reload-ID"); id != "" {
		t.Errorf("storing an unused certificate scheduled reload %s", id)
	}
	if data, _ := os.ReadFile(site); !bytes.Equal(data, first.PEM()) {
		t.Errorf("the stored file is not the upload")
	}
	if m := fileMode(t, site); m != 0o600 {
		t.Errorf("mode %o, want 600", m)
	}
	ta.upload("", "site.pem", second.PEM()).expect(t, 409)
	r = ta.do("GET", certsPath, nil).expect(t, 200)
	noKey(t, r)
	r.json(t, &list)
	if len(list) != 1 || list[0].StorageName != "site.pem" || list[0].Serial != got.Serial {
		t.Errorf("listed %+v", list)
	}
	r = ta.do("GET", certsPath+"/site.pem", nil).expect(t, 200)
	noKey(t, r)
	r.json(t, &got)
	if got.StorageName != "site.pem" || got.Serial != first.Cert.SerialNumber.String() {
		t.Errorf("read %+v", got)
	}
	ta.do("GET", certsPath+"/nope.pem", nil).expect(t, 404)
	ta.putCert("nope.pem", "", second.PEM()).expect(t, 404)
	ta.do("DELETE", certsPath+"/nope.pem", nil).expect(t, 404)

	// A new bind loads it: the normal path, a reload.
	tlsAddr := fmt.Sprintf("127.0.0.1:%d", ports[1])
	r = ta.do("POST", fmt.Sprintf("%s/frontends/fe_main/binds?version=%d", cfgPath, ta.version()),
		dataplane.Bind{Name: "tls", Address: "127.0.0.1", Port: ptr(int64(ports[1])), SSL: true, SSLCertificate: site}).expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != "succeeded" {
		t.Fatalf("the reload that adds the TLS bind %s", s)
	}
	if s := servedSerial(t, tlsAddr); s != first.Cert.SerialNumber.String() {
		t.Fatalf("the bind serves serial %s, want %s", s, first.Cert.SerialNumber)
	}

	// Replaced while HAProxy serves it: through the runtime API, no reload.
	reloads, agentReloads := ta.masterReloads(), len(ta.agent.reloads.list())
	r = ta.putCert("site.pem", "", second.PEM()).expect(t, 200)
	noKey(t, r)
	r.json(t, &got)
	if got.Serial != second.Cert.SerialNumber.String() || r.header.Get("Reload-ID") != "" {
		t.Errorf("replaced: %+v, Reload-ID %q", got, r.header.Get("Reload-ID"))
	}
	if s := servedSerial(t, tlsAddr); s != second.Cert.SerialNumber.String() {
		t.Errorf("after the replace, new connections are served serial %s, want %s", s, second.Cert.SerialNumber)
	}
	if n, m := ta.masterReloads(), len(ta.agent.reloads.list()); n != reloads || m != agentReloads {
		t.Errorf("the replace reloaded: HAProxy counts %d reloads (was %d), the agent %d (was %d)", n, reloads, m, agentReloads)
	}
	if data, _ := os.ReadFile(site); !bytes.Equal(data, second.PEM()) {
		t.Errorf("the replace was not persisted")
	}
	if !strings.Contains(logs.String(), "runtime certificate change") {
		t.Errorf("the agent's log does not record the runtime change:\n%s", logs)
	}
	if m := fileMode(t, site); m != 0o600 {
		t.Errorf("mode %o after the replace, want 600", m)
	}

	// Refused: nothing written, nothing changed in HAProxy.
	other := sslcerttest.New(t, sslcerttest.Template{CommonName: "other.test"})
	mismatched := append(append([]byte{}, first.CertPEM...), other.KeyPEM...)
	weak := sslcerttest.New(t, sslcerttest.Template{CommonName: "weak.test", RSABits: 1024}) // under OpenSSL's default security level
	refusals := []struct {
		name   string
		send   func() response
		status int
		want   string
	}{
		{"replace with text", func() response { return ta.putCert("site.pem", "", []byte("not a certificate\n")) }, 400, "no PEM block"},
		{"replace with a key that is not the certificate's", func() response { return ta.putCert("site.pem", "", mismatched) }, 400, "does not match"},
		{"replace with a key alone", func() response { return ta.putCert("site.pem", "", other.KeyPEM) }, 400, "no certificate"},
		{"replace with a key HAProxy finds too small", func() response { return ta.putCert("site.pem", "", weak.PEM()) }, 400, "HAProxy cannot use the certificate"},
		{"store a broken file", func() response { return ta.upload("", "broken.pem", first.PEM()[:200]) }, 400, "do not parse"},
		{"store a key that is not the certificate's", func() response { return ta.upload("", "mismatched.pem", mismatched) }, 400, "does not match"},
		{"store under a path", func() response { return ta.upload("", "../escape.pem", other.PEM()) }, 400, "not a plain file name"},
		{"store in a directory", func() response { return ta.upload("", "sub/x.pem", other.PEM()) }, 400, "not a plain file name"},
		{"store with a control character", func() response { return ta.upload("", "x\x01.pem", other.PEM()) }, 400, "not a plain file name"},
		{"store with no name", func() response { return ta.upload("", "", other.PEM()) }, 400, "not a plain file name"},
		{"replace ..", func() response { return ta.putCert("%2E%2E", "", other.PEM()) }, 400, "not a plain file name"},
		{"replace with a blank in the name", func() response { return ta.putCert("a%20b.pem", "", other.PEM()) }, 400, "not a plain file name"},
		{"skip and force", func() response { return ta.putCert("site.pem", "?skip_reload=true&force_reload=true", other.PEM()) }, 400, "together"},
		{"a JSON body", func() response {
			return ta.doAs(testUser, testPassword, "PUT", certsPath+"/site.pem", `{"file":"x"}`, "application/json")
		}, 415, "text/plain"},
		{"a form without the part", func() response {
			return ta.doAs(testUser, testPassword, "POST", certsPath, "--b--\r\n", "multipart/form-data; boundary=b")
		}, 400, "file_upload"},
		{"delete what a bind loads", func() response { return ta.do("DELETE", certsPath+"/site.pem", nil) }, 409, "frontend fe_main"},
	}
	entries := func() []string {
		es, _ := os.ReadDir(dir)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	before := entries()
	for _, tc := range refusals {
		r := tc.send().expect(t, tc.status)
		var e errorBody
		r.json(t, &e)
		if !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s: %q does not say %q", tc.name, e.Message, tc.want)
		}
		if strings.Contains(e.Message, "PRIVATE KEY") || strings.Contains(e.Message, strings.Split(string(other.KeyPEM), "\n")[1]) {
			t.Errorf("%s: the message quotes the key: %s", tc.name, e.Message)
		}
	}
	if after := entries(); !slices.Equal(after, before) {
		t.Errorf("the refusals changed the directory: %v, was %v", after, before)
	}
	if data, _ := os.ReadFile(site); !bytes.Equal(data, second.PEM()) {
		t.Errorf("a refusal changed the stored file")
	}
	if s := servedSerial(t, tlsAddr); s != second.Cert.SerialNumber.String() {
		t.Errorf("after the refusals, HAProxy serves serial %s, want %s", s, second.Cert.SerialNumber)
	}

	// An expired certificate is stored, with a warning.
	expired := sslcerttest.New(t, sslcerttest.Template{CommonName: "old.test", NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)})
	r = ta.upload("", "old.pem", expired.PEM()).expect(t, 201)
	if w := r.header.Get("Warning"); !strings.HasPrefix(w, "299 - ") || !strings.Contains(w, "expired at") {
		t.Errorf("Warning header %q, want one saying it expired", w)
	}
	// Unused: deleted, no reload.
	r = ta.do("DELETE", certsPath+"/old.pem", nil).expect(t, 204)
	if _, err := os.Stat(filepath.Join(dir, "old.pem")); !os.IsNotExist(err) {
		t.Errorf("the deleted file is still there: %v", err)
	}

	// Once no bind loads it, it is deleted.
	r = ta.do("DELETE", fmt.Sprintf("%s/frontends/fe_main/binds/tls?version=%d", cfgPath, ta.version()), nil).expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != "succeeded" {
		t.Fatalf("the reload that removes the TLS bind %s", s)
	}
	ta.do("DELETE", certsPath+"/site.pem", nil).expect(t, 204)
	if names := entries(); len(names) != 0 {
		t.Errorf("left in the directory: %v", names)
	}
	noKeyIn(t, "the agent's log", logs.String(), first, second, other, expired)
}

// TestSSLCertificateReplaceFallsBackToAReload: when the runtime API cannot
// take the certificate (a chain longer than the CLI's buffer), the file is
// written and a reload loads it (202, Reload-ID), and new connections see it.
// A new certificate in a directory a bind loads is checked by HAProxy and
// loaded by a reload, or refused with nothing left behind. A certificate a
// crt-list or a crt directory loads is refused deletion, naming them.
func TestSSLCertificateReplaceFallsBackToAReload(t *testing.T) {
	ports := freePorts(t, 3)
	ta, logs := startLoggingAgent(t, baseConfig(ports[0]))
	dir := filepath.Join(filepath.Dir(ta.config), "ssl")
	first := sslcerttest.New(t, sslcerttest.Template{CommonName: "first.test"})
	ta.upload("", "site.pem", first.PEM()).expect(t, 201)
	list := filepath.Join(filepath.Dir(ta.config), "site.list")
	writeFile(t, list, filepath.Join(dir, "site.pem")+" first.test\n")
	raw := ta.file() + fmt.Sprintf("\nfrontend fe_tls\n    bind 127.0.0.1:%d ssl crt-list %s\n    default_backend be_app\n", ports[1], list) +
		fmt.Sprintf("\nfrontend fe_dir\n    bind 127.0.0.1:%d ssl crt %s\n    default_backend be_app\n", ports[2], dir)
	r := ta.doAs(testUser, testPassword, "POST", fmt.Sprintf("%s/raw?version=%d", cfgPath, ta.version()), raw, "text/plain").expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != "succeeded" {
		t.Fatalf("the reload that adds the TLS binds %s", s)
	}
	tlsAddr := fmt.Sprintf("127.0.0.1:%d", ports[1])
	if s := servedSerial(t, tlsAddr); s != first.Cert.SerialNumber.String() {
		t.Fatalf("served serial %s, want %s", s, first.Cert.SerialNumber)
	}

	// A leaf with a long chain after it: more than the CLI reads in one buffer.
	ca := sslcerttest.New(t, sslcerttest.Template{CommonName: "Test CA", IsCA: true})
	long := sslcerttest.New(t, sslcerttest.Template{CommonName: "long.test", Parent: &ca})
	data := append([]byte{}, long.CertPEM...)
	for len(data) < 40<<10 {
		data = append(data, ca.CertPEM...)
	}
	data = append(data, long.KeyPEM...)
	r = ta.putCert("site.pem", "", data).expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != "succeeded" {
		t.Fatalf("the fallback reload %s", s)
	}
	if s := servedSerial(t, tlsAddr); s != long.Cert.SerialNumber.String() {
		t.Errorf("after the fallback, served serial %s, want %s", s, long.Cert.SerialNumber)
	}
	if !strings.Contains(logs.String(), "runtime API could not replace the certificate; reloading instead") {
		t.Errorf("the replace did not try the runtime API first:\n%s", logs)
	}
	if m := fileMode(t, filepath.Join(dir, "site.pem")); m != 0o600 {
		t.Errorf("mode %o, want 600", m)
	}

	// New in the directory fe_dir loads: checked by HAProxy, then reloaded.
	weak := sslcerttest.New(t, sslcerttest.Template{CommonName: "weak.test", RSABits: 1024})
	var e errorBody
	ta.upload("", "weak.pem", weak.PEM()).expect(t, 400).json(t, &e)
	if !strings.Contains(e.Message, "validation error") {
		t.Errorf("the refusal of a key HAProxy finds too small: %q", e.Message)
	}
	if _, err := os.Stat(filepath.Join(dir, "weak.pem")); !os.IsNotExist(err) {
		t.Errorf("the refused file was left: %v", err)
	}
	added := sslcerttest.New(t, sslcerttest.Template{CommonName: "added.test", DNSNames: []string{"added.test"}})
	r = ta.upload("", "added.pem", added.PEM()).expect(t, 202)
	if s := ta.waitReload(r.header.Get("Reload-ID")); s != "succeeded" {
		t.Fatalf("the reload that loads the new certificate %s", s)
	}
	loaded, err := ta.agent.runtime.LoadedCertificates(context.Background())
	if err != nil || !slices.Contains(loaded, filepath.Join(dir, "added.pem")) {
		t.Errorf("HAProxy loaded %q (%v), want added.pem among them", loaded, err)
	}

	e = errorBody{}
	ta.do("DELETE", certsPath+"/site.pem", nil).expect(t, 409).json(t, &e)
	if !strings.Contains(e.Message, "crt-list "+list) || !strings.Contains(e.Message, "frontend fe_tls") || !strings.Contains(e.Message, "frontend fe_dir") {
		t.Errorf("the refusal %q does not name the crt-list, the directory and their binds", e.Message)
	}
	noKeyIn(t, "the agent's log", logs.String(), first, long, weak, added)
}

// TestSSLCertificateAnswersMatchTheDocument: the storage's requests and
// answers, refusals included, are what the served OpenAPI document says.
func TestSSLCertificateAnswersMatchTheDocument(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	_, router := loadSpec(t, ta)
	v := &validating{t: t, router: router, next: ta.client.Transport, seen: map[string]bool{}}
	ta.client = &http.Client{Transport: v}
	c := sslcerttest.New(t, sslcerttest.Template{CommonName: "doc.test"})
	ta.upload("", "doc.pem", c.PEM()).expect(t, 201)
	ta.upload("", "doc.pem", c.PEM()).expect(t, 409)
	ta.upload("?force_reload=true", "forced.pem", c.PEM()).expect(t, 201)
	ta.do("GET", certsPath, nil).expect(t, 200)
	ta.do("GET", certsPath+"/doc.pem", nil).expect(t, 200)
	ta.putCert("doc.pem", "?skip_reload=true", c.PEM()).expect(t, 200)
	ta.putCert("doc.pem", "", []byte("no\n")).expect(t, 400)
	ta.do("DELETE", certsPath+"/doc.pem", nil).expect(t, 204)
	ta.do("DELETE", certsPath+"/forced.pem?force_reload=true", nil).expect(t, 204)
	ta.do("GET", certsPath+"/doc.pem", nil).expect(t, 404)
	if len(v.seen) != 5 {
		t.Errorf("%d of the storage's 5 operations exercised: %v", len(v.seen), v.seen)
	}
}
