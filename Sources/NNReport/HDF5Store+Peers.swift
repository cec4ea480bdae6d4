import NNResults

// MARK: - The root of a peers run (`scripts/peers`): `kind` = `peers` and its own facts

extension HDF5Store {
    /// The root attribute `kind` of a peers run; nnbench's own runs have no `kind`.
    static let peersKind = "peers"

    /// Whether `root` is a peers run's; any other `kind` is refused.
    static func isPeersRun(_ root: H5Object) throws(H5Failure) -> Bool {
        guard try root.hasAttribute("kind") else { return false }
        let kind = try root.string("kind")
        guard kind == peersKind else { throw H5Failure("attribute 'kind' of /: unknown value '\(kind)' (expected '\(peersKind)')") }
        return true
    }

    /// Writes `kind` and the peers' root attributes: `python_version` (`threads` and `workers`
    /// are the settings'), `loss_tolerance`, `reference_run`, `frameworks` (comma-separated, in run order) and per
    /// framework `framework_version_<framework>` and `threads_setting_<framework>`.
    static func writePeersRoot(_ p: PeersEnvironment, _ root: H5Object) throws(H5Failure) {
        try root.setAttribute("kind", peersKind)
        try root.setAttribute("python_version", p.pythonVersion)
        try root.setAttribute("loss_tolerance", p.lossTolerance)
        try root.setAttribute("reference_run", p.referenceRun)
        try root.setAttribute("frameworks", p.frameworks.map(\.framework.rawValue).joined(separator: ","))
        for f in p.frameworks {
            try root.setAttribute("framework_version_\(f.framework)", f.version)
            try root.setAttribute("threads_setting_\(f.framework)", f.threadsSetting)
        }
    }

    static func readPeersRoot(_ root: H5Object) throws(H5Failure) -> PeersEnvironment {
        var frameworks: [PeersEnvironment.FrameworkInfo] = []
        for name in try root.string("frameworks").split(separator: ",") {
            guard let f = Framework(rawValue: String(name)), f != .nnbench else {
                throw H5Failure("attribute 'frameworks' of /: unknown framework '\(name)'")
            }
            // A framework that ran no benchmark has no version recorded.
            let version = try root.hasAttribute("framework_version_\(f)") ? try root.string("framework_version_\(f)") : ""
            let threads = try root.hasAttribute("threads_setting_\(f)") ? try root.string("threads_setting_\(f)") : ""
            frameworks.append(.init(framework: f, version: version, threadsSetting: threads))
        }
        return PeersEnvironment(pythonVersion: try root.string("python_version"), lossTolerance: try root.double("loss_tolerance"),
                                referenceRun: try root.string("reference_run"), frameworks: frameworks)
    }
}
