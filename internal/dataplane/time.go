package dataplane

import (
	"strconv"
	"strings"
)

// HAProxy times ("50s", "1m", "500ms", "3000") are milliseconds in the models.

// timeUnits are HAProxy's time suffixes in milliseconds, largest first.
var timeUnits = []struct {
	suffix string
	ms     int64
}{{"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}}

// ParseTime reads an HAProxy time as milliseconds; a bare number is milliseconds.
func ParseTime(s string) (int64, bool) {
	if num, ok := strings.CutSuffix(s, "us"); ok {
		v, err := strconv.ParseInt(num, 10, 64)
		return (v + 999) / 1000, err == nil && v >= 0
	}
	unit := int64(1)
	if num, ok := strings.CutSuffix(s, "ms"); ok {
		s = num
	} else {
		for _, u := range timeUnits {
			if num, ok := strings.CutSuffix(s, u.suffix); ok {
				s, unit = num, u.ms
				break
			}
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v * unit, err == nil && v >= 0
}

// FormatTime writes milliseconds in the largest unit that divides them.
func FormatTime(ms int64) string {
	for _, u := range timeUnits {
		if ms != 0 && ms%u.ms == 0 {
			return strconv.FormatInt(ms/u.ms, 10) + u.suffix
		}
	}
	if ms != 0 {
		return strconv.FormatInt(ms, 10) + "ms"
	}
	return "0"
}
