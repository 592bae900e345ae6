import {
  to = haproxy_userlist.admins
  id = "admins"
}
