package haproxycfg

import (
	"fmt"
	"slices"
	"strings"
)

// Every value is checked before it is written; a bad one is a *FieldError naming
// its field, and the config is left as it was.

// checkText rejects values that would break out of their line: newlines, NUL and
// every other control character, and values over MaxValueLength. Every string
// written to the file passes here.
func checkText(field, v string) error {
	if len(v) > MaxValueLength {
		return tooLong(field, len(v), MaxValueLength)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f {
			return &FieldError{field, fmt.Sprintf(`control character %q is not allowed; spell it as haproxy.cfg does, such as \n inside double quotes`, c)}
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

// checkName checks a name against the characters HAProxy allows in names, and
// against MaxNameLength.
func checkName(field, v string) error {
	if v == "" {
		return &FieldError{field, "must not be empty"}
	}
	if len(v) > MaxNameLength {
		return tooLong(field, len(v), MaxNameLength)
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

// enumCheck is one enumerated field to check.
type enumCheck struct {
	field, value string
	allowed      []string
}

func checkEnums(checks ...enumCheck) error {
	for _, e := range checks {
		if err := checkOneOf(e.field, e.value, e.allowed...); err != nil {
			return err
		}
	}
	return nil
}

// rangeCheck is one optional integer field to check.
type rangeCheck struct {
	field  string
	value  *int64
	lo, hi int64
}

func checkRanges(checks ...rangeCheck) error {
	for _, r := range checks {
		if err := checkRange(r.field, r.value, r.lo, r.hi); err != nil {
			return err
		}
	}
	return nil
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	if i := slices.IndexFunc(errs, func(e error) bool { return e != nil }); i >= 0 {
		return errs[i]
	}
	return nil
}
