package dataplane

import (
	"maps"
	"reflect"
	"slices"
)

// OfficialFields are the property names of the official Data Plane API v3 models
// for the objects this project serves, by the spec's model name (stick_table is
// the spec's config_stick_table). They are facts taken from the official
// specification, sorted: the union of its versions 3.0 to 3.4, since clients of
// any v3 send them (3.4 dropped http-use-htx and http_proxy). The code that uses
// them is ours.
//
// The agent decodes request bodies against them (see internal/agent/body.go): a
// member the official model defines and ours does not is refused unless it is
// empty, and a member it does not define is ignored, as the official server
// ignores it. What "ours" models is read from the json tags of the Go types in
// OfficialKinds, so modeling a field here needs no change to this list.
var OfficialFields = map[string][]string{
	"frontend": {"abortonclose", "accept_invalid_http_request", "accept_unsafe_violations_in_http_request",
		"acl_list", "backend_switching_rule_list", "backlog", "binds", "capture_list", "clflog",
		"client_fin_timeout", "client_timeout", "clitcpka", "clitcpka_cnt", "clitcpka_idle", "clitcpka_intvl",
		"compression", "contstats", "default_backend", "description", "disable_h2_upgrade", "disabled",
		"dontlog_normal", "dontlognull", "email_alert", "enabled", "error_files", "error_log_format",
		"errorfiles_from_http_errors", "errorloc302", "errorloc303", "filter_list", "filter_sequence_list",
		"force_be_switch_list", "forwarded", "forwardfor", "from", "guid", "h1_case_adjust_bogus_client",
		"http-buffer-request", "http-drop-response-trailers", "http-use-htx", "http_after_response_rule_list",
		"http_connection_mode", "http_error_rule_list", "http_ignore_probes", "http_keep_alive_timeout",
		"http_no_delay", "http_request_rule_list", "http_request_timeout", "http_response_rule_list",
		"http_restrict_req_hdr_names", "http_use_proxy_header", "httplog", "httpslog", "id",
		"idle_close_on_response", "independent_streams", "log_format", "log_format_sd", "log_separate_errors",
		"log_steps", "log_tag", "log_target_list", "logasap", "maxconn", "metadata", "mode", "monitor_fail",
		"monitor_uri", "name", "nolinger", "originalto", "quic_initial_rule_list", "socket_stats", "splice_auto",
		"splice_request", "splice_response", "ssl_front_use_list", "stats_options", "stick_table",
		"tarpit_timeout", "tcp_request_rule_list", "tcp_smart_accept", "tcpka", "tcplog", "unique_id_format",
		"unique_id_header"},
	"backend": {"abortonclose", "accept_invalid_http_response", "accept_unsafe_violations_in_http_response",
		"acl_list", "adv_check", "allbackups", "balance", "check_timeout", "checkcache", "compression",
		"connect_timeout", "cookie", "default_server", "description", "disabled", "dynamic_cookie_key",
		"email_alert", "enabled", "error_files", "errorfiles_from_http_errors", "errorloc302", "errorloc303",
		"external_check", "external_check_command", "external_check_path", "filter_list", "filter_sequence_list",
		"force_persist", "force_persist_list", "forwarded", "forwardfor", "from", "fullconn", "guid",
		"h1_case_adjust_bogus_server", "hash_balance_factor", "hash_preserve_affinity", "hash_type",
		"http-buffer-request", "http-drop-request-trailers", "http-no-delay", "http-use-htx",
		"http_after_response_rule_list", "http_check_list", "http_connection_mode", "http_error_rule_list",
		"http_keep_alive_timeout", "http_pretend_keepalive", "http_proxy", "http_request_rule_list",
		"http_request_timeout", "http_response_rule_list", "http_restrict_req_hdr_names", "http_reuse",
		"http_send_name_header", "httpchk_params", "id", "ignore_persist", "ignore_persist_list",
		"independent_streams", "load_server_state_from_file", "log_health_checks", "log_tag", "log_target_list",
		"max_keep_alive_queue", "metadata", "mode", "mysql_check_params", "name", "nolinger", "originalto",
		"persist", "persist_rule", "pgsql_check_params", "prefer_last_server", "queue_timeout", "redispatch",
		"retries", "retry_on", "server_fin_timeout", "server_state_file_name", "server_switching_rule_list",
		"server_templates", "server_timeout", "servers", "smtpchk_params", "source", "splice_auto",
		"splice_request", "splice_response", "spop_check", "srvtcpka", "srvtcpka_cnt", "srvtcpka_idle",
		"srvtcpka_intvl", "stats_options", "stick_rule_list", "stick_table", "tarpit_timeout",
		"tcp_check_rule_list", "tcp_request_rule_list", "tcp_response_rule_list", "tcp_smart_connect", "tcpka",
		"transparent", "tunnel_timeout", "use_fcgi_app", "use_small_buffers"},
	"defaults": {"abortonclose", "accept_invalid_http_request", "accept_invalid_http_response",
		"accept_unsafe_violations_in_http_request", "accept_unsafe_violations_in_http_response", "acl_list",
		"adv_check", "allbackups", "backlog", "balance", "check_timeout", "checkcache", "clflog", "client_fin_timeout",
		"client_timeout", "clitcpka", "clitcpka_cnt", "clitcpka_idle", "clitcpka_intvl", "compression",
		"connect_timeout", "contstats", "cookie", "default_backend", "default_server", "disable_h2_upgrade", "disabled",
		"dontlog_normal", "dontlognull", "dynamic_cookie_key", "email_alert", "enabled", "error_files",
		"error_log_format", "errorfiles_from_http_errors", "errorloc302", "errorloc303", "external_check",
		"external_check_command", "external_check_path", "forwarded", "forwardfor", "from", "fullconn",
		"h1_case_adjust_bogus_client", "h1_case_adjust_bogus_server", "hash_balance_factor", "hash_preserve_affinity",
		"hash_type", "http-buffer-request", "http-drop-request-trailers", "http-drop-response-trailers", "http-use-htx",
		"http_after_response_rule_list", "http_check_list", "http_connection_mode", "http_error_rule_list",
		"http_ignore_probes", "http_keep_alive_timeout", "http_no_delay", "http_pretend_keepalive",
		"http_request_rule_list", "http_request_timeout", "http_response_rule_list", "http_restrict_req_hdr_names",
		"http_reuse", "http_send_name_header", "http_use_proxy_header", "httpchk_params", "httplog", "httpslog",
		"idle_close_on_response", "independent_streams", "load_server_state_from_file", "log_format", "log_format_sd",
		"log_health_checks", "log_separate_errors", "log_steps", "log_tag", "log_target_list", "logasap",
		"max_keep_alive_queue", "maxconn", "metadata", "mode", "monitor_uri", "mysql_check_params", "name", "nolinger",
		"originalto", "persist", "persist_rule", "pgsql_check_params", "prefer_last_server", "queue_timeout",
		"quic_initial_rule_list", "redispatch", "retries", "retry_on", "server_fin_timeout", "server_timeout",
		"smtpchk_params", "socket_stats", "source", "splice_auto", "splice_request", "splice_response", "srvtcpka",
		"srvtcpka_cnt", "srvtcpka_idle", "srvtcpka_intvl", "stats_options", "tarpit_timeout", "tcp_check_rule_list",
		"tcp_request_rule_list", "tcp_response_rule_list", "tcp_smart_accept", "tcp_smart_connect", "tcpka", "tcplog",
		"transparent", "tunnel_timeout", "unique_id_format", "unique_id_header", "use_small_buffers"},
	"server":         officialWith(officialServerParams, "address", "id", "metadata", "name", "port"),
	"default_server": officialServerParams,
	"bind": {"accept_netscaler_cip", "accept_proxy", "address", "allow_0rtt", "alpn", "backlog",
		"ca_ignore_err", "ca_sign_file", "ca_sign_pass", "ca_verify_file", "cc", "ciphers", "ciphersuites",
		"client_sigalgs", "crl_file", "crt_ignore_err", "crt_list", "curves", "default_crt_list", "defer_accept",
		"ecdhe", "expose_fd_listeners", "force_sslv3", "force_strict_sni", "force_tlsv10", "force_tlsv11",
		"force_tlsv12", "force_tlsv13", "generate_certificates", "gid", "group", "guid_prefix", "id", "idle_ping",
		"interface", "ktls", "label", "level", "maxconn", "metadata", "mode", "mss", "name", "namespace", "nbconn",
		"nice", "no_alpn", "no_ca_names", "no_sslv3", "no_strict_sni", "no_tls_tickets", "no_tlsv10", "no_tlsv11",
		"no_tlsv12", "no_tlsv13", "npn", "port", "port-range-end", "prefer_client_ciphers", "proto",
		"quic-cc-algo", "quic-force-retry", "quic-socket", "quic_cc_algo_burst_size", "quic_cc_algo_max_window",
		"severity_output", "shards", "sigalgs", "ssl", "ssl_cafile", "ssl_certificate", "ssl_max_ver",
		"ssl_min_ver", "sslv3", "strict_sni", "tcp_md5sig", "tcp_ss", "tcp_user_timeout", "tfo", "thread",
		"tls_ticket_keys", "tls_tickets", "tlsv10", "tlsv11", "tlsv12", "tlsv13", "transparent", "uid", "user",
		"v4v6", "v6only", "verify"},
	"acl": {"acl_name", "criterion", "metadata", "value"},
	"http_request_rule": {"acl_file", "acl_keyfmt", "auth_realm", "bandwidth_limit_limit",
		"bandwidth_limit_name", "bandwidth_limit_period", "cache_name", "capture_id", "capture_len",
		"capture_sample", "cond", "cond_test", "deny_status", "expr", "hdr_expr", "hdr_format", "hdr_match",
		"hdr_method", "hdr_name", "hdr_prefix", "hint_format", "hint_name", "log_level", "log_profile",
		"lua_action", "lua_params", "map_file", "map_keyfmt", "map_valuefmt", "mark_value", "metadata",
		"method_fmt", "nice_value", "normalizer", "normalizer_full", "normalizer_strict", "path_fmt", "path_match",
		"protocol", "query-fmt", "redir_code", "redir_option", "redir_type", "redir_value", "resolvers",
		"return_content", "return_content_format", "return_content_type", "return_hdrs", "return_status_code",
		"rst_ttl", "sc_expr", "sc_id", "sc_idx", "sc_int", "service_name", "spoe_engine", "spoe_group",
		"strict_mode", "timeout", "timeout_type", "tos_value", "track_sc_key", "track_sc_stick_counter",
		"track_sc_table", "type", "uri-fmt", "uri-match", "var_expr", "var_format", "var_name", "var_scope",
		"wait_at_least", "wait_time"},
	"backend_switching_rule": {"cond", "cond_test", "metadata", "name"},
	"return_header":          {"fmt", "name"},
	"balance": {"algorithm", "hash_expression", "hdr_name", "hdr_use_domain_only", "random_draws",
		"rdp_cookie_name", "uri_depth", "uri_len", "uri_path_only", "uri_whole", "url_param",
		"url_param_check_post", "url_param_max_wait"},
	"cookie": {"attr", "domain", "dynamic", "httponly", "indirect", "maxidle", "maxlife", "name", "nocache",
		"postonly", "preserve", "secure", "type"},
	"forwardfor":        {"enabled", "except", "header", "ifnone"},
	"hash_type":         {"function", "method", "modifier"},
	"redispatch":        {"enabled", "interval"},
	"httpchk_params":    {"host", "method", "uri", "version"},
	"use_small_buffers": {"check", "enabled", "l7_retries", "queue"},
	// an object of its own in server_params, named as the official client's model
	"server_params_set_proxy_v2_tlv_fmt": {"id", "value"},
	"stick_table": {"expire", "keylen", "metadata", "nopurge", "peers", "recv_only", "size", "srvkey", "store",
		"type", "write_to"},
	"compression": {"algo-req", "algorithms", "algos-res", "direction", "minsize_req", "minsize_res", "offload",
		"types", "types-req", "types-res"},
	"stats_options": {"stats_admin", "stats_admin_cond", "stats_admin_cond_test", "stats_auths", "stats_enable",
		"stats_hide_version", "stats_http_requests", "stats_maxconn", "stats_realm", "stats_realm_realm",
		"stats_refresh_delay", "stats_show_desc", "stats_show_legends", "stats_show_modules", "stats_show_node_name",
		"stats_show_version", "stats_uri_prefix"},
	"stats_auth":         {"passwd", "user"},
	"stats_http_request": {"cond", "cond_test", "realm", "type"},
	"email_alert":        {"from", "level", "mailers", "metadata", "myhostname", "to"},
	"errorfile":          {"code", "file"},
	"errorfiles":         {"codes", "metadata", "name"},
	"errorloc":           {"code", "metadata", "url"},
	"originalto":         {"enabled", "except", "header"},
	"forwarded": {"by", "by_expr", "by_port", "by_port_expr", "enabled", "for", "for_expr", "for_port",
		"for_port_expr", "host", "host_expr", "proto"},
	"monitor_fail":       {"cond", "cond_test"},
	"persist_rule":       {"rdp_cookie_name", "type"},
	"source":             {"address", "address_second", "hdr", "interface", "occ", "port", "port_second", "usesrc"},
	"mysql_check_params": {"client_version", "username"},
	"pgsql_check_params": {"username"},
	"smtpchk_params":     {"domain", "hello"},
	// The spec defines these two inline, without a model name: the items of a
	// backend's force_persist_list and ignore_persist_list, and of a cookie's
	// domain and attr.
	"persist_cond": {"cond", "cond_test"},
	"cookie_value": {"value"},
	"runtime_server": {"address", "admin_state", "agent_addr", "agent_port", "agent_state", "backend_forced_id",
		"backend_id", "backend_name", "check_addr", "check_health", "check_port", "check_result", "check_state",
		"check_status", "forced_id", "fqdn", "id", "iweight", "last_time_change", "name", "operational_state",
		"port", "srvrecord", "use_ssl", "uweight", "weight"},
}

