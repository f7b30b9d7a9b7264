import LabSpec

extension Console {
    /// Loads the one spec a command works on. Its errors are printed with positions; a
    /// spec that does not load ends the command with exit 2 ("nothing was `verb`").
    func loadSpec(_ path: String, color: ColorMode, nothingWas verb: String) throws -> (lab: Lab, loaded: LoadResult) {
        let renderer = DiagnosticRenderer(colors: color.enabled(for: standardError))
        let loaded = LabLoader.load(path: path)
        for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
            err(renderer.text(diagnostic, source: loaded.source))
        }
        guard let lab = loaded.lab else {
            err("\(path): invalid spec; nothing was \(verb)\n")
            throw ExitStatus.invalidInput.exitCode
        }
        return (lab, loaded)
    }
}
