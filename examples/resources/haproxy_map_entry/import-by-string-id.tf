import {
  to = haproxy_map_entry.shop
  id = "hosts.map/shop.example.com"
}
