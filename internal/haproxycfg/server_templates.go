package haproxycfg

import (
	"fmt"
	"regexp"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type serverTemplate = dataplane.ServerTemplate

// serverTemplateKeywords are the keywords of `server-template` lines: a
// server's (the server params' tags, and id), from the model's tags.
var serverTemplateKeywords = tagsOf[serverTemplate](serverArity)

// numOrRange is a template's count of servers, or its range of their numbers.
var numOrRange = regexp.MustCompile(`^[0-9]+(-[0-9]+)?$`)

// readServerTemplate reads `server-template <prefix> <num|range> <fqdn>[:<port>] [params]`.
func readServerTemplate(l *Line) serverTemplate {
	t := serverTemplate{Prefix: l.words[1]}
	if len(l.words) > 2 {
		t.NumOrRange = l.spell(2)
	}
	if len(l.words) > 3 {
		var port string
		t.Fqdn, port, _ = splitAddress(l.spell(3))
		t.Port = optionalInt(port)
	}
	readParams(l, 4, serverTemplateKeywords.paramSet, &t)
	return t
}

func checkServerTemplate(t *serverTemplate) error {
	var num error
	if !numOrRange.MatchString(t.NumOrRange) {
		num = &FieldError{"num_or_range", fmt.Sprintf("%q is not a number of servers or a range of their numbers (1-5)", t.NumOrRange)}
	}
	return firstError(
		checkStrings(t),
		checkName("prefix", t.Prefix),
		num,
		checkWord("fqdn", t.Fqdn),
		checkRange("port", t.Port, 1, 65535),
		serverTemplateKeywords.check(t),
	)
}

// serverTemplateLine makes l (nil for a new line) the server-template line for t.
func (c *Config) serverTemplateLine(l *Line, t *serverTemplate) *Line {
	addr := joinAddress(t.Fqdn, t.Port, nil)
	if l == nil {
		l = newLine("server-template " + t.Prefix + " " + t.NumOrRange + " " + addr + c.eol)
	} else if have := readServerTemplate(l); have.NumOrRange != t.NumOrRange || have.Fqdn != t.Fqdn || !equalInt(have.Port, t.Port) {
		e := editLine(l)
		e.replace(2, min(4, len(e.words)), []string{t.NumOrRange, addr})
		l = e.line()
	}
	return writeParams(l, 4, serverTemplateKeywords.paramSet, t)
}

// ServerTemplates is the view of the `server-template` lines of backends,
// named by their prefix.
var ServerTemplates = ChildView[serverTemplate]{
	parent: "backend", keyword: "server-template",
	name:      func(l *Line) string { return l.words[1] },
	modelName: func(t *serverTemplate) string { return t.Prefix },
	read:      readServerTemplate,
	check:     checkServerTemplate,
	line:      (*Config).serverTemplateLine,
	metadata:  func(t *serverTemplate) *dataplane.Metadata { return &t.Metadata },
}
