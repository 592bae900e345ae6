package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gatedValidator accepts every candidate, but only when the test lets it:
// each call is announced on started, with the candidate, and waits for
// release; after quit, at once.
type gatedValidator struct {
	started chan string
	release chan struct{}
	quit    chan struct{}
}

func (v *gatedValidator) Validate(ctx context.Context, config []byte) error {
	select {
	case v.started <- string(config):
		select {
		case <-v.release:
		case <-v.quit:
		}
	case <-v.quit:
	}
	return nil
}

// gatedEngine opens an engine over one backend, validating with a
// gatedValidator, with the batch window given (0: the default).
func gatedEngine(t *testing.T, window time.Duration) (*Engine, *gatedValidator) {
	dir := t.TempDir()
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte("backend be_api\n    balance roundrobin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	v := &gatedValidator{started: make(chan string), release: make(chan struct{}), quit: make(chan struct{})}
	e, err := Open(Options{ConfigPath: path, StateDir: filepath.Join(dir, "state"), Validator: v, BatchWindow: window})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		close(v.quit) // before Close, which waits for the validation under way
		e.Close()
	})
	return e, v
}

// TestBatchWaitsForTheWritersItAnswered: after a batch of several writes, the
// next one waits for as many writes as were outstanding when it ended (its
// own writers' next writes, and those queued), so that writers who write
// again at once share a validation with those who queued meanwhile. A lone
// writer never waits. The window is an hour: a wait that the expected writes
// do not end would fail the test at its deadline.
func TestBatchWaitsForTheWritersItAnswered(t *testing.T) {
	e, v := gatedEngine(t, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	results := make(chan error, 10)
	write := func(i int) {
		go func() {
			version, err := e.Version()
			if err == nil {
				_, err = e.Write(ctx, Write{Version: version, Change: createServer("be_api", server(fmt.Sprintf("s%d", i), int64(20000+i)))})
			}
			results <- err
		}()
	}
	validation := func(want ...int) {
		t.Helper()
		select {
		case cand := <-v.started:
			for _, i := range want {
				if !strings.Contains(cand, fmt.Sprintf("server s%d ", i)) {
					t.Fatalf("the validation holds no server s%d; want servers %v in one batch:\n%s", i, want, cand)
				}
			}
		case <-ctx.Done():
			t.Fatalf("no validation of servers %v: the batch waits for writes that came", want)
		}
	}
	done := func(n int) {
		t.Helper()
		v.release <- struct{}{}
		for range n {
			if err := <-results; err != nil {
				t.Fatal(err)
			}
		}
	}
	queued := func(n int) {
		t.Helper()
		for len(e.queue) < n {
			if ctx.Err() != nil {
				t.Fatalf("%d writes queued, want %d", len(e.queue), n)
			}
			time.Sleep(time.Millisecond)
		}
	}

	// Lone writers, one after the other: no window.
	write(1)
	validation(1)
	done(1)
	write(2)
	validation(2)
	done(1)

	// Two writes queue while one validates; they are the next batch.
	write(3)
	validation(3)
	write(4)
	write(5)
	queued(2)
	done(1)
	validation(4, 5)
	// One more queues meanwhile: three writes are outstanding when this
	// batch ends, and the next batch takes the queued one and the two its
	// writers send next.
	write(6)
	queued(1)
	done(2)
	write(7)
	write(8)
	validation(6, 7, 8)
	done(3)
}

// TestFlushWaitsForTheWritesBeforeIt: Flush returns once the writes submitted
// before it are committed, those being checked and those queued, and at once
// when there are none.
func TestFlushWaitsForTheWritesBeforeIt(t *testing.T) {
	e, v := gatedEngine(t, 0)
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		go e.Write(context.Background(), Write{Version: 1, Change: createServer("be_api", server(fmt.Sprintf("s%d", i), int64(20000+i)))})
		if i == 0 {
			<-v.started // s0 is being checked, s1 queues behind it
		}
	}
	for len(e.queue) < 1 {
		time.Sleep(time.Millisecond)
	}
	flushed := make(chan error)
	go func() { flushed <- e.Flush() }()
	v.release <- struct{}{} // s0
	<-v.started             // s1
	v.release <- struct{}{}
	if err := <-flushed; err != nil {
		t.Fatal(err)
	}
	cfg, _, err := e.Read("")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"s0", "s1"} {
		if !strings.Contains(string(cfg.Bytes()), "server "+name+" ") {
			t.Fatalf("flushed before %s was committed:\n%s", name, cfg.Bytes())
		}
	}
}
