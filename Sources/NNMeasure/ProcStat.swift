#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNResults

// MARK: - /proc/stat and the process's own clocks, around one sampling round

/// The aggregate `cpu` line of /proc/stat, in clock ticks.
public struct CPUTicks: Sendable, Equatable {
    /// user + nice + system + irq + softirq (guest time is already inside user and nice).
    public var busy: UInt64
    public var idle: UInt64
    public var steal: UInt64

    public init(busy: UInt64, idle: UInt64, steal: UInt64) {
        self.busy = busy; self.idle = idle; self.steal = steal
    }

    /// Parses the first line starting `cpu ` of /proc/stat's text; nil when there is none or it
    /// has fewer than the 4 fields every Linux since 2.6 writes. Missing later fields count 0.
    public static func parse(_ procStat: String) -> CPUTicks? {
        for line in procStat.split(separator: "\n") where line.hasPrefix("cpu ") {
            let f = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
            guard f.count >= 4 else { return nil }
            func at(_ i: Int) -> UInt64 { i < f.count ? f[i] : 0 }
            // user nice system idle iowait irq softirq steal guest guest_nice
            return CPUTicks(busy: at(0) &+ at(1) &+ at(2) &+ at(5) &+ at(6), idle: at(3) &+ at(4), steal: at(7))
        }
        return nil
    }
}

/// One reading of the machine's and the process's clocks.
public struct ClockReading: Sendable, Equatable {
    public var ticks: CPUTicks
    /// Monotonic nanoseconds.
    public var wallNs: UInt64
    /// This process's user + system CPU time (all threads), seconds.
    public var processCPU: Double
    /// The calling thread's CPU time, seconds.
    public var threadCPU: Double

    public init(ticks: CPUTicks, wallNs: UInt64, processCPU: Double, threadCPU: Double) {
        self.ticks = ticks; self.wallNs = wallNs; self.processCPU = processCPU; self.threadCPU = threadCPU
    }

    /// What happened between `before` and `after` (a pure function: tests feed synthetic readings).
    /// - Parameter tickSeconds: the length of one /proc/stat tick (1 / sysconf(_SC_CLK_TCK)).
    public static func interference(from before: ClockReading, to after: ClockReading,
                                    tickSeconds: Double) -> RoundInterference {
        let busy = Double(after.ticks.busy &- before.ticks.busy) * tickSeconds
        let own = after.processCPU - before.processCPU
        return RoundInterference(
            wall: Double(after.wallNs &- before.wallNs) * 1e-9,
            otherCPU: max(0, busy - own),
            steal: Double(after.ticks.steal &- before.ticks.steal) * tickSeconds,
            ownCPU: own, threadCPU: after.threadCPU - before.threadCPU)
    }
}

/// Reads the clocks of the running machine (nil ticks on systems without /proc/stat: every round
/// then counts as undisturbed by others, and only the thread's own CPU time is judged).
public enum MachineClocks {
    /// Seconds per /proc/stat tick.
    public static let tickSeconds: Double = {
        let hz = sysconf(Int32(_SC_CLK_TCK))
        return hz > 0 ? 1 / Double(hz) : 0.01
    }()

    /// Online CPUs (for the tick allowance).
    public static let cpus: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    public static func read() -> ClockReading {
        let ticks = procStatTicks() ?? CPUTicks(busy: 0, idle: 0, steal: 0)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let process = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return ClockReading(ticks: ticks, wallNs: monotonicNanoseconds(), processCPU: process,
                            threadCPU: Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9)
    }

    /// The aggregate line of /proc/stat, read with one `read` (no Foundation in the hot path).
    static func procStatTicks() -> CPUTicks? {
        let fd = open("/proc/stat", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 511) }
        guard n > 0 else { return nil }
        return CPUTicks.parse(String(decoding: buffer[0..<n], as: UTF8.self))
    }
}
