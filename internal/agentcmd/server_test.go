package agentcmd

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"testing"
	"time"
)

// TestSlowBodyIsCutOff: a client that sends a request's headers and then stalls
// its body is disconnected by the server Run builds, after --read-timeout. The
// test waits for the disconnection and fails only if the connection is still
// open after ten times the timeout.
func TestSlowBodyIsCutOff(t *testing.T) {
	const timeout = 300 * time.Millisecond
	f, err := Parse([]string{"--config", "c", "--users-file", "u", "--read-timeout", timeout.String()}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	handled := make(chan error, 1)
	srv := f.server(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body) // as the agent decodes a body
		handled <- err
		http.Error(w, "body", http.StatusBadRequest)
	}), nil, slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v3/services/haproxy/configuration/backends?version=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":")
	if err := conn.SetReadDeadline(time.Now().Add(10 * timeout)); err != nil {
		t.Fatal(err)
	}
	// Whatever the server answers, it then closes: reading ends with EOF or a reset.
	_, err = io.Copy(io.Discard, conn)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the connection is still open %s after the body stalled (read timeout %s)", 10*timeout, timeout)
	}
	select {
	case err := <-handled:
		if err == nil {
			t.Fatal("the handler read a whole body that was never sent")
		}
	default:
		t.Fatal("the connection closed before the handler ran")
	}
}

// TestServerTimeouts: the documented defaults.
func TestServerTimeouts(t *testing.T) {
	f, err := Parse([]string{"--config", "c", "--users-file", "u"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	srv := f.server(http.NotFoundHandler(), nil, slog.New(slog.DiscardHandler))
	if srv.ReadTimeout != 30*time.Second || srv.ReadHeaderTimeout != 10*time.Second || srv.WriteTimeout != 0 {
		t.Fatalf("read %s, header %s, write %s", srv.ReadTimeout, srv.ReadHeaderTimeout, srv.WriteTimeout)
	}
	if _, err := Parse([]string{"--config", "c", "--users-file", "u", "--read-timeout", "0s"}, io.Discard); err == nil {
		t.Fatal("a zero --read-timeout was accepted")
	}
}
