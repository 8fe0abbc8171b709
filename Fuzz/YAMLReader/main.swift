// libFuzzer target for the strict YAML reader. Built by Fuzz/run.sh against the whole
// library (every source file of the TriageKit target).

@testable import TriageKit

private let codes: Set<String> = [
    "yaml-syntax", "yaml-encoding", "yaml-duplicate-key", "yaml-tag", "yaml-anchor", "yaml-alias",
    "yaml-multiple-documents", "yaml-empty", "yaml-too-deep", "yaml-too-many-nodes", "yaml-file-too-large",
    "yaml-scalar-too-long", "yaml-complex-key",
]

/// Small limits, so that the fuzzer also reaches the depth, node and length checks.
private let tinyLimits = YAMLLimits(maxFileSize: 2048, maxDepth: 6, maxNodes: 40, maxScalarLength: 32)

/// Reads `bytes` and traps when the reader breaks its contract: a result without a root
/// must say why with an error, codes are the documented ones, locations are 1-based.
private func check(_ bytes: [UInt8], limits: YAMLLimits) {
    let result = YAMLReader(limits: limits).read(bytes, file: "fuzz.yaml")
    if result.root == nil, !result.diagnostics.containsErrors {
        fatalError("no root and no error: \(result.diagnostics)")
    }
    for diagnostic in result.diagnostics {
        if !codes.contains(diagnostic.code) { fatalError("unknown code: \(diagnostic)") }
        if diagnostic.location.line < 1 || diagnostic.location.column < 1 { fatalError("bad location: \(diagnostic)") }
    }
    if let root = result.root, root.location.line < 1 || root.location.column < 1 {
        fatalError("bad root location: \(root.location)")
    }
    let again = YAMLReader(limits: limits).read(bytes, file: "fuzz.yaml")
    if again.root != result.root || again.diagnostics != result.diagnostics { fatalError("not deterministic") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    check(bytes, limits: .standard)
    check(bytes, limits: tinyLimits)
    return 0
}