// officialServerParams is the official server_params model, which
// default_server is and server extends (the spec's allOf).
var officialServerParams = []string{"agent-addr", "agent-check", "agent-inter", "agent-port", "agent-send", "allow_0rtt",
	"alpn", "backup", "cc", "check", "check-pool-conn-name", "check-reuse-pool", "check-send-proxy",
	"check-sni", "check-ssl", "check_alpn", "check_proto", "check_sni_auto", "check_via_socks4", "ciphers",
	"ciphersuites", "client_sigalgs", "cookie", "crl_file", "curves", "downinter", "error_limit", "fall",
	"fastinter", "force_sslv3", "force_tlsv10", "force_tlsv11", "force_tlsv12", "force_tlsv13", "guid",
	"hash_key", "health_check_address", "health_check_port", "idle_ping", "init-addr", "init-state", "inter",
	"ktls", "log-bufsize", "log_proto", "maintenance", "max_reuse", "maxconn", "maxqueue", "minconn",
	"namespace", "no_sslv3", "no_tlsv10", "no_tlsv11", "no_tlsv12", "no_tlsv13", "no_verifyhost", "npn",
	"observe", "on-error", "on-marked-down", "on-marked-up", "pool_conn_name", "pool_low_conn",
	"pool_max_conn", "pool_purge_delay", "proto", "proxy-v2-options", "quic-cc-algo",
	"quic_cc_algo_max_window", "redir", "renegotiate", "resolve-net", "resolve-prefer", "resolve_opts",
	"resolvers", "rise", "send-proxy", "send-proxy-v2", "send_proxy_v2_ssl", "send_proxy_v2_ssl_cn",
	"set-proxy-v2-tlv-fmt", "shard", "sigalgs", "slowstart", "sni", "sni_auto", "socks4", "source", "ssl",
	"ssl_cafile", "ssl_certificate", "ssl_max_ver", "ssl_min_ver", "ssl_reuse", "sslv3", "stick",
	"strict-maxconn", "tcp_md5sig", "tcp_ut", "tfo", "tls_tickets", "tlsv10", "tlsv11", "tlsv12", "tlsv13",
	"track", "verify", "verifyhost", "weight", "ws"}

