# <userlist name>
terraform import haproxy_userlist.admins admins
