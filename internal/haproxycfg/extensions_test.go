package haproxycfg

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// handwrittenExtensions has the lines of handwritten configs that the official
// models lack and ours hold as extensions (sections.go, models_global.go).
const handwrittenExtensions = `global
    unix-bind   mode 0400  # sockets
    stats bind-process 1
frontend fe
    bind :80
    redirect scheme https code 301 if !{ ssl_fc }
    capture cookie   SEEN= len 10
    capture request header Host len 32
    capture request header User-Agent len 64
    capture response header Location  len 20
    stats scope   .
    redirect   prefix /pfx  drop-query if { path_beg /old }
backend be
    balance
    dispatch 127.0.0.1:8080
    redirect location /moved
`

// TestExtensionLinesAreOwned: each of those lines is read into its member,
// as spelled, in file order; no line is left without an owner.
func TestExtensionLinesAreOwned(t *testing.T) {
	c := Parse([]byte(handwrittenExtensions))
	if u := Unowned(c); len(u) > 0 {
		t.Errorf("unowned: %+v", u[0].Line.content())
	}
	fe := must[frontend](t)(Frontends.Get(c, "fe"))
	if want := []string{"scheme https code 301 if !{ ssl_fc }", "prefix /pfx  drop-query if { path_beg /old }"}; !slices.Equal(fe.Redirects, want) {
		t.Errorf("redirects %q, want %q", fe.Redirects, want)
	}
	if fe.CaptureCookie != "SEEN= len 10" || !slices.Equal(fe.CaptureRequestHeaders, []string{"Host len 32", "User-Agent len 64"}) ||
		!slices.Equal(fe.CaptureResponseHeaders, []string{"Location  len 20"}) {
		t.Errorf("captures %q %q %q", fe.CaptureCookie, fe.CaptureRequestHeaders, fe.CaptureResponseHeaders)
	}
	if fe.StatsOptions == nil || !slices.Equal(fe.StatsOptions.StatsScopes, []string{"."}) {
		t.Errorf("stats scopes: %+v", fe.StatsOptions)
	}
	be := must[backend](t)(Backends.Get(c, "be"))
	if be.Balance == nil || be.Balance.Algorithm != "roundrobin" || be.Dispatch != "127.0.0.1:8080" || !slices.Equal(be.Redirects, []string{"location /moved"}) {
		t.Errorf("backend: balance %+v, dispatch %q, redirects %q", be.Balance, be.Dispatch, be.Redirects)
	}
	g := GlobalView.Get(c)
	if g.UnixBind != "mode 0400" || g.StatsBindProcess != "1" {
		t.Errorf("global: unix_bind %q, stats_bind_process %q", g.UnixBind, g.StatsBindProcess)
	}
}

// TestExtensionLinesEdit: the same model changes no byte (a bare balance
// stays bare); a redirect added is one line added, the others kept as written;
// a line that would not read back, or that holds a newline, is refused.
func TestExtensionLinesEdit(t *testing.T) {
	c := Parse([]byte(handwrittenExtensions))
	fe := must[frontend](t)(Frontends.Get(c, "fe"))
	be := must[backend](t)(Backends.Get(c, "be"))
	if err := firstError(Frontends.Replace(c, fe), Backends.Replace(c, be), GlobalView.Replace(c, GlobalView.Get(c))); err != nil {
		t.Fatal(err)
	}
	if got := string(c.Bytes()); got != handwrittenExtensions {
		t.Fatalf("the same models rewrote the file:\n%s", got)
	}
	fe.Redirects = append(fe.Redirects, "location /new if { path /x }")
	if err := Frontends.Replace(c, fe); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(handwrittenExtensions, "drop-query if { path_beg /old }\n", "drop-query if { path_beg /old }\n    redirect location /new if { path /x }\n", 1)
	if got := string(c.Bytes()); got != want {
		t.Errorf("adding a redirect:\n%s\nwant\n%s", got, want)
	}
	for _, bad := range []string{"location /a\n    server x 1.2.3.4:80", "location /a # cut", "location 'open"} {
		e := c.Clone()
		f := fe
		f.Redirects = []string{bad}
		err := Frontends.Replace(e, f)
		var fieldErr *FieldError
		if err == nil || !errors.As(err, &fieldErr) && !errors.Is(err, ErrReadBack) {
			t.Errorf("redirect %q: %v, want a refusal", bad, err)
		}
	}
	g := GlobalView.Get(c)
	g.UnixBind = "mode 0400\nuser root"
	if err := GlobalView.Replace(c.Clone(), g); err == nil {
		t.Error("a unix-bind with a newline was accepted")
	}
}

// TestServerPortZeroIsNoPort: `:0` is no port to HAProxy (the client's port is
// used), so it reads as unset, and the same model keeps the line as written.
func TestServerPortZeroIsNoPort(t *testing.T) {
	const cfg = "backend be\n    server s1 127.0.0.1:0 check\n"
	c := Parse([]byte(cfg))
	s := must[dataplane.Server](t)(Servers.Get(c, "be", "s1"))
	if s.Port != nil || s.Address != "127.0.0.1" {
		t.Fatalf("address %q port %v, want 127.0.0.1 and no port", s.Address, s.Port)
	}
	if err := Servers.Replace(c, "be", s); err != nil {
		t.Fatal(err)
	}
	if got := string(c.Bytes()); got != cfg {
		t.Fatalf("the same server rewrote its line:\n%s", got)
	}
}
