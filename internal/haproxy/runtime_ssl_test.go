package haproxy

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestParseLoadedCertificates reads `show ssl cert` as HAProxy 2.6 writes it,
// with and without a transaction in progress.
func TestParseLoadedCertificates(t *testing.T) {
	for ans, want := range map[string][]string{
		"# filename\n/etc/haproxy/ssl/site.pem\n\n":                          {"/etc/haproxy/ssl/site.pem"},
		"# transaction\n*/ssl/a.pem\n# filename\n/ssl/a.pem\n/ssl/b.pem\n\n": {"/ssl/a.pem", "/ssl/b.pem"},
		"# filename\n\n": {},
	} {
		if got := parseLoadedCertificates(ans); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", ans, got, want)
		}
	}
}

// TestWorkerPayloadRefusesWhatWouldEndItEarly: a payload with an empty line
// (which would end it, the rest read as commands), a carriage return, or
// nothing, is refused before anything is sent, and the error does not quote
// the payload; a command name no one word is refused too.
func TestWorkerPayloadRefusesWhatWouldEndItEarly(t *testing.T) {
	m := &Master{Socket: "/nonexistent/master.sock"}
	for _, payload := range []string{"", "\n", "SECRET\n\nshow proc", "\nSECRET", "SECRET\r\nSECRET"} {
		_, err := m.WorkerPayload(context.Background(), "set ssl cert /x.pem", payload)
		if err == nil || strings.Contains(err.Error(), "no such file") || strings.Contains(err.Error(), "connect") {
			t.Errorf("%q: %v, want a refusal before sending", payload, err)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%q: the error quotes the payload: %v", payload, err)
		}
	}
	rt := &Runtime{Master: m}
	for _, name := range []string{"", "/ssl/a b.pem", "/ssl/a;show proc", "/ssl/a\n.pem", `/ssl/"a".pem`} {
		if err := rt.SetCertificate(context.Background(), name, "x"); !errors.Is(err, ErrInvalidName) {
			t.Errorf("certificate %q: %v, want ErrInvalidName", name, err)
		}
	}
}

// TestCommandEndingInThePayloadMarkIsRefused: a command sent without a payload
// that ends with "<<" (a value from a request may) is refused before anything
// is sent, as a bad value: the CLI would wait for a payload and not run it.
func TestCommandEndingInThePayloadMarkIsRefused(t *testing.T) {
	m := &Master{Socket: "/nonexistent/master.sock"}
	_, err := m.Worker(context.Background(), "set server be/s weight 1<<")
	if !errors.Is(err, ErrInvalidValue) {
		t.Fatalf("a command ending in <<: %v, want ErrInvalidValue before sending", err)
	}
}
