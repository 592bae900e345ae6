# One entry of a map that HAProxy has loaded, whose other entries someone else
# writes: added to the running HAProxy and to the file, with no reload.
resource "haproxy_map_entry" "shop" {
  map   = "hosts.map"
  key   = "shop.example.com"
  value = "be_shop"
}
