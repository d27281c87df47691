/// sum_i a_i b_i over `count` floats. Four SIMD8 accumulators, because a single running sum is one
/// chain of dependent additions (4 cycles each) that the compiler may not reorder for floats: at K = 128
/// that chain alone costs a tenth of a token's state sweep.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = FloatLanes32(splat: 0)
    var i = 0
    while i + FloatLanes32.width <= count {
        lanes = lanes.addingProduct(FloatLanes32(loadingFrom: a + i), FloatLanes32(loadingFrom: b + i))
        i += FloatLanes32.width
    }
    var sum = ((lanes.a + lanes.b) + (lanes.c + lanes.d)).sum()
    while i < count {
        sum = sum.addingProduct(a[i], b[i])
        i += 1
    }
    return sum
}
