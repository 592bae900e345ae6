package haproxycfg

import (
	"errors"
	"fmt"
)

// What one request may ask of the engine. HAProxy 2.6 itself has no small limit
// on either (it reads a 2 MB line and any number of lines), so these are chosen
// far above any real configuration and low enough that a request's cost stays
// bounded (request bodies are also capped by the agent, 8 MiB by default).
const (
	// MaxListItems is the most items one request may give a list (ACLs, rules):
	// twice the longest run of one keyword in the 265-config corpus (5,001
	// servers of a backend; its longest rule list has 115 items). The agent
	// answers a longer list 413; lists may grow past it one insert at a time.
	MaxListItems = 10_000
	// MaxLineBytes is the longest line a write may make (indentation and end of
	// line aside): 160 times the longest line in the corpus (399 bytes). A longer
	// one is refused 422, naming the item; handwritten lines may be longer.
	MaxLineBytes = 64 << 10
	// MaxLineWords is HAProxy's own limit (MAX_LINE_ARGS): it reads the first 64
	// words of a line and refuses the rest. A write that makes a longer line (a
	// server with every keyword set) is refused 422 before HAProxy sees it.
	MaxLineWords = 64

	// A name or a value of one field. HAProxy 2.6 has no limit of its own (a
	// 20,000-character backend name and a 2 MB ACL value pass `haproxy -c`), but
	// names travel in runtime API commands, logs and stats, and a value larger
	// than HAProxy's buffers (tune.bufsize, 16 KiB) cannot serve the request it is
	// about. Longer is refused 422, naming the field.
	MaxNameLength  = 255      // proxy, server, bind and ACL names
	MaxValueLength = 64 << 10 // any other string value, in bytes
)

// ErrTooManyItems is a list longer than MaxListItems.
var ErrTooManyItems = errors.New("too many items")

// CheckListLength refuses a list of n items that one request may not ask for.
func CheckListLength(n int) error {
	if n > MaxListItems {
		return fmt.Errorf("%w: %d items in one list, the limit is %d", ErrTooManyItems, n, MaxListItems)
	}
	return nil
}

// checkLineLength refuses the line for item i of a list when it is too long.
func checkLineLength(keyword string, i int, line string) error {
	if len(line) > MaxLineBytes {
		return fmt.Errorf("%w: %s[%d] would be a line of %d bytes, the limit is %d", ErrTooLong, keyword, i, len(line), MaxLineBytes)
	}
	return nil
}
