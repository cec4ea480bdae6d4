import NNResults

// MARK: - Refusing corrupt samples when a run is read

extension HDF5Store {
    /// Checks the datasets of benchmark group `g` whose samples were read as `samples`: every
    /// `*samples_ns` dataset (`samples_ns`, and `warm_samples_ns` of schema 2) must hold finite,
    /// positive times (`SampleCheck`), and every per-sample dataset (`sample_*`, such as
    /// `sample_worker` and `sample_round`) exactly one value per entry of `samples_ns`.
    /// - Throws: `H5Failure` naming the dataset and what is wrong with it.
    static func checkSamples(_ g: H5Object, samples: [Double]) throws(H5Failure) {
        if let problem = SampleCheck.problem(samples) {
            throw H5Failure("\(g.childPath("samples_ns")): \(problem); the file is corrupt: re-run the benchmark")
        }
        for name in try g.children() where name != "samples_ns" {
            if name.hasSuffix("samples_ns") {
                let values = try g.dataset(name).readSeries()
                if let problem = SampleCheck.problem(values) {
                    throw H5Failure("\(g.childPath(name)): \(problem); the file is corrupt: re-run the benchmark")
                }
            } else if name.hasPrefix("sample_") {
                let shape = try g.dataset(name).shape()
                guard shape == [samples.count] else {
                    let found = shape.count == 1 ? "\(shape[0]) values" : "shape \(shape)"
                    throw H5Failure("\(g.childPath(name)): holds \(found) but samples_ns holds \(samples.count); "
                                    + "the file is corrupt: re-run the benchmark")
                }
            }
        }
    }
}
