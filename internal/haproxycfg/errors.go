package haproxycfg

import (
	"errors"
	"fmt"
)

// The kinds of error an edit returns. Each is wrapped with the object it is about,
// and its text is the Data Plane API's message category.
var (
	ErrNotFound = errors.New("missing object")
	ErrExists   = errors.New("object already exists")
	ErrInvalid  = errors.New("invalid value")
	// ErrReadBack marks an ErrInvalid about a value that would not read back as
	// written: HAProxy would read its line as saying something else.
	ErrReadBack = errors.New("value does not read back")
	// ErrTooLong marks a name, value or line longer than its documented maximum
	// (MaxNameLength, MaxValueLength, MaxLineBytes).
	ErrTooLong = errors.New("value too long")
	// ErrFile marks an ErrInvalid about a value naming a file outside the
	// directories values may name files in (see AllowFiles).
	ErrFile       = errors.New("file outside the allowed directories")
	ErrOutOfRange = errors.New("index out of range")
	// ErrMissingParent marks an ErrNotFound about the section a child belongs to:
	// the Data Plane API answers it differently from a missing child.
	ErrMissingParent = errors.New("missing parent")
	// ErrChildMember marks an ErrInvalid about a child member of a section
	// model (acl_list, servers ...) written without full_section that says
	// other children than the section has (see full.go).
	ErrChildMember = errors.New("child member written without full_section")
)

// FieldError is a value that cannot be written, naming the field that holds it.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string {
	if e.Field == "" { // the line as a whole
		return fmt.Sprintf("%s: %s", ErrInvalid, e.Reason)
	}
	return fmt.Sprintf("%s: %s: %s", ErrInvalid, e.Field, e.Reason)
}
func (e *FieldError) Unwrap() error { return ErrInvalid }

// within names err's field as one of member's: "stick_table.metadata" for a
// nested object's "metadata". Other errors are returned as they are.
func within(member string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		fe.Field = member + "." + fe.Field
	}
	return err
}

// tooLongError is the FieldError of a name or value over its maximum length: it
// is ErrInvalid and ErrTooLong.
type tooLongError struct{ FieldError }

func (e *tooLongError) Unwrap() []error { return []error{&e.FieldError, ErrTooLong} }

func tooLong(field string, n, limit int) error {
	return &tooLongError{FieldError{field, fmt.Sprintf("%d bytes long, the maximum is %d", n, limit)}}
}

func notFound(kind, name string) error {
	return fmt.Errorf("%w: %s %s does not exist", ErrNotFound, kind, name)
}

// missingParent is a notFound about a parent section; it is both ErrNotFound and
// ErrMissingParent.
type missingParent struct{ error }

func (e missingParent) Unwrap() []error { return []error{e.error, ErrMissingParent} }

func parentNotFound(kind, name string) error { return missingParent{notFound(kind, name)} }

func exists(kind, name string) error {
	return fmt.Errorf("%w: %s %s already exists", ErrExists, kind, name)
}

// childMemberError is the FieldError of a child member written without
// full_section: it is ErrInvalid and ErrChildMember.
type childMemberError struct{ FieldError }

func (e *childMemberError) Unwrap() []error { return []error{&e.FieldError, ErrChildMember} }
