package haproxycfg

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type filter = dataplane.Filter

// The filters of `filter <type> [arguments]` lines, from HAProxy's manual, as
// the official model names them; a table as the rule actions are (actions.go).
// bwlim-in and bwlim-out (HAProxy 2.7), comp-req and comp-res (3.2) are newer
// than HAProxy 2.6, which refuses them in `haproxy -c`.
var filterActions = func() *actionTable {
	bwlim := func(name string) action {
		return action{name: name, args: []actionArg{
			pos("bandwidth_limit_name", argText),
			key("default-limit", "default_limit", argSize),
			key("default-period", "default_period", argTime),
			key("limit", "limit", argSize),
			key("key", "key", argText),
			key("table", "table", argText),
			key("min-size", "min_size", argSize),
		}}
	}
	return newActionTable(
		action{name: "trace", args: []actionArg{
			key("name", "trace_name", argText),
			flag("random-parsing", "trace_rnd_parsing"),
			flag("random-forwarding", "trace_rnd_forwarding"),
			key("max-fwd", "trace_max_fwd", argInt),
			flag("hexdump", "trace_hexdump"),
		}},
		action{name: "compression"},
		action{name: "comp-req"},
		action{name: "comp-res"},
		action{name: "cache", args: []actionArg{pos("cache_name", argText)}},
		action{name: "fcgi-app", args: []actionArg{pos("app_name", argText)}},
		action{name: "spoe", args: []actionArg{key("engine", "spoe_engine", argText), required(key("config", "spoe_config", argFile))}},
		bwlim("bwlim-in"),
		bwlim("bwlim-out"),
	).withoutConditions()
}()

var filterTable = bindActions[filter](filterActions, nil)

// checkFilter checks a filter: its type, the arguments its type needs (a
// member its type does not take fails the read-back, naming it), and a
// bandwidth limit's one of two forms (per stream: default-limit and
// default-period; shared: limit and key, with a table).
func checkFilter(f *filter) error {
	var bwlim error
	if strings.HasPrefix(f.Type, "bwlim-") {
		perStream, shared := f.DefaultLimit != nil || f.DefaultPeriod != nil, f.Limit != nil || f.Key != "" || f.Table != ""
		switch {
		case perStream && shared:
			bwlim = &FieldError{"limit", "a bandwidth limit is per stream (default_limit, default_period) or shared (limit, key, table), not both"}
		case perStream && f.DefaultLimit == nil:
			bwlim = &FieldError{"default_limit", "is required with default_period"}
		case perStream && f.DefaultPeriod == nil:
			bwlim = &FieldError{"default_period", "is required with default_limit"}
		case shared && f.Limit == nil:
			bwlim = &FieldError{"limit", "is required with key"}
		case shared && f.Key == "":
			bwlim = &FieldError{"key", "is required with limit"}
		case !perStream && !shared:
			bwlim = &FieldError{"default_limit", "a bandwidth limit needs default_limit and default_period, or limit and key"}
		}
	}
	var typ error
	if !slices.Contains(dataplane.FilterTypes, f.Type) {
		typ = &FieldError{"type", fmt.Sprintf("%q is not one of %s", f.Type, strings.Join(dataplane.FilterTypes, ", "))}
	}
	return firstError(
		checkStrings(f),
		typ,
		filterTable.checkValues(f, nil, map[string][2]int64{"trace_max_fwd": {0, maxInt}}),
		filterTable.checkRequired(f),
		bwlim,
	)
}

// Filters is the view of the `filter` lines of frontends, backends and listen
// sections, in their order (the order HAProxy runs them in).
var Filters = ListView[filter]{
	keyword: "filter",
	parents: []string{"frontend", "backend", "listen"},
	read:    func(l *Line) filter { return filterTable.read(l, 1) },
	words:   func(f *filter) []string { return append([]string{"filter"}, filterTable.words(f)...) },
	wordsLike: func(old *Line, f *filter) []string {
		return append([]string{"filter"}, filterTable.wordsLike(old, 1, f)...)
	},
	check:    checkFilter,
	metadata: func(f *filter) *dataplane.Metadata { return &f.Metadata },
}

// readFilterSequence reads `filter-sequence request|response <filter>,...`.
func readFilterSequence(l *Line) dataplane.FilterSequence {
	var s dataplane.FilterSequence
	if len(l.words) > 1 {
		s.Direction = l.words[1]
	}
	if len(l.words) > 2 {
		s.Filters = strings.Split(l.spell(2), ",")
	}
	return s
}

func checkFilterSequence(s *dataplane.FilterSequence) error {
	var direction error
	if !slices.Contains(dataplane.FilterDirections, s.Direction) {
		direction = &FieldError{"direction", fmt.Sprintf("%q is not one of request, response", s.Direction)}
	}
	var filters error
	if len(s.Filters) == 0 {
		filters = &FieldError{"filters", "must name at least one filter"}
	}
	for i, f := range s.Filters {
		if err := checkWord(fmt.Sprintf("filters[%d]", i), f); err != nil {
			return err
		}
		if strings.Contains(f, ",") {
			return &FieldError{fmt.Sprintf("filters[%d]", i), fmt.Sprintf("%q has a comma, which separates the filters", f)}
		}
	}
	return firstError(checkStrings(s), direction, filters)
}

// FilterSequences is the view of the `filter-sequence request|response
// <filter>,...` lines (newer than HAProxy 2.6), the order the filters run in
// on one direction.
var FilterSequences = ListView[dataplane.FilterSequence]{
	keyword: "filter-sequence",
	parents: []string{"frontend", "backend", "listen"},
	read:    readFilterSequence,
	words: func(s *dataplane.FilterSequence) []string {
		return []string{"filter-sequence", s.Direction, strings.Join(s.Filters, ",")}
	},
	check:    checkFilterSequence,
	metadata: func(s *dataplane.FilterSequence) *dataplane.Metadata { return &s.Metadata },
}
