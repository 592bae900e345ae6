package haproxy

import "testing"

func TestParseInfo(t *testing.T) {
	info := parseInfo("Name: HAProxy\nVersion: 2.6.12-1+deb12u3\nRelease_date: 2025/10/03\nPid: 4242\nUnstoppable Jobs: 0\nnode: lb1\ndescription: \n\n")
	for name, want := range map[string]string{"Version": "2.6.12-1+deb12u3", "Release_date": "2025/10/03", "Pid": "4242", "Unstoppable Jobs": "0", "node": "lb1", "description": ""} {
		if got, ok := info[name]; !ok || got != want {
			t.Errorf("%s: %q %v, want %q", name, got, ok, want)
		}
	}
	if len(info) != 7 {
		t.Errorf("%d entries: %v", len(info), info)
	}
}
