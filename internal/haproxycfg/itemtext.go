package haproxycfg

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// An item of a list as text: its line after the list's keyword, in HAProxy's
// own syntax (`set-header X-Frame-Options DENY if is_html` for an
// http-response rule). The provider's resources for the lists with many kinds
// of item take their items so, and send them as the official JSON models, read
// with the same tables the agent reads haproxy.cfg with: a keyword the agent
// learns is one there too.

// keywordWords is how many words the list's keyword is ("declare capture": 2).
func (v ListView[M]) keywordWords() int { return len(strings.Fields(v.keyword)) }

// Keyword is the words every line of the list starts with.
func (v ListView[M]) Keyword() string { return v.keyword }

// ItemText is m as its line says it after the keyword, as the agent would
// write it; `no log`, the negation of a list, is "no".
func (v ListView[M]) ItemText(m M) string {
	w := v.words(&m)
	if len(w) > 1 && w[0] == "no" && negatedLists[v.keyword] {
		return "no"
	}
	return strings.Join(w[v.keywordWords():], " ")
}

// lineOfText is the line of an item's text.
func (v ListView[M]) lineOfText(text string) *Line {
	if text == "no" && negatedLists[v.keyword] {
		return newLine("no " + v.keyword)
	}
	return newLine(v.keyword + " " + text)
}

// ParseItem reads an item from the text of its line after the keyword, and
// checks it as a write would. It refuses text it cannot take whole: control
// characters, a comment, and words the list's tables do not read (a misspelled
// keyword, an argument too many), which a write would drop.
func (v ListView[M]) ParseItem(text string) (M, error) {
	var m M
	if err := checkText("", text); err != nil {
		return m, err
	}
	l := v.lineOfText(text)
	if _, _, ok := lineComment(l); ok {
		return m, &FieldError{"", "a '#' outside quotes starts a comment, which is not part of the line; quote it"}
	}
	if problem := lineProblem(l); problem != "" {
		return m, &FieldError{"", problem}
	}
	if len(l.words) <= v.keywordWords() {
		return m, &FieldError{"", "is empty"}
	}
	m = v.read(l)
	if err := v.check(&m); err != nil {
		return m, err
	}
	// What a write would make of it, spelled like the text: the same words,
	// or some were not read.
	written := v.words(&m)
	if v.wordsLike != nil {
		written = v.wordsLike(l, &m)
	}
	if got := newLine(strings.Join(written, " ")); !slices.Equal(got.words, l.words) {
		return m, &FieldError{"", fmt.Sprintf("not all of it is understood: it would be written %q; "+
			"check the keywords and their arguments against HAProxy's manual", strings.Join(got.words, " "))}
	}
	return m, nil
}

// SameItem tells whether a and b say the same, their metadata (the line's
// comment, which the text of an item does not hold) aside.
func (v ListView[M]) SameItem(a, b M) bool {
	*v.metadata(&a), *v.metadata(&b) = nil, nil
	return reflect.DeepEqual(a, b)
}
