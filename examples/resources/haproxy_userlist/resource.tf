variable "alice_password_hash" {
  description = "crypt(3) hash of alice's password, such as the output of `openssl passwd -6`."
  type        = string
  sensitive   = true
}

resource "haproxy_userlist" "admins" {
  name = "admins"
  groups = {
    ops = {}
  }
  users = {
    alice = { password = var.alice_password_hash, groups = ["ops"] }
  }
}

# A backend asks for those credentials with an http-request rule:
#   http-request auth realm admin unless { http_auth(admins) }
