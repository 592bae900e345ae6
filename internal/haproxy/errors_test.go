package haproxy

import (
	"errors"
	"testing"
)

// TestCommandErrorKinds: HAProxy 2.6's runtime API answers, as it writes them,
// are classified so that the agent answers a client's mistake with 400, not 500.
func TestCommandErrorKinds(t *testing.T) {
	for answer, want := range map[string]error{
		"Invalid addr 'not-an-ip' by 'stats socket command'\n":                                                          ErrInvalidValue,
		"IP changed from '127.0.0.1' to '1.2.3.4', problem converting port 'abc' to an int by 'stats socket command'\n": ErrInvalidValue,
		"No such server.\n": ErrNotFound,
		"Already exists a server with the same name in backend.\n": ErrExists,
	} {
		if err := commandError("set server be/s addr x", answer); !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", answer, err, want)
		}
	}
}
