package haproxycfg

import (
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// smallBufferUses are the words of `option use-small-buffers`, in the order
// they are written, with the fields that say them.
var smallBufferUses = []struct {
	word string
	get  func(*dataplane.UseSmallBuffers) *bool
}{
	{"queue", func(u *dataplane.UseSmallBuffers) *bool { return &u.Queue }},
	{"l7-retries", func(u *dataplane.UseSmallBuffers) *bool { return &u.L7Retries }},
	{"check", func(u *dataplane.UseSmallBuffers) *bool { return &u.Check }},
}

// smallBuffersDirective is `option use-small-buffers [queue] [l7-retries]
// [check]` ("enabled") or `no option use-small-buffers` ("disabled"); other
// words on the line are not read, so a line that has them is rewritten when
// the model changes it.
var smallBuffersDirective = directive[backendObjects]{
	keyword: "option",
	match: func(w []string) bool {
		return isWords(w, "option", "use-small-buffers") || isWords(w, "no", "option", "use-small-buffers")
	},
	read: func(b *backendObjects, l *Line) {
		u := &dataplane.UseSmallBuffers{Enabled: dataplane.Enabled}
		from := 2
		if l.words[0] == "no" {
			u.Enabled, from = dataplane.Disabled, 3
		}
		for _, use := range smallBufferUses {
			*use.get(u) = slices.Contains(l.words[from:], use.word)
		}
		b.UseSmallBuffers = u
	},
	write: func(b *backendObjects) []string {
		u := b.UseSmallBuffers
		if u == nil {
			return nil
		}
		w := []string{"option", "use-small-buffers"}
		if u.Enabled == dataplane.Disabled {
			w = append([]string{"no"}, w...)
		}
		for _, use := range smallBufferUses {
			if *use.get(u) {
				w = append(w, use.word)
			}
		}
		return w
	},
}

// smallBuffersFields are UseSmallBuffers's enums, from its tags.
var smallBuffersFields = checkedFields[dataplane.UseSmallBuffers]("use_small_buffers")

func checkSmallBuffers(u *dataplane.UseSmallBuffers) error {
	if u != nil && u.Enabled == "" {
		return &FieldError{"use_small_buffers.enabled", "is required"}
	}
	return checkTagged(smallBuffersFields, u)
}
