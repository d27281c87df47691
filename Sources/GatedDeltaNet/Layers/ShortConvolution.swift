/// fla's ShortConvolution: a depthwise causal convolution over time, width W, no bias, then SiLU.
///
///     y[t, d] = silu( sum_w weight[d, w] * x[t - (W - 1) + w, d] )
///
/// Inputs before the first token come from the cache: the last W inputs, newest last, laid out [D, W]
/// exactly as fla's `conv_state`, so decoding one token at a time continues a prefill seamlessly.
public struct ShortConvolution: Sendable {
    public let weight: [Float]   // [D, W]
    public let channels: Int
    public let width: Int

    public init(weight: [Float], channels: Int, width: Int) {
        precondition(weight.count == channels * width, "ShortConvolution: weight size")
        self.weight = weight
        self.channels = channels
        self.width = width
    }

    init(_ weights: ParameterLoader, _ parameter: ModelParameter, channels: Int, width: Int) throws(ModelError) {
        self.init(weight: try weights.tensor(parameter, shape: [channels, width]), channels: channels, width: width)
    }

    /// x [T, D] -> y [T, D] on caller-owned memory; `cache` [D, W] holds the inputs before x and is
    /// replaced, in place, by the last W inputs.
    public func apply(_ x: UnsafePointer<Float>, rows T: Int, cache: UnsafeMutablePointer<Float>,
                      into y: UnsafeMutablePointer<Float>) {
        let (D, W) = (channels, width)
        @inline(__always) func input(_ t: Int, _ d: Int) -> Float {
            t >= 0 ? x[t * D + d] : cache[d * W + W + t]
        }
        weight.withUnsafeBufferPointer { weight in
            for t in 0..<T {
                for d in 0..<D {
                    var sum: Float = 0
                    for w in 0..<W { sum += weight[d * W + w] * input(t - (W - 1) + w, d) }
                    y[t * D + d] = silu(sum)
                }
            }
        }
        // Slot j takes input T - W + j: from the cache (slot j + T, further right, not yet overwritten
        // when j ascends) or from x.
        for d in 0..<D {
            for j in 0..<W { cache[d * W + j] = input(T - W + j, d) }
        }
    }
}
