package haproxycfg

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of error an edit returns. Each is wrapped with the object it is about,
// and its text is the Data Plane API's message category.
var (
	ErrNotFound = errors.New("missing object")
	ErrExists   = errors.New("object already exists")
	ErrInvalid  = errors.New("invalid value")
)

// FieldError is a value that cannot be written, naming the field that holds it.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s: %s", ErrInvalid, e.Field, e.Reason) }
func (e *FieldError) Unwrap() error { return ErrInvalid }

func notFound(kind, name string) error {
	return fmt.Errorf("%w: %s %s does not exist", ErrNotFound, kind, name)
}

func exists(kind, name string) error {
	return fmt.Errorf("%w: %s %s already exists", ErrExists, kind, name)
}

// checkText rejects values that would break out of their line: newlines, NUL and
// every other control character. Every string written to the file passes here.
func checkText(field, v string) error {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f {
			return &FieldError{field, fmt.Sprintf("control character %q is not allowed", c)}
		}
	}
	return nil
}

// checkWord is checkText for a value written as one word: it must not be empty.
func checkWord(field, v string) error {
	if v == "" {
		return &FieldError{field, "must not be empty"}
	}
	return checkText(field, v)
}

// nameChars are the characters HAProxy accepts in proxy, server and ACL names.
const nameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:"

// checkName checks a name against the characters HAProxy allows in names.
func checkName(field, v string) error {
	if v == "" {
		return &FieldError{field, "must not be empty"}
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune(nameChars, r) }); i >= 0 {
		return &FieldError{field, fmt.Sprintf("%q has character %q; allowed are letters, digits and - _ . :", v, v[i])}
	}
	return nil
}

// checkOneOf checks an enumerated value; empty means unset and passes.
func checkOneOf(field, v string, allowed ...string) error {
	if v == "" {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return &FieldError{field, fmt.Sprintf("%q is not one of %s", v, strings.Join(allowed, ", "))}
}

// checkRange checks an optional integer.
func checkRange(field string, v *int64, lo, hi int64) error {
	if v != nil && (*v < lo || *v > hi) {
		return &FieldError{field, fmt.Sprintf("%d is out of range %d-%d", *v, lo, hi)}
	}
	return nil
}
