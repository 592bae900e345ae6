package provider

import (
	"os"
	"os/exec"
	"testing"
)

// TestFloorProviderBuilds keeps testdata/floorprovider, which only the
// benchmark runs and ./... leaves out, building.
func TestFloorProviderBuilds(t *testing.T) {
	if out, err := exec.Command("go", "build", "-o", os.DevNull, "./testdata/floorprovider").CombinedOutput(); err != nil {
		t.Fatalf("go build ./testdata/floorprovider: %v\n%s", err, out)
	}
}
