#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts `binary` with `arguments` and this process's environment; `configure` adds the file
/// actions (which descriptors the child gets). Returns the child's pid and the instant just
/// before `posix_spawn`, for timing launches.
func spawn(
    _ binary: String, _ arguments: [String], configure: (inout posix_spawn_file_actions_t) -> Void
) throws -> (pid: pid_t, start: ContinuousClock.Instant) {
    #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t = nil
        let environment = _NSGetEnviron().pointee
    #else
        var actions = posix_spawn_file_actions_t()
        let environment = environ
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    configure(&actions)
    let argv = ([binary] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid = pid_t()
    let start = ContinuousClock().now
    let status = posix_spawn(&pid, binary, &actions, nil, argv, environment)
    guard status == 0 else { throw BenchmarkError.failed("posix_spawn \(binary): \(String(cString: strerror(status)))") }
    return (pid, start)
}
