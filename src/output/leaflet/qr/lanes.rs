//! Two lines of at most 64 modules side by side in one 128-bit SSE2
//! register (x86-64), for scoring two masks at once (see
//! [`super::mask`]): each operation applies to both 64-bit lanes apart,
//! shifts included, so a lane behaves exactly as a one-word line. Pure.

use std::arch::x86_64::{
    __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cvtsi32_si128, _mm_cvtsi128_si64, _mm_movemask_epi8, _mm_or_si128,
    _mm_set_epi64x, _mm_set1_epi64x, _mm_setzero_si128, _mm_sll_epi64, _mm_srl_epi64, _mm_unpackhi_epi64, _mm_xor_si128,
};

/// Two lines: `first` in the low lane, `second` in the high one.
#[derive(Clone, Copy)]
pub struct Pair(__m128i);

impl Pair {
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn new(first: u64, second: u64) -> Pair {
        Pair(_mm_set_epi64x(second as i64, first as i64))
    }

    /// The same line in both lanes.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn splat(line: u64) -> Pair {
        Pair(_mm_set1_epi64x(line as i64))
    }

    /// The two lines.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn lanes(self) -> [u64; 2] {
        [_mm_cvtsi128_si64(self.0) as u64, _mm_cvtsi128_si64(_mm_unpackhi_epi64(self.0, self.0)) as u64]
    }

    /// Bit `i` of each lane takes bit `i + k` (0 < k < 64).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn down(self, k: i32) -> Pair {
        Pair(_mm_srl_epi64(self.0, _mm_cvtsi32_si128(k)))
    }

    /// Bit `i` of each lane takes bit `i − k` (0 < k < 64).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn up(self, k: i32) -> Pair {
        Pair(_mm_sll_epi64(self.0, _mm_cvtsi32_si128(k)))
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn and(self, other: Pair) -> Pair {
        Pair(_mm_and_si128(self.0, other.0))
    }

    /// `self & !other`.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn and_not(self, other: Pair) -> Pair {
        Pair(_mm_andnot_si128(other.0, self.0))
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn or(self, other: Pair) -> Pair {
        Pair(_mm_or_si128(self.0, other.0))
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn xor(self, other: Pair) -> Pair {
        Pair(_mm_xor_si128(self.0, other.0))
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn not(self) -> Pair {
        Pair(_mm_xor_si128(self.0, _mm_set1_epi64x(-1)))
    }

    /// Whether either lane has a bit set.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn any(self) -> bool {
        _mm_movemask_epi8(_mm_cmpeq_epi8(self.0, _mm_setzero_si128())) != 0xFFFF
    }

    /// The bits set in each lane.
    #[target_feature(enable = "sse2,popcnt")]
    #[inline]
    pub fn counts(self) -> [u32; 2] {
        let [first, second] = self.lanes();
        [first.count_ones(), second.count_ones()]
    }
}
