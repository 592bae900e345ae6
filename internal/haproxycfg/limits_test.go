package haproxycfg

import (
	"errors"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// TestLineTooLong: an item whose line would pass MaxLineBytes is refused, naming
// the item, and nothing changes; one at the limit is written; a handwritten
// longer line may stay.
func TestLineTooLong(t *testing.T) {
	long := "acl long path_beg " + strings.Repeat("x", MaxLineBytes) + "\n"
	text := "frontend fe\n    " + long
	c := Parse([]byte(text))
	items := must[[]dataplane.ACL](t)(ACLs.List(c, "frontend", "fe"))
	fits := dataplane.ACL{ACLName: "a", Criterion: "path_beg"}
	fits.Value = strings.Repeat("y", MaxLineBytes-len("acl a path_beg "))
	tooLong := fits
	tooLong.Value += "y"

	err := ACLs.ReplaceAll(c, "frontend", "fe", append(items, tooLong))
	if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "acl[1]") {
		t.Fatalf("got %v, want ErrTooLong about acl[1]", err)
	}
	if string(c.Bytes()) != text {
		t.Fatal("a refused replace changed the config")
	}
	if err := ACLs.ReplaceAll(c, "frontend", "fe", append(items, fits)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.Bytes()), long) {
		t.Fatal("the handwritten long line did not stay")
	}
}

func TestCheckListLength(t *testing.T) {
	if err := CheckListLength(MaxListItems); err != nil {
		t.Fatal(err)
	}
	if err := CheckListLength(MaxListItems + 1); !errors.Is(err, ErrTooManyItems) {
		t.Fatalf("got %v, want ErrTooManyItems", err)
	}
}
