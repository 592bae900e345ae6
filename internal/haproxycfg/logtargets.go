package haproxycfg

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type logTarget = dataplane.LogTarget

// readLogTarget reads `log global`, `no log`, or `log <address> [len <n>]
// [format <f>] [sample <ranges>:<size>] [profile <p>] <facility> [<level>
// [<minlevel>]]`, its keyed arguments in that order, as HAProxy reads them.
func readLogTarget(l *Line) logTarget {
	var t logTarget
	w := l.words
	switch {
	case w[0] == "no":
		t.Nolog = true
		return t
	case len(w) == 2 && w[1] == "global":
		t.Global = true
		return t
	case len(w) < 2:
		return t
	}
	t.Address = l.spell(1)
	i := 2
	keyed := func(key string) (string, bool) {
		if i+1 < len(w) && w[i] == key {
			i += 2
			return l.spell(i - 1), true
		}
		return "", false
	}
	if v, ok := keyed("len"); ok {
		t.Length, _ = parseInt(v)
	}
	if v, ok := keyed("format"); ok {
		t.Format = v
	}
	if v, ok := keyed("sample"); ok {
		if r, size, ok := strings.Cut(v, ":"); ok {
			t.SampleRange = r
			t.SampleSize, _ = parseInt(size)
		}
	}
	if v, ok := keyed("profile"); ok {
		t.Profile = v
	}
	for _, f := range []*string{&t.Facility, &t.Level, &t.Minlevel} {
		if i < len(w) {
			*f = w[i]
			i++
		}
	}
	return t
}

// logTargetWords writes a log target as the words of its line.
func logTargetWords(t *logTarget) []string {
	switch {
	case t.Nolog:
		return []string{"no", "log"}
	case t.Global:
		return []string{"log", "global"}
	}
	w := []string{"log", t.Address}
	if t.Length != 0 {
		w = append(w, "len", formatInt(t.Length))
	}
	if t.Format != "" {
		w = append(w, "format", t.Format)
	}
	if t.SampleRange != "" || t.SampleSize != 0 {
		w = append(w, "sample", t.SampleRange+":"+formatInt(t.SampleSize))
	}
	if t.Profile != "" {
		w = append(w, "profile", t.Profile)
	}
	for _, v := range []string{t.Facility, t.Level, t.Minlevel} {
		if v != "" {
			w = append(w, v)
		}
	}
	return w
}

// sampleRanges is a log sample's ranges: `<n>[-<m>]`, comma-separated.
var sampleRanges = regexp.MustCompile(`^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$`)

// checkLogTarget checks a log target: `global` and `nolog` stand alone; any
// other target needs its address and facility.
func checkLogTarget(t *logTarget) error {
	if err := checkStrings(t); err != nil {
		return err
	}
	if t.Global || t.Nolog {
		alone, other := "global", "nolog"
		if t.Nolog {
			alone, other = "nolog", "global"
		}
		rest := *t
		rest.Global, rest.Nolog, rest.Metadata = false, false, nil
		if t.Global && t.Nolog {
			return &FieldError{other, "cannot go with " + alone + ": `log global` and `no log` are two lines"}
		}
		if set := firstSet(&rest); set != "" {
			return &FieldError{set, fmt.Sprintf("cannot go with %s: the line is `%s`, which takes nothing more", alone, strings.Join(logTargetWords(t), " "))}
		}
		return nil
	}
	var sample error
	switch {
	case t.SampleRange != "" && !sampleRanges.MatchString(t.SampleRange):
		sample = &FieldError{"sample_range", fmt.Sprintf("%q is not ranges such as 1-3,5", t.SampleRange)}
	case t.SampleRange != "" && t.SampleSize <= 0:
		sample = &FieldError{"sample_size", "is required with sample_range, and positive"}
	case t.SampleRange == "" && t.SampleSize != 0:
		sample = &FieldError{"sample_range", "is required with sample_size"}
	}
	var minlevel error
	if t.Minlevel != "" && t.Level == "" {
		minlevel = &FieldError{"minlevel", "needs level, which comes before it"}
	}
	var length error
	if t.Length < 0 {
		length = &FieldError{"length", "must not be negative"}
	}
	var profile error
	if t.Profile != "" {
		profile = checkWord("profile", t.Profile)
	}
	return firstError(
		checkWord("address", t.Address),
		checkWord("facility", t.Facility),
		checkEnums(
			enumCheck{"facility", t.Facility, dataplane.LogFacilities},
			enumCheck{"format", t.Format, dataplane.LogFormats},
			enumCheck{"level", t.Level, dataplane.LogTargetLevels},
			enumCheck{"minlevel", t.Minlevel, dataplane.LogTargetLevels},
		),
		length, sample, minlevel, profile,
	)
}

// firstSet names the first member of t that is set, "" when none is.
func firstSet(t *logTarget) string {
	for _, l := range leaves(reflect.ValueOf(t), "", nil) {
		if !l.value.IsZero() {
			return l.path
		}
	}
	return ""
}

// LogTargets is the view of the `log` lines (and `no log`) of the sections
// that have them; the official API serves those of frontends, backends,
// defaults and global (its log_targets endpoints and log_target_list members).
var LogTargets = ListView[logTarget]{
	keyword: "log",
	parents: []string{"global", "defaults", "frontend", "backend", "listen", "peers", "log-forward"},
	match: func(l *Line) bool {
		return listKeyword(l) == "log"
	},
	read:     readLogTarget,
	words:    logTargetWords,
	check:    checkLogTarget,
	metadata: func(t *logTarget) *dataplane.Metadata { return &t.Metadata },
}
