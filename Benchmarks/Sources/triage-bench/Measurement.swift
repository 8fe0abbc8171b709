#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Timings of repeated runs of one piece of work: wall-clock time from a monotonic clock
/// (`ContinuousClock`), and the CPU time of the measuring thread, which stays meaningful
/// when other processes compete for the cores.
struct Measurement {
    var label: String
    /// Wall-clock seconds per run, in the order they were taken.
    var samples: [Double]
    /// CPU seconds of this thread per run.
    var cpuSamples: [Double] = []

    var median: Double { Self.median(samples) }
    var cpuMedian: Double { Self.median(cpuSamples) }
    var minimum: Double { samples.min() ?? 0 }
    var maximum: Double { samples.max() ?? 0 }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// CPU time consumed by the calling thread, in seconds (a monotonic per-thread clock).
func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Runs each piece of work once to warm up, then `repetitions` times interleaved (a, b, c,
/// a, b, c, ...) so that drift in machine load affects all of them alike.
func measure(repetitions: Int, _ work: [(label: String, body: () -> Void)]) -> [Measurement] {
    let clock = ContinuousClock()
    for item in work { item.body() }
    var results = work.map { Measurement(label: $0.label, samples: []) }
    for _ in 0..<repetitions {
        for (index, item) in work.enumerated() {
            let cpuStart = threadCPUTime()
            let elapsed = clock.measure(item.body)
            results[index].cpuSamples.append(threadCPUTime() - cpuStart)
            results[index].samples.append(elapsed.seconds)
        }
    }
    return results
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

/// Formats seconds as milliseconds with one decimal.
func milliseconds(_ seconds: Double) -> String {
    fixed(seconds * 1000, decimals: 1) + " ms"
}

/// `value` with a fixed number of decimals (no Foundation needed).
func fixed(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard decimals > 0 else { return "\(sign)\(whole)" }
    let digits = String(fraction)
    return "\(sign)\(whole).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
}

/// `1234567` as `1,234,567`.
func grouped(_ value: Int) -> String {
    let digits = Array(String(value))
    var text = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
        text.append(digit)
    }
    return text
}
