package dataplane

import (
	"reflect"
	"strings"
)

// FieldEnum returns the allowed values that model M's field with JSON name member
// declares in its `enum` tag, so that an enum is written once, on the model. It
// panics at start-up when the field or its tag is missing: that is a typo here.
func FieldEnum[M any](member string) []string {
	for _, f := range reflect.VisibleFields(reflect.TypeFor[M]()) {
		if JSONName(f) == member {
			if e := f.Tag.Get("enum"); e != "" {
				return strings.Split(e, "|")
			}
		}
	}
	panic("dataplane: no enum tag on " + reflect.TypeFor[M]().Name() + "." + member)
}

// JSONName is the JSON member a struct field is written as ("" when none).
func JSONName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}
