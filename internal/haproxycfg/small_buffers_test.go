package haproxycfg

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestUseSmallBuffers: `option use-small-buffers` is read from handwritten
// lines, both spellings, written back only when its meaning changes, keeping
// the line's spacing and comment, and checked.
func TestUseSmallBuffers(t *testing.T) {
	c := Parse([]byte("backend be\n    option   use-small-buffers  check queue  # by hand\n    balance roundrobin\nbackend off\n    no option use-small-buffers\n"))
	b := must[backend](t)(Backends.Get(c, "be"))
	if want := (&dataplane.UseSmallBuffers{Enabled: "enabled", Queue: true, Check: true}); !reflect.DeepEqual(b.UseSmallBuffers, want) {
		t.Fatalf("read %+v", b.UseSmallBuffers)
	}
	if off := must[backend](t)(Backends.Get(c, "off")); !reflect.DeepEqual(off.UseSmallBuffers, &dataplane.UseSmallBuffers{Enabled: "disabled"}) {
		t.Fatalf("read %+v", off.UseSmallBuffers)
	}
	before := string(c.Bytes())
	if err := Backends.Replace(c, b); err != nil || string(c.Bytes()) != before {
		t.Fatalf("an unchanged line was rewritten (%v):\n%s", err, c.Bytes())
	}
	b.UseSmallBuffers.L7Retries = true
	if err := Backends.Replace(c, b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.Bytes()), "\n    option   use-small-buffers  queue l7-retries check  # by hand\n") {
		t.Errorf("written:\n%s", c.Bytes())
	}
	if got := must[backend](t)(Backends.Get(Parse(c.Bytes()), "be")); !reflect.DeepEqual(got.UseSmallBuffers, b.UseSmallBuffers) {
		t.Errorf("read back %+v", got.UseSmallBuffers)
	}
	b.UseSmallBuffers = &dataplane.UseSmallBuffers{Enabled: "disabled"}
	if err := Backends.Replace(c, b); err != nil || !strings.Contains(string(c.Bytes()), "\n    no   option  use-small-buffers  # by hand\n") {
		t.Errorf("disabled (%v):\n%s", err, c.Bytes())
	}
	b.UseSmallBuffers = nil
	if err := Backends.Replace(c, b); err != nil || !strings.HasPrefix(string(c.Bytes()), "backend be\n    balance roundrobin\n") {
		t.Errorf("removed (%v):\n%s", err, c.Bytes())
	}
	if got := must[backend](t)(Backends.Get(c, "be")); got.UseSmallBuffers != nil {
		t.Errorf("still there: %+v", got.UseSmallBuffers)
	}
	for _, u := range []*dataplane.UseSmallBuffers{{Queue: true}, {Enabled: "on"}} {
		b.UseSmallBuffers = u
		var fe *FieldError
		if err := Backends.Replace(c, b); !errors.As(err, &fe) || fe.Field != "use_small_buffers.enabled" {
			t.Errorf("%+v: %v, want an error naming use_small_buffers.enabled", u, err)
		}
	}
}
