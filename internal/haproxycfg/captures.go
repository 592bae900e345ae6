package haproxycfg

import (
	"fmt"
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type capture = dataplane.Capture

// isCapture tells a `declare capture` line.
func isCapture(l *Line) bool {
	return len(l.words) > 1 && l.words[0] == "declare" && l.words[1] == "capture"
}

// readCapture reads `declare capture request|response len <length>`.
func readCapture(l *Line) capture {
	var c capture
	if len(l.words) > 2 {
		c.Type = l.words[2]
	}
	if len(l.words) > 4 && l.words[3] == "len" {
		c.Length, _ = parseInt(l.words[4])
	}
	return c
}

func captureWords(c *capture) []string {
	return []string{"declare", "capture", c.Type, "len", formatInt(c.Length)}
}

func checkCapture(c *capture) error {
	var length error
	if c.Length <= 0 {
		length = &FieldError{"length", fmt.Sprintf("%d: a capture needs a positive length", c.Length)}
	}
	var typ error
	if !slices.Contains(dataplane.CaptureTypes, c.Type) {
		typ = &FieldError{"type", fmt.Sprintf("%q is not one of request, response", c.Type)}
	}
	return firstError(checkStrings(c), typ, length)
}

// Captures is the view of the `declare capture` lines of frontends (and listen
// sections): the slots `capture` actions fill, by their index.
var Captures = ListView[capture]{
	keyword:  "declare",
	label:    "declare capture",
	parents:  []string{"frontend", "listen"},
	match:    isCapture,
	read:     readCapture,
	words:    captureWords,
	check:    checkCapture,
	metadata: func(c *capture) *dataplane.Metadata { return &c.Metadata },
}
