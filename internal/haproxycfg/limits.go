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
)

var (
	// ErrTooManyItems is a list longer than MaxListItems.
	ErrTooManyItems = errors.New("too many items")
	// ErrLineTooLong is a value that would make a line longer than MaxLineBytes.
	ErrLineTooLong = errors.New("line too long")
)

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
		return fmt.Errorf("%w: %s[%d] would be a line of %d bytes, the limit is %d", ErrLineTooLong, keyword, i, len(line), MaxLineBytes)
	}
	return nil
}
