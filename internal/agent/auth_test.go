package agent

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// TestDummyHashHasTheUsersCost: an unknown user is compared against a hash of the
// users' highest cost, so that it costs what a known user's wrong password costs
// (`htpasswd -nbB` writes cost 5). Equal cost, not a timed test, is the check.
func TestDummyHashHasTheUsersCost(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, costs ...int) string {
		var lines []string
		for i, c := range costs {
			h, err := bcrypt.GenerateFromPassword([]byte("pw"), c)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(rune('a'+i))+name+":"+string(h))
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		rw, ro []int
		want   int
	}{
		{[]int{5}, nil, 5},
		{[]int{bcrypt.MinCost}, nil, bcrypt.MinCost},
		{[]int{bcrypt.MinCost, 6}, []int{5}, 6},
		{[]int{5}, []int{7}, 7},
	} {
		ro := ""
		if tc.ro != nil {
			ro = write("ro", tc.ro...)
		}
		u, err := LoadUsers(UserFiles{Operators: write("rw", tc.rw...), ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := bcrypt.Cost(u.dummy); err != nil || got != tc.want {
			t.Errorf("users of cost %v and %v: dummy hash cost %d (%v), want %d", tc.rw, tc.ro, got, err, tc.want)
		}
		if u.Check("nobody", "pw") {
			t.Error("an unknown user was let in")
		}
	}
}

// clock is a test's time, moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// clientFrom is an HTTP client whose connections come from the loopback address
// local, such as 127.0.0.2: another client address for the agent.
func clientFrom(local string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}}
}

// TestFailedAuthenticationsAreLimited: after DefaultAuthFailures failures from one
// address, it is answered 429 with Retry-After and the official error body, for
// any name, without bcrypt; credentials already verified keep working from it, a
// name that failed there does not; other addresses are not affected; the limit
// lifts when the window ends.
func TestFailedAuthenticationsAreLimited(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	clk := &clock{now: time.Unix(1_800_000_000, 0)}
	ta.agent.failures.now = clk.Now
	info := "/v3/info"

	ta.do("GET", info, nil).expect(t, 200) // the admin's credentials are verified once
	for i := range DefaultAuthFailures {
		ta.doAs("guess"+itoa(int64(i)), "pw", "GET", info, nil, "").expect(t, 401)
	}
	r := ta.doAs("nobody", "pw", "GET", info, nil, "").expect(t, 429)
	var e errorBody
	r.json(t, &e)
	if e.Code != 429 || !strings.Contains(e.Message, "failed authentications") || r.header.Get("Retry-After") != "60" {
		t.Fatalf("429: body %s, Retry-After %q", r.body, r.header.Get("Retry-After"))
	}
	clk.add(20 * time.Second)
	if got := ta.doAs(testUser, "wrong", "GET", info, nil, "").expect(t, 429).header.Get("Retry-After"); got != "40" {
		t.Fatalf("Retry-After %q 20s into the window, want 40", got)
	}

	// The admin's wrong guess above marked the name: even its right password is
	// refused from this address until the window ends (else the cache of verified
	// credentials would answer guesses for free). The read-only user, whose
	// credentials bcrypt has not verified yet, waits too: over the limit, bcrypt
	// does not run for this address.
	ta.do("GET", info, nil).expect(t, 429)
	ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", info, nil, "").expect(t, 429)

	// Another address is served, and its failures are its own.
	other := &testAgent{t: t, url: ta.url, config: ta.config, agent: ta.agent, client: clientFrom("127.0.0.2")}
	other.doAs(testReadOnlyUser, "wrong", "GET", info, nil, "").expect(t, 401)
	other.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", info, nil, "").expect(t, 200)
	other.do("GET", info, nil).expect(t, 200)

	// A verified client whose name has not failed from the limited address keeps
	// being served there.
	third := &testAgent{t: t, url: ta.url, config: ta.config, agent: ta.agent, client: clientFrom("127.0.0.3")}
	for range DefaultAuthFailures {
		third.doAs("nobody", "pw", "GET", info, nil, "").expect(t, 401)
	}
	third.doAs("nobody", "pw", "GET", info, nil, "").expect(t, 429)
	third.do("GET", info, nil).expect(t, 200)
	third.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", info, nil, "").expect(t, 200)

	// The window ends: the address is as new.
	clk.add(DefaultAuthFailureWindow)
	ta.do("GET", info, nil).expect(t, 200)
	ta.doAs(testUser, "wrong", "GET", info, nil, "").expect(t, 401)
	ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", info, nil, "").expect(t, 200)
}

func TestClientKey(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:5555":          "127.0.0.1/32",
		"[::ffff:10.0.0.1]:80":    "10.0.0.1/32",
		"[2001:db8:1:2:3::4]:443": "2001:db8:1:2::/64",
	} {
		if got := clientKey(addr).String(); got != want {
			t.Errorf("clientKey(%s) = %s, want %s", addr, got, want)
		}
	}
}

// TestConcurrentAuthentications: of many concurrent failing requests from one
// address, exactly DefaultAuthFailures get their password checked (401); the rest
// are 429, so bcrypt runs no more often than the limit allows. Many concurrent
// first requests of a valid user, whose credentials are not verified yet, are all
// served: checks under way are not failures.
func TestConcurrentAuthentications(t *testing.T) {
	ta := startAgent(t, baseConfig(freePorts(t, 1)[0]))
	const n = 3 * DefaultAuthFailures
	statuses := func(ta *testAgent, user, pass string) map[int]int {
		var mu sync.Mutex
		var wg sync.WaitGroup
		got := map[int]int{}
		for range n {
			wg.Go(func() {
				r := ta.doAs(user, pass, "GET", "/v3/info", nil, "")
				mu.Lock()
				defer mu.Unlock()
				got[r.status]++
			})
		}
		wg.Wait()
		return got
	}
	if got := statuses(ta, testReadOnlyUser, testReadOnlyPassword); got[200] != n {
		t.Fatalf("a valid user's concurrent first requests: statuses %v, want %d x 200", got, n)
	}
	if got := statuses(ta, "nobody", "pw"); got[401] != DefaultAuthFailures || got[429] != n-DefaultAuthFailures {
		t.Fatalf("concurrent failures: statuses %v, want %d x 401 and %d x 429", got, DefaultAuthFailures, n-DefaultAuthFailures)
	}
	ta.doAs(testReadOnlyUser, testReadOnlyPassword, "GET", "/v3/info", nil, "").expect(t, 200)
}
