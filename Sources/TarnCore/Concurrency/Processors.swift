// Processors: how many cores this process may run on, the bound on the threads any layer starts.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

public enum Processors {
  /// Cores online, at least 1; read once.
  public static let online: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
