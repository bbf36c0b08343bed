// ShortDecimalDouble: the shortest round-trip text of a Double with at most 15 significant digits, found with one
// scaling and one fused check instead of the general shortest-digits search.

/// Writes a `Double` whose shortest round-trip decimal has at most 15 significant digits and whose magnitude lies in
/// `[1e-4, 1e15)` exactly as Swift prints it (`38.948575`, `0.00012`, `120.0`), and zero as `0.0` / `-0.0`; other
/// values are left to the standard library's printer.
///
/// Why: coordinates, measurements and money read from text have few digits, and the standard library's printer took a
/// sixth of a Parquet-to-CSV conversion (`perf`: `_Float64ToASCII`, 28 ns a value).
///
/// How, for `a = |value|` with `10^e ≤ a < 10^(e+1)` and `k = 14 − e`, so that `y = a·10^k < 10^15 < 2^50`:
/// - The decimals that read back as `a` fill an interval at most one ulp of `a` wide, under `2^-51·y < 0.45` units
///   of `10^-k`: it holds at most one multiple of `10^-k`, `m·10^-k`.
/// - `y` rounded is that `m` if it exists: `fl(a·10^k)` is within `ulp(y)/2 ≤ 1/16` of `a·10^k`, `m` within 0.23.
/// - Parsing `m·10^-k` gives `a` exactly when `m·10^-k` lies in `a`'s rounding interval, which a fused multiply-add
///   checks exactly (a division and a comparison would too, at twice the cost).
/// - A shorter decimal `m'·10^-j` (`j < k`) reading back as `a` is `m'·10^(k−j)·10^-k`, the same unique multiple, so
///   stripping `m`'s trailing zeros gives the fewest fractional, hence significant, digits. It is the only decimal of
///   that length reading back as `a`, so it is also the one Swift picks.
/// - Ties cannot occur: a midpoint between two doubles below `2^50` has at least 16 significant digits.
enum ShortDecimalDouble {
  /// The longest text written: sign, 15 digits, point, four leading zeros after it, or `.0`.
  static let maximumLength = 24

  /// Writes `value` to `p` and returns the byte count, or nil (nothing written) when the value is outside the fast
  /// path: NaN, infinite, `|value|` under `1e-4` or from `1e15` up, or more than 15 significant digits.
  @inline(__always)
  static func write(_ value: Double, into p: UnsafeMutablePointer<UInt8>) -> Int? {
    let a = value.magnitude
    let negative = value.sign == .minus
    if a == 0 { return write(negative: negative, whole: 0, fraction: 0, fractionDigits: 0, into: p) }
    guard a >= 1e-4, a < 1e15 else { return nil }
    // Signed conversions: the unsigned ones take several instructions without AVX-512.
    let whole = Int64(a)  // the text's integer part too: see below
    let e: Int  // 10^e ≤ a < 10^(e+1)
    if whole > 0 {
      e = ValueFormatter.digitCount(UInt64(whole)) &- 1
    } else {
      e = a >= 0.1 ? -1 : a >= 0.01 ? -2 : a >= 0.001 ? -3 : -4
    }
    let k = 14 &- e
    let scale = powerOfTen(k)
    let rounded = (a * scale).rounded(.toNearestOrEven)
    // m·10^-k reads back as a when m − a·10^k lies inside a's rounding interval scaled by 10^k (half an ulp either
    // side; a quarter below a power of two). Fused, m − a·10^k is exact: it is under 1, on a grid of 2^-48 or coarser.
    let halfGap = a.ulp * scale * 0.5
    let offset = rounded.addingProduct(-a, scale)
    guard offset < halfGap, -offset < (a.significandBitPattern == 0 ? halfGap * 0.5 : halfGap) else { return nil }
    // The integer part of m·10^-k is a's: an integer between them would read back as a, and be the shortest text.
    var fraction = Int64(rounded) &- whole &* Int64(scale)
    var fractionDigits = k
    if fraction == 0 {
      fractionDigits = 0
    } else {
      while fraction % 10_000 == 0 {
        fraction /= 10_000
        fractionDigits &-= 4
      }
      while fraction % 10 == 0 {
        fraction /= 10
        fractionDigits &-= 1
      }
    }
    return write(negative: negative, whole: whole, fraction: fraction, fractionDigits: fractionDigits, into: p)
  }

  /// Writes `-` when `negative`, `whole`, the point, then `fraction` in `fractionDigits` digits (`0` when none).
  @inline(__always)
  private static func write(
    negative: Bool, whole: Int64, fraction: Int64, fractionDigits: Int, into p: UnsafeMutablePointer<UInt8>
  ) -> Int {
    var n = 0
    if negative {
      p[0] = 0x2D  // -
      n = 1
    }
    n &+= ValueFormatter.writeDigits(UInt64(whole), into: p + n)
    p[n] = 0x2E  // .
    n &+= 1
    if fractionDigits == 0 {
      p[n] = 0x30
      return n &+ 1
    }
    ValueFormatter.writeDigits(UInt64(fraction), count: fractionDigits, into: p + n)
    return n &+ fractionDigits
  }

  /// 10^k for k in 0...18, exact. (A switch compiles to a constant table; a global array would check its lazy
  /// initialization on every call.)
  @inline(__always)
  static func powerOfTen(_ k: Int) -> Double {
    switch k {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    default: 1e18
    }
  }
}
