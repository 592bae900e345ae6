package haproxy

import (
	"fmt"
	"strconv"
	"strings"
)

// ServerState is a server as the running worker sees it.
type ServerState struct {
	ID               int64 // srv_id: HAProxy's numeric id within the backend
	Name             string
	Address          string // the IP; the FQDN for a name HAProxy has not resolved; "-" for none
	Port             int64  // 0 when the server has none
	AdminState       string // "ready" | "maint" | "drain"
	OperationalState string // "up" | "down" | "stopping"
	Weight           int64  // the current (user-set) weight
	CurrentSessions  int64
}

// srv_admin_state flags, from HAProxy's server-t.h (unchanged since 1.6).
const (
	admForcedMaint    = 0x01 // set server state maint, or a server just added at runtime
	admInheritedMaint = 0x02 // tracks a server in maintenance
	admConfigMaint    = 0x04 // `disabled` in the config
	admForcedDrain    = 0x08 // set server state drain
	admInheritedDrain = 0x10 // tracks a server in drain
	admResolveMaint   = 0x20 // its name failed to resolve
	admMaint          = admForcedMaint | admInheritedMaint | admConfigMaint | admResolveMaint
	admDrain          = admForcedDrain | admInheritedDrain
)

// stateRow is one server of `show servers state`, before stats are joined in.
type stateRow struct {
	backendID int64
	ServerState
}

// parseServersState reads `show servers state <backend>` (format version 1):
//
//	1
//	# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight ...
//	3 be 1 s1 127.0.0.1 2 0 10 10 17 1 0 2 0 0 0 0 - 21090 - 0 0 - - 0
//
// Columns are found by name in the header line, so that a later version that
// appends columns still parses.
func parseServersState(text string) ([]stateRow, error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "1" {
		return nil, fmt.Errorf("show servers state: unexpected answer %q", firstLine(text))
	}
	var col map[string]int
	var rows []stateRow
	for _, line := range lines[1:] {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			col = columns(strings.Fields(strings.TrimPrefix(line, "#")))
			continue
		}
		if col == nil {
			return nil, fmt.Errorf("show servers state: no header before %q", line)
		}
		f := strings.Fields(line)
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(f) {
				return f[i]
			}
			return ""
		}
		num := func(name string) (int64, error) {
			n, err := strconv.ParseInt(get(name), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("show servers state: column %s in %q: %w", name, line, err)
			}
			return n, nil
		}
		var r stateRow
		var err error
		var op, adm int64
		for _, n := range []struct {
			name string
			dst  *int64
		}{
			{"be_id", &r.backendID}, {"srv_id", &r.ID}, {"srv_op_state", &op},
			{"srv_admin_state", &adm}, {"srv_uweight", &r.Weight}, {"srv_port", &r.Port},
		} {
			if *n.dst, err = num(n.name); err != nil {
				return nil, err
			}
		}
		r.Name = get("srv_name")
		r.Address = get("srv_addr")
		if fqdn := get("srv_fqdn"); r.Address == "-" && fqdn != "" && fqdn != "-" {
			r.Address = fqdn
		}
		r.AdminState = adminState(adm)
		r.OperationalState = operationalState(op)
		rows = append(rows, r)
	}
	return rows, nil
}

func adminState(flags int64) string {
	switch {
	case flags&admMaint != 0:
		return "maint"
	case flags&admDrain != 0:
		return "drain"
	}
	return "ready"
}

// operationalState maps srv_op_state: 0 stopped, 1 starting (slowstart), 2
// running, 3 stopping (soft-stopped by a check, as `http-check disable-on-404`).
func operationalState(st int64) string {
	switch st {
	case 1, 2:
		return "up"
	case 3:
		return "stopping"
	}
	return "down"
}

// serverStat is what `show stat` adds to the state: sessions on the server now,
// and requests queued for it.
type serverStat struct {
	sessions, queued int64
}

// parseStat reads the CSV of `show stat`, keeping the server rows of backend:
//
//	# pxname,svname,qcur,qmax,scur,...
//	be,s1,0,0,0,0,,0,...
func parseStat(text, backend string) (map[string]serverStat, error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "# ") {
		return nil, fmt.Errorf("show stat: unexpected answer %q", firstLine(text))
	}
	col := columns(strings.Split(strings.TrimPrefix(lines[0], "# "), ","))
	for _, name := range []string{"pxname", "svname", "scur", "qcur"} {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("show stat: no %s column", name)
		}
	}
	stats := map[string]serverStat{}
	for _, line := range lines[1:] {
		f := strings.Split(strings.TrimSpace(line), ",")
		if len(f) <= col["qcur"] || len(f) <= col["scur"] || f[col["pxname"]] != backend {
			continue
		}
		name := f[col["svname"]]
		if name == "FRONTEND" || name == "BACKEND" {
			continue
		}
		var s serverStat
		s.sessions, _ = strconv.ParseInt(f[col["scur"]], 10, 64)
		s.queued, _ = strconv.ParseInt(f[col["qcur"]], 10, 64)
		stats[name] = s
	}
	return stats, nil
}

func columns(names []string) map[string]int {
	col := make(map[string]int, len(names))
	for i, n := range names {
		col[strings.TrimSpace(n)] = i
	}
	return col
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
