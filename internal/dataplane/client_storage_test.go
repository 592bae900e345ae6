package dataplane

import (
	"reflect"
	"testing"
)

// TestMapFileLines: entries written as map file lines read back the same, and
// a map file is read as HAProxy reads it.
func TestMapFileLines(t *testing.T) {
	entries := []MapEntry{{Key: "a.example.com", Value: "be_a"}, {Key: "b", Value: "two words"}, {Key: "bare"}}
	if got := ParseMapFile(MapFileLines(entries)); !reflect.DeepEqual(got, entries) {
		t.Fatalf("round trip: %+v, want %+v", got, entries)
	}
	file := "# hosts\n\n  a.example.com \t be_a  \r\nb\tone two\n#c d\nbare\n"
	want := []MapEntry{{Key: "a.example.com", Value: "be_a  "}, {Key: "b", Value: "one two"}, {Key: "bare"}}
	if got := ParseMapFile([]byte(file)); !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseMapFile(%q) = %+v, want %+v", file, got, want)
	}
}
