package haproxycfg

import (
	"slices"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// filterSamples are a filter of every type with every member it takes set.
var filterSamples = []filter{
	{Type: "trace", TraceName: "t1", TraceRndParsing: true, TraceRndForwarding: true, TraceMaxFwd: ptr[int64](0), TraceHexdump: true},
	{Type: "trace"},
	{Type: "compression"},
	{Type: "comp-req"},
	{Type: "comp-res"},
	{Type: "cache", CacheName: "c1"},
	{Type: "fcgi-app", AppName: "php"},
	{Type: "spoe", SpoeEngine: "eng", SpoeConfig: "/etc/haproxy/spoe.conf", Metadata: dataplane.Metadata{"team": "waf"}},
	{Type: "spoe", SpoeConfig: "/etc/haproxy/spoe.conf"},
	{Type: "bwlim-in", BandwidthLimitName: "in", DefaultLimit: ptr[int64](1 << 20), DefaultPeriod: ptr[int64](1500), MinSize: ptr[int64](1024)},
	{Type: "bwlim-out", BandwidthLimitName: "out", Limit: ptr[int64](2048), Key: "src,ipmask(24)", Table: "st"},
}

func TestFilterTableIsTheOfficialList(t *testing.T) {
	var names []string
	read := map[string]bool{"type": true, "metadata": true}
	for _, a := range filterActions.rows {
		names = append(names, a.name)
		for _, arg := range a.args {
			read[arg.field] = true
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(dataplane.FilterTypes))) {
		t.Errorf("the table's filters %q, the official types %q", names, dataplane.FilterTypes)
	}
	for _, member := range dataplane.OfficialFields["filter"] {
		if !read[member] {
			t.Errorf("no filter reads %q", member)
		}
	}
	types := map[string]bool{}
	for _, f := range filterSamples {
		types[f.Type] = true
	}
	for _, typ := range dataplane.FilterTypes {
		if !types[typ] {
			t.Errorf("no sample of %s", typ)
		}
	}
}

func TestFilters(t *testing.T) {
	for _, parent := range Filters.parents {
		checkList(t, listCase[filter]{
			view: Filters, parent: parent, base: "    filter compression\n    maxconn 10\n", items: filterSamples,
			hand: map[string]string{
				"filter trace hexdump  name t2":                             `{"type":"trace","trace_name":"t2","trace_hexdump":true}`,
				"filter spoe config /s.conf engine e":                       `{"type":"spoe","spoe_config":"/s.conf","spoe_engine":"e"}`,
				"filter bwlim-in lim default-period 2s default-limit 1m":    `{"type":"bwlim-in","bandwidth_limit_name":"lim","default_limit":1048576,"default_period":2000}`,
				"filter bwlim-out lim limit 10k key src table t min-size 1": `{"type":"bwlim-out","bandwidth_limit_name":"lim","limit":10240,"key":"src","table":"t","min_size":1}`,
				"filter opentracing config ot.cfg":                          `{"type":"opentracing"}`,
			},
			bad: []bad[filter]{
				{"type", filter{Type: "opentracing"}},
				{"type", filter{}},
				{"cache_name", filter{Type: "cache"}},
				{"cache_name", filter{Type: "compression", CacheName: "c"}},
				{"spoe_config", filter{Type: "spoe", SpoeEngine: "e"}},
				{"app_name", filter{Type: "fcgi-app", AppName: "a\nb"}},
				{"bandwidth_limit_name", filter{Type: "bwlim-in", Limit: ptr[int64](1), Key: "src"}},
				{"default_period", filter{Type: "bwlim-in", BandwidthLimitName: "b", DefaultLimit: ptr[int64](1)}},
				{"key", filter{Type: "bwlim-in", BandwidthLimitName: "b", Limit: ptr[int64](1)}},
				{"limit", filter{Type: "bwlim-in", BandwidthLimitName: "b", Limit: ptr[int64](1), Key: "src", DefaultLimit: ptr[int64](1)}},
				{"default_limit", filter{Type: "bwlim-out", BandwidthLimitName: "b"}},
				{"trace_max_fwd", filter{Type: "trace", TraceMaxFwd: ptr[int64](-1)}},
			},
		})
	}
}

func TestFilterSequences(t *testing.T) {
	type seq = dataplane.FilterSequence
	for _, parent := range FilterSequences.parents {
		checkList(t, listCase[seq]{
			view: FilterSequences, parent: parent, base: "    filter compression\n",
			items: []seq{{Direction: "request", Filters: []string{"comp", "cache"}}, {Direction: "response", Filters: []string{"trace"}}},
			hand:  map[string]string{"filter-sequence  response a,b": `{"direction":"response","filters":["a","b"]}`},
			bad: []bad[seq]{
				{"direction", seq{Direction: "both", Filters: []string{"a"}}},
				{"filters", seq{Direction: "request"}},
				{"filters[1]", seq{Direction: "request", Filters: []string{"a", "b,c"}}},
				{"filters[0]", seq{Direction: "request", Filters: []string{""}}},
			},
		})
	}
}
