import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A decoded PNG, enough to tell whether a browser screenshot shows anything: its size and
/// every pixel's color. Reads what Chromium writes (8-bit gray, RGB or RGBA, with or without
/// alpha, not interlaced); inflates with the system's zlib (`libz.so.1`, on every Debian),
/// loaded at run time so the tests need no extra package or module map.
struct PNGImage {
    /// Why an image could not be read.
    enum Failure: Error, CustomStringConvertible {
        case notPNG
        case unsupported(String)
        case corrupt(String)
        case noZlib

        var description: String {
            switch self {
            case .notPNG: "not a PNG file"
            case .unsupported(let what): "unsupported PNG: \(what)"
            case .corrupt(let what): "corrupt PNG: \(what)"
            case .noZlib: "zlib (libz.so.1) could not be loaded to inflate the PNG"
            }
        }
    }

    let width: Int
    let height: Int
    /// Samples per pixel: 1 gray, 2 gray and alpha, 3 RGB, 4 RGBA.
    let channels: Int
    /// The unfiltered samples, row by row.
    let samples: [UInt8]

    init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure.corrupt("cannot read \(path)") }
        try self.init(bytes: [UInt8](data))
    }

    init(bytes: [UInt8]) throws {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure.notPNG }
        func bigEndian(_ offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        var header: ArraySlice<UInt8>?
        var compressed: [UInt8] = []
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bigEndian(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let start = offset + 8
            guard length >= 0, start + length + 4 <= bytes.count else { throw Failure.corrupt("chunk \(type) runs past the end") }
            switch type {
            case "IHDR": header = bytes[start..<start + length]
            case "IDAT": compressed += bytes[start..<start + length]
            default: break
            }
            offset = start + length + 4
            if type == "IEND" { break }
        }
        guard let header, header.count == 13 else { throw Failure.corrupt("no IHDR") }
        let fields = Array(header)
        width = fields[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = fields[4..<8].reduce(0) { $0 << 8 | Int($1) }
        let (depth, colorType, interlace) = (fields[8], fields[9], fields[12])
        guard depth == 8, interlace == 0 else { throw Failure.unsupported("bit depth \(depth), interlace \(interlace)") }
        switch colorType {
        case 0: channels = 1
        case 4: channels = 2
        case 2: channels = 3
        case 6: channels = 4
        default: throw Failure.unsupported("color type \(colorType)")
        }
        guard width > 0, height > 0, width <= 20_000, height <= 20_000 else { throw Failure.unsupported("\(width)x\(height)") }
        let stride = width * channels
        let raw = try Self.inflate(compressed, expected: height * (stride + 1))
        samples = try Self.unfilter(raw, width: width, height: height, channels: channels)
    }

    /// The color at (`x`, `y`), alpha ignored.
    func rgb(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
        let index = (y * width + x) * channels
        if channels < 3 { return (Int(samples[index]), Int(samples[index]), Int(samples[index])) }
        return (Int(samples[index]), Int(samples[index + 1]), Int(samples[index + 2]))
    }

    /// How many pixels in `rows` (all by default) satisfy `predicate`.
    func count(rows: Range<Int>? = nil, where predicate: ((r: Int, g: Int, b: Int)) -> Bool) -> Int {
        var total = 0
        for y in rows ?? 0..<height {
            for x in 0..<width where predicate(rgb(x, y)) { total += 1 }
        }
        return total
    }

    /// Perceived lightness, 0 (black) to 255 (white).
    static func luminance(_ color: (r: Int, g: Int, b: Int)) -> Int {
        (color.r * 299 + color.g * 587 + color.b * 114) / 1000
    }

    private typealias Uncompress = @convention(c) (
        UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?, UnsafePointer<UInt8>?, UInt
    ) -> Int32

    /// zlib's `uncompress` into a buffer of exactly the size the header promises.
    private static func inflate(_ data: [UInt8], expected: Int) throws -> [UInt8] {
        let libraries = ["libz.so.1", "libz.so", "libz.1.dylib", "libz.dylib"]
        guard let library = libraries.lazy.compactMap({ dlopen($0, RTLD_NOW) }).first,
            let symbol = dlsym(library, "uncompress")
        else { throw Failure.noZlib }
        let uncompress = unsafeBitCast(symbol, to: Uncompress.self)
        var output = [UInt8](repeating: 0, count: expected)
        var length = UInt(expected)
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in uncompress(out.baseAddress, &length, input.baseAddress, UInt(input.count)) }
        }
        guard status == 0, length == UInt(expected) else { throw Failure.corrupt("zlib status \(status), \(length) of \(expected) bytes") }
        return output
    }

    /// Undoes the per-row filters (none, sub, up, average, Paeth).
    private static func unfilter(_ raw: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let stride = width * channels
        var out = [UInt8](repeating: 0, count: height * stride)
        try raw.withUnsafeBufferPointer { raw in
            try out.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let filter = raw[y * (stride + 1)]
                    let input = y * (stride + 1) + 1
                    let row = y * stride
                    for i in 0..<stride {
                        let a = i >= channels ? Int(out[row + i - channels]) : 0
                        let b = y > 0 ? Int(out[row - stride + i]) : 0
                        let c = i >= channels && y > 0 ? Int(out[row - stride + i - channels]) : 0
                        let predictor: Int
                        switch filter {
                        case 0: predictor = 0
                        case 1: predictor = a
                        case 2: predictor = b
                        case 3: predictor = (a + b) / 2
                        case 4:
                            let p = a + b - c
                            let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                            predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                        default: throw Failure.corrupt("filter \(filter) in row \(y)")
                        }
                        out[row + i] = UInt8(truncatingIfNeeded: Int(raw[input + i]) + predictor)
                    }
                }
            }
        }
        return out
    }
}
