package haproxycfg

// diffOp pairs an old index with a new one: both set is a kept item, only old a
// removed one, only new an added one.
type diffOp struct{ old, new int }

// diffBudget bounds the work (diagonal steps and compared items) the diff may
// spend on the part of two lists between their common prefix and suffix, beyond a
// few steps per item. Past it the diff gives up on finding the fewest edits and
// rewrites the middle item by item: lists that differ that much are a new list
// anyway, and a request must not buy unbounded CPU with one PUT.
var diffBudget = 20_000_000 // a var for tests

// diff is an edit script from a to b, in order of a and b. It keeps the items of a
// longest common subsequence (Myers' O((N+M)D) algorithm in linear space) when
// that costs less than diffBudget, else those of the common prefix and suffix and
// the middle items that are equal at the same offset. Within each run of changes,
// removals and additions alternate, so that a changed item is one removal followed
// by its addition: ReplaceAll rewrites it in place.
//
// Space is linear in len(a)+len(b); time is linear for equal lists, appends,
// truncations and any single insert, delete or change, and O((N+M)D) otherwise.
func diff(a, b []string) []diffOp {
	// Items as small integers: comparing them is then one instruction.
	ids := make(map[string]int32, len(a))
	code := func(s []string) []int32 {
		out := make([]int32, len(s))
		for i, v := range s {
			id, ok := ids[v]
			if !ok {
				id = int32(len(ids))
				ids[v] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{a: code(a), b: code(b)}
	d.match = make([]int32, len(a))
	for i := range d.match {
		d.match[i] = -1
	}
	n, m := len(a), len(b)
	size := 2*(n+m) + 3
	d.fwd, d.bwd, d.off = make([]int, size), make([]int, size), n+m+1
	d.budget = diffBudget + 8*(n+m)
	if !d.compare(0, n, 0, m) {
		d.positional(0, n, 0, m)
	}
	return d.script()
}

// differ holds one diff's state: the coded lists, Myers' forward and backward
// frontiers (reused by every call of midSnake), and, for each item of a, the item
// of b it is kept as (-1 when removed).
type differ struct {
	a, b     []int32
	fwd, bwd []int
	off      int
	match    []int32
	budget   int
}

// compare matches a[a0:a1] with b[b0:b1]; false when the budget ran out.
func (d *differ) compare(a0, a1, b0, b1 int) bool {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		d.match[a0] = int32(b0)
		a0, b0 = a0+1, b0+1
	}
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		d.match[a1-1] = int32(b1 - 1)
		a1, b1 = a1-1, b1-1
	}
	if a0 == a1 || b0 == b1 {
		return true // only additions or only removals
	}
	// Both sides non-empty with different first and last items: at least two
	// edits, so both halves around the middle snake are smaller problems.
	x, y, u, v, ok := d.midSnake(a0, a1, b0, b1)
	if !ok {
		return false
	}
	for i := x; i < u; i++ {
		d.match[i] = int32(y + i - x)
	}
	return d.compare(a0, x, b0, y) && d.compare(u, a1, v, b1)
}

// midSnake finds the middle snake of a[a0:a1] and b[b0:b1] (Myers 1986, section
// 4b): a run of equal items, from (x, y) to (u, v), on some shortest edit script.
// fwd[k] is the furthest x the forward paths reach on diagonal k = x - y, bwd[k]
// the same for the backward paths on the reversed lists; -1 is not reached yet.
// Diagonals that run off the grid are dropped from the loops (lo, hi).
func (d *differ) midSnake(a0, a1, b0, b1 int) (x, y, u, v int, ok bool) {
	n, m := a1-a0, b1-b0
	delta := n - m
	odd := delta&1 != 0
	fwd, bwd, off := d.fwd, d.bwd, d.off
	half := (n+m+1)/2 + 1
	for k := off - half - 1; k <= off+half+1; k++ {
		fwd[k], bwd[k] = -1, -1
	}
	fwd[off+1], bwd[off+1] = 0, 0
	// reached is how far the other direction's paths got on diagonal k, or -1 when
	// they did not reach a point of the grid on it (the initial 0 on diagonal 1
	// is no point, nor is one past an edge).
	reached := func(front []int, k int) int {
		if k < -half || k > half {
			return -1
		}
		if x := front[off+k]; x >= 0 && x <= n && x-k >= 0 && x-k <= m {
			return x
		}
		return -1
	}
	var fLo, fHi, bLo, bHi int // diagonals dropped at each end
	for e := 0; e < half; e++ {
		for k := -e + fLo; k <= e-fHi; k += 2 {
			var px int
			if k == -e || (k != e && fwd[off+k-1] < fwd[off+k+1]) {
				px = fwd[off+k+1]
			} else {
				px = fwd[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < m && d.a[a0+px] == d.b[b0+py] {
				px, py = px+1, py+1
			}
			fwd[off+k] = px
			d.budget -= 1 + px - sx
			switch {
			case px > n:
				fHi += 2
			case py > m:
				fLo += 2
			case odd:
				if r := reached(bwd, delta-k); r >= 0 && px+r >= n {
					return a0 + sx, b0 + sy, a0 + px, b0 + py, true
				}
			}
		}
		for k := -e + bLo; k <= e-bHi; k += 2 {
			var px int
			if k == -e || (k != e && bwd[off+k-1] < bwd[off+k+1]) {
				px = bwd[off+k+1]
			} else {
				px = bwd[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < m && d.a[a1-1-px] == d.b[b1-1-py] {
				px, py = px+1, py+1
			}
			bwd[off+k] = px
			d.budget -= 1 + px - sx
			switch {
			case px > n:
				bHi += 2
			case py > m:
				bLo += 2
			case !odd:
				if f := reached(fwd, delta-k); f >= 0 && f+px >= n {
					return a1 - px, b1 - py, a1 - sx, b1 - sy, true
				}
			}
		}
		if d.budget < 0 {
			return 0, 0, 0, 0, false
		}
	}
	panic("haproxycfg: no middle snake") // unreachable: the paths meet within (n+m+1)/2 steps
}

// positional is the fallback: it keeps the common prefix and suffix and, in the
// middle, the items equal to the new item at the same offset.
func (d *differ) positional(a0, a1, b0, b1 int) {
	for i := a0; i < a1; i++ {
		d.match[i] = -1
	}
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		d.match[a0] = int32(b0)
		a0, b0 = a0+1, b0+1
	}
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		d.match[a1-1] = int32(b1 - 1)
		a1, b1 = a1-1, b1-1
	}
	for k := 0; a0+k < a1 && b0+k < b1; k++ {
		if d.a[a0+k] == d.b[b0+k] {
			d.match[a0+k] = int32(b0 + k)
		}
	}
}

// script turns the matches into ops, alternating removals and additions between
// two kept items.
func (d *differ) script() []diffOp {
	ops := make([]diffOp, 0, max(len(d.a), len(d.b)))
	i, j := 0, 0
	for i <= len(d.a) {
		// The run of changes before the next kept item (or the end).
		ni := i
		for ni < len(d.a) && d.match[ni] < 0 {
			ni++
		}
		nj := len(d.b)
		if ni < len(d.a) {
			nj = int(d.match[ni])
		}
		for i < ni || j < nj {
			if i < ni {
				ops = append(ops, diffOp{i, -1})
				i++
			}
			if j < nj {
				ops = append(ops, diffOp{-1, j})
				j++
			}
		}
		if ni == len(d.a) {
			break
		}
		ops = append(ops, diffOp{ni, nj})
		i, j = ni+1, nj+1
	}
	return ops
}
