//! Per-company tallies, packed. A run keeps for every company, until the tables are built, its
//! counts per code and the code pairs and facet values it names. With one company per document
//! (half a million job ads, each its own employer) these lists are most of what a run holds, and
//! each is a short sorted list of small numbers. So each is held as LEB128 varints, the keys as
//! differences from the key before, in one boxed slice: 6 to 8 bytes a code where a vector of
//! [`CodeCount`] takes 24, and a byte or two a pair where a vector of `u32` takes 4.
//!
//! Only this module writes the bytes, so reading them cannot fail.

use super::{merge_sorted, CodeCount};

/// Appends `v` as a LEB128 varint: seven bits a byte, low bits first, the high bit set on every
/// byte but the last.
fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads the varint at `*at` and moves past it.
fn take(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// A set of `u32`, sorted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Ids(Box<[u8]>);

impl Ids {
    /// From ids sorted and without repeats.
    pub(super) fn from_sorted(ids: &[u32]) -> Ids {
        let mut out = Vec::with_capacity(ids.len() * 2);
        let mut last = 0;
        for &id in ids {
            put(&mut out, id - last);
            last = id;
        }
        Ids(out.into_boxed_slice())
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let (mut at, mut last) = (0, 0u32);
        std::iter::from_fn(move || {
            (at < self.0.len()).then(|| {
                last += take(&self.0, &mut at);
                last
            })
        })
    }

    /// Adds `ids` (sorted, without repeats).
    pub(super) fn union(&mut self, ids: Vec<u32>) {
        if self.0.is_empty() {
            *self = Ids::from_sorted(&ids);
            return;
        }
        let mut all: Vec<u32> = self.iter().collect();
        merge_sorted(&mut all, ids, |a, _| *a);
        *self = Ids::from_sorted(&all);
    }
}

/// Counts per code, sorted by code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Counts(Box<[u8]>);

impl Counts {
    /// From counts sorted by code, one per code.
    pub(super) fn from_sorted(counts: &[CodeCount]) -> Counts {
        let mut out = Vec::with_capacity(counts.len() * 7);
        let mut last = 0;
        for c in counts {
            put(&mut out, c.code - last);
            last = c.code;
            for v in [c.segments, c.mentions, c.need, c.direct, c.direct_need] {
                put(&mut out, v);
            }
        }
        Counts(out.into_boxed_slice())
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = CodeCount> + '_ {
        let (mut at, mut last) = (0, 0u32);
        std::iter::from_fn(move || {
            (at < self.0.len()).then(|| {
                let b = &self.0;
                last += take(b, &mut at);
                CodeCount {
                    code: last,
                    segments: take(b, &mut at),
                    mentions: take(b, &mut at),
                    need: take(b, &mut at),
                    direct: take(b, &mut at),
                    direct_need: take(b, &mut at),
                }
            })
        })
    }

    /// Adds `counts` (sorted by code, one per code): a code in both gets the sums.
    pub(super) fn add(&mut self, counts: Vec<CodeCount>) {
        if self.0.is_empty() {
            *self = Counts::from_sorted(&counts);
            return;
        }
        let mut all: Vec<CodeCount> = self.iter().collect();
        merge_sorted(&mut all, counts, CodeCount::plus);
        *self = Counts::from_sorted(&all);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_leb128() {
        // The examples of the LEB128 article: 624485 is E5 8E 26.
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, 624_485, u32::MAX] {
            put(&mut out, v);
        }
        assert_eq!(
            out,
            [
                0x00, 0x01, 0x7f, 0x80, 0x01, 0xac, 0x02, 0xe5, 0x8e, 0x26, 0xff, 0xff, 0xff, 0xff,
                0x0f
            ]
        );
        let mut at = 0;
        let back: Vec<u32> = (0..7).map(|_| take(&out, &mut at)).collect();
        assert_eq!(back, [0, 1, 127, 128, 300, 624_485, u32::MAX]);
        assert_eq!(at, out.len());
    }

    #[test]
    fn ids_keep_a_sorted_set_and_take_unions() {
        let mut ids = Ids::default();
        assert_eq!(ids.iter().count(), 0);
        ids.union(vec![3, 200, 70_000]);
        assert_eq!(ids.iter().collect::<Vec<_>>(), [3, 200, 70_000]);
        // 3, then 197 (two bytes), then 69,800 (three bytes).
        assert_eq!(ids.0.len(), 6);
        ids.union(vec![0, 200, 201, u32::MAX]);
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            [0, 3, 200, 201, 70_000, u32::MAX]
        );
        ids.union(Vec::new());
        assert_eq!(ids.iter().count(), 6);
    }

    #[test]
    fn counts_sum_the_codes_both_have() {
        let c = |code, segments, mentions, need, direct, direct_need| CodeCount {
            code,
            segments,
            mentions,
            need,
            direct,
            direct_need,
        };
        let mut counts = Counts::default();
        counts.add(vec![c(2, 1, 3, 1, 1, 0), c(9, 2, 2, 0, 0, 0)]);
        assert_eq!(counts.0.len(), 12);
        counts.add(vec![
            c(0, 1, 1, 1, 1, 1),
            c(9, 300, 400, 5, 6, 7),
            c(4000, 1, 1, 0, 1, 0),
        ]);
        assert_eq!(
            counts.iter().collect::<Vec<_>>(),
            [
                c(0, 1, 1, 1, 1, 1),
                c(2, 1, 3, 1, 1, 0),
                c(9, 302, 402, 5, 6, 7),
                c(4000, 1, 1, 0, 1, 0)
            ]
        );
    }
}
