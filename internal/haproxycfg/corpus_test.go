package haproxycfg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the project's corpus of real configs nobody on the project wrote
// (shared/corpus, with its MANIFEST), beside the checkout when it is there.
const corpusDir = "../../../shared/corpus"

// TestCorpusWritesBack writes back every object of every corpus config as read
// (writeBackAll): the bytes stay, and every rule, ACL, switching rule, server and
// bind written anew reads back as its model. It reports what it checked, and the
// lines a fresh write would change (keywords the models do not cover). The
// package's own configs stand in for the corpus where it is absent.
func TestCorpusWritesBack(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.cfg"))
	if len(files) == 0 {
		t.Skip("no corpus at " + corpusDir)
	}
	var total writeStats
	lines := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines += strings.Count(string(data), "\n")
		st := writeBackAll(Parse(data))
		for _, msg := range st.failures {
			t.Errorf("%s: %s", filepath.Base(f), msg)
		}
		for _, msg := range st.refused {
			t.Logf("%s: refused: %s", filepath.Base(f), msg)
		}
		for _, msg := range st.changed {
			t.Logf("%s: written anew, %s", filepath.Base(f), msg)
		}
		total.sections += st.sections
		total.acls += st.acls
		total.rules += st.rules
		total.switching += st.switching
		total.servers += st.servers
		total.binds += st.binds
		total.listLines += st.listLines
		total.same += st.same
		total.reordered += st.reordered
		total.childLines += st.childLines
		total.failures = append(total.failures, st.failures...)
		total.refused = append(total.refused, st.refused...)
		total.changed = append(total.changed, st.changed...)
	}
	t.Logf("%d configs, %d lines: %d frontends and backends, %d ACLs, %d http-request rules, %d use_backend rules, "+
		"%d servers, %d binds written back: %d failures, %d lists refused by the models' checks. "+
		"Written anew: %d rules, ACLs and switching rules (%d read as the same words, %d as the same words in another order, "+
		"%d otherwise), %d servers and binds; all read back as their models but for the failures.",
		len(files), lines, total.sections, total.acls, total.rules, total.switching, total.servers, total.binds,
		len(total.failures), len(total.refused), total.listLines, total.same, total.reordered, len(total.changed), total.childLines)
}
