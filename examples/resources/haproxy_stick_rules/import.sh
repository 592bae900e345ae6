terraform import haproxy_stick_rules.app backends/be_app
