package haproxycfg

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// FCGIApps is the view of the `fcgi-app` sections: their settings are tags of
// the model; their log-stderr, pass-header and set-param lines are lists held
// by the section, in file order; their ACLs are the ACL list's (acl.go),
// carried with full_section.
var FCGIApps = otherSection("fcgi-app",
	func(a *dataplane.FCGIApp) *string { return &a.Name },
	func(a *dataplane.FCGIApp) *dataplane.Metadata { return &a.Metadata },
	[]directive[dataplane.FCGIApp]{
		linesDirective(func(a *dataplane.FCGIApp) *[]dataplane.FCGILogStderr { return &a.LogStderrs }, "log-stderr",
			func(w []string) bool { return len(w) > 1 && w[0] == "log-stderr" }, readLogStderr, logStderrWords),
		linesDirective(func(a *dataplane.FCGIApp) *[]dataplane.FCGIPassHeader { return &a.PassHeaders }, "pass-header",
			func(w []string) bool { return len(w) > 1 && w[0] == "pass-header" },
			func(l *Line) dataplane.FCGIPassHeader {
				h := dataplane.FCGIPassHeader{Name: l.spell(1)}
				_, h.Cond, h.CondTest = condition(l, 2)
				return h
			},
			func(h *dataplane.FCGIPassHeader) []string {
				return withCondition([]string{"pass-header", h.Name}, h.Cond, h.CondTest)
			}),
		linesDirective(func(a *dataplane.FCGIApp) *[]dataplane.FCGISetParam { return &a.SetParams }, "set-param",
			func(w []string) bool { return len(w) > 2 && w[0] == "set-param" },
			func(l *Line) dataplane.FCGISetParam {
				p := dataplane.FCGISetParam{Name: l.spell(1), Format: l.spell(2)}
				_, p.Cond, p.CondTest = condition(l, 3)
				return p
			},
			func(p *dataplane.FCGISetParam) []string {
				return withCondition([]string{"set-param", p.Name, p.Format}, p.Cond, p.CondTest)
			}),
	},
	checkFCGIApp,
	listPart("acl_list", "fcgi-app", ACLs, func(a *dataplane.FCGIApp) *[]dataplane.ACL { return &a.ACLList }))

// checkFCGIApp checks what the tags do not: the required docroot, and the
// items of the lists.
func checkFCGIApp(a *dataplane.FCGIApp) error {
	if a.Docroot == "" {
		return &FieldError{"docroot", "is required: HAProxy refuses a fcgi-app without one"}
	}
	for i := range a.LogStderrs {
		if err := checkLogStderr(&a.LogStderrs[i]); err != nil {
			return within(fmt.Sprintf("log_stderrs[%d]", i), err)
		}
	}
	for i, h := range a.PassHeaders {
		if err := firstError(checkWord("name", h.Name), checkCondition(h.Cond, h.CondTest)); err != nil {
			return within(fmt.Sprintf("pass_headers[%d]", i), err)
		}
	}
	for i, p := range a.SetParams {
		if err := firstError(checkWord("name", p.Name), checkWord("format", p.Format), checkCondition(p.Cond, p.CondTest)); err != nil {
			return within(fmt.Sprintf("set_params[%d]", i), err)
		}
	}
	return nil
}

// A log-stderr line says what a `log` line says, with another keyword: it is
// read, written and checked as a log target (logtargets.go), its members
// renamed.

func readLogStderr(l *Line) dataplane.FCGILogStderr {
	t := readLogTarget(l)
	s := dataplane.FCGILogStderr{Global: t.Global, Address: t.Address, Len: t.Length, Format: t.Format,
		Facility: t.Facility, Level: t.Level, Minlevel: t.Minlevel}
	if t.SampleRange != "" || t.SampleSize != 0 {
		s.Sample = &dataplane.FCGILogSampling{Ranges: t.SampleRange, Size: t.SampleSize}
	}
	return s
}

func logStderrTarget(s *dataplane.FCGILogStderr) logTarget {
	t := logTarget{Global: s.Global, Address: s.Address, Length: s.Len, Format: s.Format,
		Facility: s.Facility, Level: s.Level, Minlevel: s.Minlevel}
	if s.Sample != nil {
		t.SampleRange, t.SampleSize = s.Sample.Ranges, s.Sample.Size
	}
	return t
}

func logStderrWords(s *dataplane.FCGILogStderr) []string {
	t := logStderrTarget(s)
	return append([]string{"log-stderr"}, logTargetWords(&t)[1:]...)
}

// logStderrMembers are the log target's members a log-stderr has by other
// names; logStderrNames renames them in an error's reason.
var (
	logStderrMembers = map[string]string{"length": "len", "sample_range": "sample.ranges", "sample_size": "sample.size"}
	logStderrNames   = func() *strings.Replacer {
		var pairs []string
		for from, to := range logStderrMembers {
			pairs = append(pairs, from, to)
		}
		return strings.NewReplacer(pairs...)
	}()
)

func checkLogStderr(s *dataplane.FCGILogStderr) error {
	if s.Global {
		if *s != (dataplane.FCGILogStderr{Global: true}) {
			return &FieldError{"global", "cannot go with other members: the line is `log-stderr global`, which takes nothing more"}
		}
		return nil
	}
	if s.Sample != nil && s.Sample.Ranges == "" {
		return &FieldError{"sample.ranges", "is required with sample"}
	}
	t := logStderrTarget(s)
	err := checkLogTarget(&t)
	var fe *FieldError
	if errors.As(err, &fe) {
		if name, ok := logStderrMembers[fe.Field]; ok {
			fe.Field = name
		}
		fe.Reason = logStderrNames.Replace(fe.Reason)
	}
	return err
}
