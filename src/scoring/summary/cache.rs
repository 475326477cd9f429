//! An account's summary as the bytes the store's score cache keeps: a fixed-size little-endian
//! record with a layout version, so that a summary of another shape (an older csm, a damaged row)
//! reads as missing and is scored again. The store keeps and returns these bytes without knowing
//! what they hold; this module must not read or write the store itself.

use super::{AccountSummary, Band, CodeSet, NpsTally};

/// The version of the layout, its first byte: bytes of another layout read as missing. Any
/// change to the fields below or their order needs a new version. Layout 2 added the snoozed
/// todos: a summary cached before it is scored again. Layout 3 added the coverage (and its
/// thin-data attention points, which a summary of layout 2 lacks).
const LAYOUT: u8 = 3;

/// Bytes of an encoded summary: layout, band, presence bits, then the fields in order.
const ENCODED_LEN: usize = 3 + 8 * 2 + 8 * 4 + 8 + 4 * 5 + 8 + 4 * 3;

impl AccountSummary {
    /// The summary as cache bytes: little-endian fields at fixed offsets, absent values as zero
    /// with a presence bit (bit 0 health, bit 1 delta, bits 2-5 the components).
    #[must_use]
    pub fn to_cache_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(ENCODED_LEN);
        let band = Band::ALL.iter().position(|b| *b == self.band).unwrap_or_default();
        let optional = [self.health.is_some(), self.delta.is_some()]
            .into_iter()
            .chain(self.components.iter().map(Option::is_some));
        let present = optional.enumerate().fold(0u8, |bits, (i, is)| bits | (u8::from(is) << i));
        out.extend([LAYOUT, u8::try_from(band).unwrap_or_default(), present]);
        out.extend(self.health.unwrap_or_default().to_le_bytes());
        out.extend(self.delta.unwrap_or_default().to_le_bytes());
        for component in self.components {
            out.extend(component.unwrap_or_default().to_le_bytes());
        }
        out.extend(self.coverage.to_le_bytes());
        let counts = [
            self.signals.0,
            self.expansion.0,
            self.open_todos,
            self.overdue_todos,
            self.snoozed_todos,
        ];
        for count in counts {
            out.extend(count.to_le_bytes());
        }
        out.extend(self.attention.to_le_bytes());
        for count in [self.nps.promoters, self.nps.passives, self.nps.detractors] {
            out.extend(count.to_le_bytes());
        }
        out
    }

    /// Reads bytes written by [`AccountSummary::to_cache_bytes`]; `None` for any other length,
    /// layout or band.
    #[must_use]
    pub fn from_cache_bytes(blob: &[u8]) -> Option<Self> {
        if blob.len() != ENCODED_LEN {
            return None;
        }
        let mut r = Reader(blob);
        let [layout, band, present] = r.take()?;
        if layout != LAYOUT {
            return None;
        }
        let band = *Band::ALL.get(usize::from(band))?;
        let has = |bit: u8| present & (1 << bit) != 0;
        let health = i64::from_le_bytes(r.take()?);
        let delta = i64::from_le_bytes(r.take()?);
        let mut components = [None; 4];
        for (bit, component) in (2..).zip(&mut components) {
            let value = f64::from_le_bytes(r.take()?);
            *component = has(bit).then_some(value);
        }
        let coverage = f64::from_le_bytes(r.take()?);
        Some(Self {
            health: has(0).then_some(health),
            band,
            delta: has(1).then_some(delta),
            components,
            coverage,
            signals: CodeSet(r.u32()?),
            expansion: CodeSet(r.u32()?),
            open_todos: r.u32()?,
            overdue_todos: r.u32()?,
            snoozed_todos: r.u32()?,
            attention: i64::from_le_bytes(r.take()?),
            nps: NpsTally { promoters: r.u32()?, passives: r.u32()?, detractors: r.u32()? },
        })
    }
}

/// Reads fixed-size fields off the front of a blob.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> AccountSummary {
        AccountSummary {
            health: Some(-41),
            band: Band::Watch,
            delta: None,
            components: [Some(0.125), None, Some(99.5), Some(-0.0)],
            coverage: 0.7,
            signals: CodeSet(0b1011),
            expansion: CodeSet(u32::MAX),
            open_todos: 3,
            overdue_todos: 1,
            snoozed_todos: 2,
            attention: i64::MIN,
            nps: NpsTally { promoters: 7, passives: 0, detractors: 2 },
        }
    }

    #[test]
    fn a_summary_survives_its_bytes() {
        let mut all_absent = summary();
        all_absent.health = None;
        all_absent.components = [None; 4];
        for band in Band::ALL {
            for mut s in [summary(), all_absent.clone()] {
                s.band = band;
                let blob = s.to_cache_bytes();
                assert_eq!(blob.len(), ENCODED_LEN);
                assert_eq!(AccountSummary::from_cache_bytes(&blob), Some(s));
            }
        }
    }

    #[test]
    fn bytes_of_another_shape_read_as_missing() {
        let decode = AccountSummary::from_cache_bytes;
        let blob = summary().to_cache_bytes();
        assert_eq!(decode(&blob[1..]), None, "short");
        assert_eq!(decode(&[blob.as_slice(), &[0]].concat()), None, "long");
        let mut other_layout = blob.clone();
        other_layout[0] = LAYOUT + 1;
        assert_eq!(decode(&other_layout), None);
        // A summary of layout 2 (no coverage, no thin-data points): 8 bytes shorter.
        let mut layout_2 = blob[..ENCODED_LEN - 8].to_vec();
        layout_2[0] = 2;
        assert_eq!(decode(&layout_2), None, "layout 2");
        let mut bad_band = blob;
        bad_band[1] = 9;
        assert_eq!(decode(&bad_band), None);
    }
}
