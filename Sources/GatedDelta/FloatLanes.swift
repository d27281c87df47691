/// A group of Float lanes that a kernel loop processes at once, so one generic loop body serves the
/// wide SIMD body of a row and its ragged tail (one Float at a time) without a copy per width.
///
/// Only operations that compile to single vector instructions are used: for SIMD8<Float> the standard
/// library's `addingProduct` lowers to one fused multiply-add (vfmadd231ps with AVX2), while wider SIMD
/// types fall back to lane-by-lane code, hence `FloatLanes32` as four SIMD8 registers.
protocol FloatLanes {
    static var width: Int { get }
    init(splat value: Float)
    init(loadingFrom p: UnsafePointer<Float>)
    func store(to p: UnsafeMutablePointer<Float>)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    /// self + a b, rounded once.
    func addingProduct(_ a: Self, _ b: Self) -> Self
}

extension Float: FloatLanes {
    static var width: Int { 1 }
    @inline(__always) init(splat value: Float) { self = value }
    @inline(__always) init(loadingFrom p: UnsafePointer<Float>) { self = p.pointee }
    @inline(__always) func store(to p: UnsafeMutablePointer<Float>) { p.pointee = self }
}

extension SIMD8: FloatLanes where Scalar == Float {
    static var width: Int { 8 }
    @inline(__always) init(splat value: Float) { self.init(repeating: value) }
    @inline(__always) init(loadingFrom p: UnsafePointer<Float>) {
        self = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }
    @inline(__always) func store(to p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD8<Float>.self)
    }
}

/// 32 lanes as four independent SIMD8 registers: enough independent multiply-add chains to cover the
/// FMA latency (4 cycles x 2 ports) when accumulating.
struct FloatLanes32: FloatLanes {
    var a, b, c, d: SIMD8<Float>

    static var width: Int { 32 }
    @inline(__always) init(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>, _ d: SIMD8<Float>) {
        (self.a, self.b, self.c, self.d) = (a, b, c, d)
    }
    @inline(__always) init(splat value: Float) {
        let x = SIMD8<Float>(repeating: value)
        self.init(x, x, x, x)
    }
    @inline(__always) init(loadingFrom p: UnsafePointer<Float>) {
        self.init(.init(loadingFrom: p), .init(loadingFrom: p + 8), .init(loadingFrom: p + 16), .init(loadingFrom: p + 24))
    }
    @inline(__always) func store(to p: UnsafeMutablePointer<Float>) {
        a.store(to: p)
        b.store(to: p + 8)
        c.store(to: p + 16)
        d.store(to: p + 24)
    }
    @inline(__always) static func + (x: Self, y: Self) -> Self { .init(x.a + y.a, x.b + y.b, x.c + y.c, x.d + y.d) }
    @inline(__always) static func - (x: Self, y: Self) -> Self { .init(x.a - y.a, x.b - y.b, x.c - y.c, x.d - y.d) }
    @inline(__always) static func * (x: Self, y: Self) -> Self { .init(x.a * y.a, x.b * y.b, x.c * y.c, x.d * y.d) }
    @inline(__always) func addingProduct(_ x: Self, _ y: Self) -> Self {
        .init(a.addingProduct(x.a, y.a), b.addingProduct(x.b, y.b), c.addingProduct(x.c, y.c), d.addingProduct(x.d, y.d))
    }
}

/// Work done on `count` floats one block of lanes at a time: blocks of 32 while they fit, then 8,
/// then single floats, so the body is written once for every width.
protocol LaneBlocks {
    func process<Lanes: FloatLanes>(_: Lanes.Type, at j: Int)
}

extension LaneBlocks {
    @inline(__always)
    func process(count: Int) {
        var j = 0
        while j + FloatLanes32.width <= count { process(FloatLanes32.self, at: j); j += FloatLanes32.width }
        while j + SIMD8<Float>.width <= count { process(SIMD8<Float>.self, at: j); j += SIMD8<Float>.width }
        while j < count { process(Float.self, at: j); j += 1 }
    }
}
