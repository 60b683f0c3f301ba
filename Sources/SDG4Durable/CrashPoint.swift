#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Named moments of a run where the crash-safety tests stop the process dead.
///
/// When the environment variable `SDG4_CRASH_AT` names a point, the process kills itself with
/// `SIGKILL` on reaching it, as a power cut would stop it; otherwise `hit` does nothing. The
/// random-moment kill test covers the rest of the run.
public enum CrashPoint {
    private static let target: String? = getenv("SDG4_CRASH_AT").map { String(cString: $0) }

    /// Stops the process here when `SDG4_CRASH_AT` is `name`.
    public static func hit(_ name: String) {
        guard let target, target == name else { return }
        kill(getpid(), SIGKILL)
    }
}
