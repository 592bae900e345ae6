import {
  to = haproxy_backend.app
  id = "be_app"
}
