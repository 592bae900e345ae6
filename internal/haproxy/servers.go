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
	ServerDetail
}

// ServerDetail is the rest of what `show servers state` says of a server, as
// HAProxy writes it (numbers are its codes, "" where it writes "-"), for
// clients that read the official runtime_server model whole.
type ServerDetail struct {
	BackendID       int64  // be_id
	BackendName     string // be_name
	InitialWeight   int64  // srv_iweight: the weight in the configuration
	SinceChange     int64  // srv_time_since_last_change, in seconds
	CheckStatus     int64  // srv_check_status
	CheckResult     int64  // srv_check_result
	CheckHealth     int64  // srv_check_health
	CheckState      int64  // srv_check_state
	AgentState      int64  // srv_agent_state
	BackendForcedID int64  // bk_f_forced_id: 1 when the backend's id is set in the configuration
	ForcedID        int64  // srv_f_forced_id: 1 when the server's id is
	FQDN            string // srv_fqdn
	SRVRecord       string // srvrecord
	UseSSL          bool   // srv_use_ssl
	CheckPort       int64  // srv_check_port
	CheckAddr       string // srv_check_addr
	AgentAddr       string // srv_agent_addr
	AgentPort       int64  // srv_agent_port
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

// parseServersState reads `show servers state <backend>` (format version 1),
// before `show stat` adds the sessions:
//
//	1
//	# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight ...
//	3 be 1 s1 127.0.0.1 2 0 10 10 17 1 0 2 0 0 0 0 - 21090 - 0 0 - - 0
//
// Columns are found by name in the header line, so that a later version that
// appends columns still parses.
func parseServersState(text string) ([]ServerState, error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "1" {
		return nil, fmt.Errorf("show servers state: unexpected answer %q", firstLine(text))
	}
	var col map[string]int
	var rows []ServerState
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
		var r ServerState
		var err error
		var op, adm int64
		for _, n := range []struct {
			name string
			dst  *int64
		}{
			{"be_id", &r.BackendID}, {"srv_id", &r.ID}, {"srv_op_state", &op},
			{"srv_admin_state", &adm}, {"srv_uweight", &r.Weight}, {"srv_port", &r.Port},
		} {
			if *n.dst, err = num(n.name); err != nil {
				return nil, err
			}
		}
		// The detail columns are read when there: a number HAProxy did not
		// write is 0, a name it wrote as "-" is "".
		text := func(name string) string {
			if v := get(name); v != "-" {
				return v
			}
			return ""
		}
		for _, n := range []struct {
			name string
			dst  *int64
		}{
			{"srv_iweight", &r.InitialWeight}, {"srv_time_since_last_change", &r.SinceChange},
			{"srv_check_status", &r.CheckStatus}, {"srv_check_result", &r.CheckResult},
			{"srv_check_health", &r.CheckHealth}, {"srv_check_state", &r.CheckState},
			{"srv_agent_state", &r.AgentState}, {"bk_f_forced_id", &r.BackendForcedID},
			{"srv_f_forced_id", &r.ForcedID}, {"srv_check_port", &r.CheckPort}, {"srv_agent_port", &r.AgentPort},
		} {
			*n.dst, _ = strconv.ParseInt(get(n.name), 10, 64)
		}
		r.BackendName, r.FQDN, r.SRVRecord = text("be_name"), text("srv_fqdn"), text("srvrecord")
		r.CheckAddr, r.AgentAddr = text("srv_check_addr"), text("srv_agent_addr")
		r.UseSSL = get("srv_use_ssl") == "1"
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
