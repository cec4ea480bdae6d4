import NNResults
import NNVocabulary

// MARK: - The framework of a benchmark group (schema v2: `framework`, `framework_version`, `mode_class`)

extension HDF5Store {
    /// Attributes of a benchmark group that name its framework and mode class. Every group has
    /// them: nnbench's own with `framework` = `nnbench`, `framework_mode` = `mode_class` = the
    /// mode and `framework_version` = the run's `nnbench_version`.
    static let frameworkFields: Set<String> = ["framework", "framework_version", "framework_mode", "mode_class"]

    /// Writes the framework attributes of `b`; `mode` holds `b.modeLabel`.
    static func writeFramework(_ b: BenchmarkResult, _ run: RunResult, _ g: H5Object) throws(H5Failure) {
        try g.setAttribute("framework", b.framework.rawValue)
        try g.setAttribute("framework_version", b.framework == .nnbench ? run.environment.nnbenchVersion : b.frameworkVersion)
        try g.setAttribute("framework_mode", b.frameworkMode.name)
        try g.setAttribute("mode_class", b.mode.rawValue)
    }

    /// The framework mode of a group: from `framework`, `framework_mode` and `mode_class` when
    /// present (and `mode` must be their label), else (files before peers) nnbench's `mode`.
    static func readFrameworkMode(_ g: H5Object) throws(H5Failure) -> (mode: FrameworkMode, version: String) {
        guard try g.hasAttribute("framework") else {
            return (FrameworkMode(nnbench: try g.enumeration("mode", BenchmarkMode.self)), "")
        }
        let framework = try g.enumeration("framework", Framework.self)
        let modeClass = try g.enumeration("mode_class", BenchmarkMode.self)
        let name = try g.string("framework_mode")
        let fm = FrameworkMode(framework: framework, name: name, modeClass: modeClass)
        let label = try g.string("mode")
        guard label == fm.description, framework != .nnbench || name == modeClass.rawValue else {
            throw H5Failure("attribute 'mode' of \(g.path): '\(label)' does not match framework '\(framework)', "
                + "framework_mode '\(name)' and mode_class '\(modeClass)'")
        }
        return (fm, framework == .nnbench ? "" : try g.string("framework_version"))
    }
}