// officialWith is names and more, sorted.
func officialWith(names []string, more ...string) []string {
	return slices.Sorted(slices.Values(append(slices.Clone(names), more...)))
}

// OfficialKinds names the official model of each Go model type. A struct type
// that a served model holds must be listed (TestEveryModelHasAnOfficialKind).
// ServerParams alone is a backend's default_server; inside Server, whose fields
// it adds to, the official model is server.
var OfficialKinds = map[reflect.Type]string{
	reflect.TypeFor[Frontend]():             "frontend",
	reflect.TypeFor[Backend]():              "backend",
	reflect.TypeFor[Server]():               "server",
	reflect.TypeFor[ServerParams]():         "default_server",
	reflect.TypeFor[Bind]():                 "bind",
	reflect.TypeFor[ACL]():                  "acl",
	reflect.TypeFor[HTTPRequestRule]():      "http_request_rule",
	reflect.TypeFor[BackendSwitchingRule](): "backend_switching_rule",
	reflect.TypeFor[ReturnHeader]():         "return_header",
	reflect.TypeFor[Balance]():              "balance",
	reflect.TypeFor[Cookie]():               "cookie",
	reflect.TypeFor[Forwardfor]():           "forwardfor",
	reflect.TypeFor[HashType]():             "hash_type",
	reflect.TypeFor[Redispatch]():           "redispatch",
	reflect.TypeFor[HttpchkParams]():        "httpchk_params",
	reflect.TypeFor[UseSmallBuffers]():      "use_small_buffers",
	reflect.TypeFor[IDValue]():              "server_params_set_proxy_v2_tlv_fmt",
	reflect.TypeFor[RuntimeServer]():        "runtime_server",
	reflect.TypeFor[StickTable]():           "stick_table",
	reflect.TypeFor[Compression]():          "compression",
	reflect.TypeFor[StatsOptions]():         "stats_options",
	reflect.TypeFor[StatsAuth]():            "stats_auth",
	reflect.TypeFor[StatsHTTPRequest]():     "stats_http_request",
	reflect.TypeFor[EmailAlert]():           "email_alert",
	reflect.TypeFor[Errorfile]():            "errorfile",
	reflect.TypeFor[Errorfiles]():           "errorfiles",
	reflect.TypeFor[Errorloc]():             "errorloc",
	reflect.TypeFor[Originalto]():           "originalto",
	reflect.TypeFor[Forwarded]():            "forwarded",
	reflect.TypeFor[MonitorFail]():          "monitor_fail",
	reflect.TypeFor[PersistRule]():          "persist_rule",
	reflect.TypeFor[Source]():               "source",
	reflect.TypeFor[MysqlCheckParams]():     "mysql_check_params",
	reflect.TypeFor[PgsqlCheckParams]():     "pgsql_check_params",
	reflect.TypeFor[SmtpchkParams]():        "smtpchk_params",
	reflect.TypeFor[PersistCond]():          "persist_cond",
	reflect.TypeFor[CookieValue]():          "cookie_value",
	reflect.TypeFor[Defaults]():             "defaults",
	reflect.TypeFor[Listen]():               "listen",
}

// ModelFields are the JSON members a Go model type decodes, by name, with their
// types; the fields of an embedded struct count as the outer type's, as
// encoding/json reads them.
func ModelFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name := JSONName(f)
		switch {
		case f.Tag.Get("json") == "-":
		case f.Anonymous && name == "":
			maps.Copy(fields, ModelFields(f.Type))
		case f.IsExported():
			if name == "" {
				name = f.Name
			}
			fields[name] = f.Type
		}
	}
	return fields
}
