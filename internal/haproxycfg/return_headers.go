package haproxycfg

import (
	"fmt"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// ReturnHeadersText is the headers of a response a rule makes (return_hdrs)
// as they stand in its line: `hdr <name> <fmt>`, repeated, each word as
// spelled. A client that holds them as one text (the provider's typed
// http-request rules) reads them back with ParseReturnHeaders.
func ReturnHeadersText(hdrs []dataplane.ReturnHeader) string {
	words := make([]string, 0, 3*len(hdrs))
	for _, h := range hdrs {
		words = append(words, "hdr", h.Name, h.Fmt)
	}
	return strings.Join(words, " ")
}

// ParseReturnHeaders reads ReturnHeadersText's text, as HAProxy reads the
// words of a line; "" is no header.
func ParseReturnHeaders(text string) ([]dataplane.ReturnHeader, error) {
	if err := checkText("", text); err != nil {
		return nil, err
	}
	toks, comment, problem, _ := scan(text)
	switch {
	case problem != "":
		return nil, fmt.Errorf("%s", problem)
	case comment < len(text):
		return nil, fmt.Errorf("'#' starts a comment there: quote it or escape it (\\#)")
	case len(toks)%3 != 0:
		return nil, fmt.Errorf("is not `hdr <name> <fmt>`, repeated: %d words", len(toks))
	}
	var hdrs []dataplane.ReturnHeader
	for i := 0; i < len(toks); i += 3 {
		if toks[i].text != "hdr" {
			return nil, fmt.Errorf("is not `hdr <name> <fmt>`, repeated: word %d is %q", i+1, text[toks[i].start:toks[i].end])
		}
		hdrs = append(hdrs, dataplane.ReturnHeader{Name: text[toks[i+1].start:toks[i+1].end], Fmt: text[toks[i+2].start:toks[i+2].end]})
	}
	return hdrs, nil
}
