import {
  to = haproxy_server.web1
  id = "be_app/web1"
}
