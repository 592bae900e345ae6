package haproxycfg

import (
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

func TestLogTargets(t *testing.T) {
	every := logTarget{Address: "127.0.0.1:514", Length: 2048, Format: "rfc5424", SampleRange: "1-3,5", SampleSize: 6,
		Profile: "prof", Facility: "local0", Level: "info", Minlevel: "err"}
	items := []logTarget{{Global: true}, {Nolog: true}, every, {Address: "/dev/log", Facility: "daemon"},
		{Address: "stdout", Format: "raw", Facility: "local7", Level: "debug", Metadata: dataplane.Metadata{"owner": "ops"}}}
	for _, parent := range LogTargets.parents {
		t.Run(parent, func(t *testing.T) {
			checkList(t, listCase[logTarget]{
				view: LogTargets, parent: parent, base: "    log global\n    maxconn 10\n", items: items,
				hand: map[string]string{
					"log 10.0.0.1:514  len 512 format  short sample 2:4 local1 notice": `{"address":"10.0.0.1:514","length":512,"format":"short","sample_range":"2","sample_size":4,"facility":"local1","level":"notice"}`,
					"no log":                      `{"nolog":true}`,
					`log "${LOG}" local2 # audit`: `{"address":"\"${LOG}\"","facility":"local2","metadata":{"comment":"audit"}}`,
				},
				bad: []bad[logTarget]{
					{"facility", logTarget{Address: "a", Facility: "local9"}},
					{"facility", logTarget{Address: "a"}},
					{"address", logTarget{Facility: "local0"}},
					{"address", logTarget{Address: "a\nb", Facility: "local0"}},
					{"address", logTarget{Address: "a b", Facility: "local0"}},
					{"address", logTarget{Global: true, Address: "a"}},
					{"level", logTarget{Address: "a", Facility: "local0", Level: "silent"}},
					{"minlevel", logTarget{Address: "a", Facility: "local0", Minlevel: "err"}},
					{"format", logTarget{Address: "a", Facility: "local0", Format: "json"}},
					{"sample_range", logTarget{Address: "a", Facility: "local0", SampleRange: "1;2", SampleSize: 3}},
					{"sample_size", logTarget{Address: "a", Facility: "local0", SampleRange: "1"}},
					{"length", logTarget{Address: "a", Facility: "local0", Length: -1}},
					{"global", logTarget{Global: true, Nolog: true}},
					{"profile", logTarget{Address: "a", Facility: "local0", Profile: "a\tb"}},
				},
			})
		})
	}
}

// TestLogTargetsOfGlobal: the global section, which has no name, and an
// anonymous defaults section hold log targets as the others do; a `no log`
// line is one of them, `no option` lines are not.
func TestLogTargetsOfGlobal(t *testing.T) {
	const cfg = "global\n    log 127.0.0.1:514 local0\n    maxconn 10\n\ndefaults\n    no log\n    no option httplog\n"
	c := Parse([]byte(cfg))
	if got := must[[]logTarget](t)(LogTargets.List(c, "global", "")); len(got) != 1 || got[0].Facility != "local0" {
		t.Errorf("global: %+v", got)
	}
	if got := must[[]logTarget](t)(LogTargets.List(c, "defaults", "unnamed_defaults_1")); len(got) != 1 || !got[0].Nolog {
		t.Errorf("defaults: %+v", got)
	}
	if err := LogTargets.Insert(c, "global", "", 1, logTarget{Address: "stdout", Format: "raw", Facility: "daemon"}); err != nil {
		t.Fatal(err)
	}
	if d := lineDiff([]byte(cfg), c.Bytes()); len(d) != 1 || d[0] != "+    log stdout format raw daemon\n" {
		t.Errorf("insert into global: %q", d)
	}
	if got := c.Touched(); len(got) != 1 || got[0] != "global /log targets" {
		t.Errorf("touched %q", got)
	}
	if _, err := LogTargets.List(c, "cache", "c"); err == nil {
		t.Error("a cache section has no log lines")
	}
}
