import NNResults

// MARK: - A peers run's report: its environment, and the claims judged per framework

extension MarkdownReport {
    /// A peers run's environment in two lines (a Markdown hard break between them), as
    /// `environmentLines` does for nnbench's own runs.
    static func peersEnvironmentLines(_ e: Environment, _ s: MeasurementSettings, _ p: PeersEnvironment) -> String {
        var first = "commit `\(Environment.shortCommit(e.commit))`\(e.dirty ? " (dirty)" : "") · \(e.cpuModel), \(e.cores) cores"
        first += " · scripts/peers, Python \(p.pythonVersion)"
        let versions = p.frameworks.map { "\($0.framework.displayName) \($0.version.isEmpty ? "not run" : $0.version)" }
        var second = versions.joined(separator: ", ") + " · \(s.threads) threads, \(s.workers) worker\(s.workers == 1 ? "" : "s")"
        second += " · profile \(s.profile): \(s.samples) samples per mode of ≥ \(secondsText(s.minSampleSeconds))"
        return first + "\\\n" + second + "\n"
    }

    /// The environment of a peers run: host, Python and every framework's version and threads.
    static func peersEnvironmentBlock(_ e: Environment, _ s: MeasurementSettings, _ p: PeersEnvironment,
                                      _ policy: StatisticsPolicy) -> String {
        var out = """
            | | |
            |---|---|
            | commit | \(e.commit)\(e.dirty ? " (dirty)" : "") |
            | host | \(cell(e.host)): \(cell(e.cpuModel)), \(e.cores) cores, \(cell(e.os)) |
            | runner | scripts/peers, Python \(cell(p.pythonVersion)), \(s.workers) worker processes per benchmark, \(s.threads) threads |

            """
        for f in p.frameworks {
            out += "| \(f.framework.displayName) | \(cell(f.version.isEmpty ? "not run" : f.version))"
            out += f.threadsSetting.isEmpty ? " |\n" : " (\(cell(f.threadsSetting))) |\n"
        }
        out += """
            | same maths | first-step loss within \(number(p.lossTolerance)) relative of nnbench's (\(cell(p.referenceRun))) in every process |
            | profile | \(s.profile): \(s.samples) samples per mode, each of ≥ \(number(s.minSampleSeconds * 1e3)) ms |
            | warm-up | until \(s.warmupWindow) successive chunks agree within \(percentText(s.warmupTolerance)), at most \(s.warmupMaxSteps) steps / \(number(s.warmupMaxSeconds)) s per mode |
            | sampling | a framework's modes interleaved in a shuffled order each round, in fresh worker processes; all samples kept |
            | statistics | median with percentile-bootstrap \(percentText(policy.level)) CI (\(policy.resamples) seeded resamples); speed-ups paired by round; outliers = beyond median ± \(plainNumber(policy.outlierMADs)) · \(plainNumber(StatisticsPolicy.madToSigma)) · MAD, flagged, never dropped |

            """
        return out
    }

    /// One claims section per framework, each judged on that framework's modes by their class.
    static func frameworkClaimsSections(_ run: RunResult, policy: StatisticsPolicy) -> String {
        var out = ""
        for f in run.frameworks {
            let mine = run.only(f)
            out += claimsSection(mine, policy: policy, heading: "## Claims: \(f.displayName)")
                .replacingOccurrences(of: "\n### ", with: "\n#### ")
                .replacingOccurrences(of: "## Claims: \(f.displayName)\n\n",
                                      with: "## Claims: \(f.displayName)\n\n" + modeMapping(mine) + "\n\n")
            out += "\n"
        }
        return out
    }

    /// `torch.eager = eager, torch.torchscript = static, torch.compile = fused`: how the
    /// framework's modes were judged (the mode classes of the run's results).
    static func modeMapping(_ run: RunResult) -> String {
        var seen: [FrameworkMode] = []
        for b in run.benchmarks where !seen.contains(b.frameworkMode) { seen.append(b.frameworkMode) }
        return "Modes judged as: " + seen.sorted().map { "`\($0)` = \($0.modeClass)" }.joined(separator: ", ") + "."
    }
}
