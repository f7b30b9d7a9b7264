/// The console's colours, named by what they mean; plain text when colour is off
/// (not a terminal, `NO_COLOR`, `--color never`).
struct Style: Sendable {
    var enabled: Bool

    enum Tone: String, Sendable {
        case bold = "1"
        case heading = "1;36"
        case accent = "36"
        case dim = "2"
        case pass = "32"
        case fail = "31"
        case warn = "33"
        case strongPass = "1;32"
        case strongFail = "1;31"
        case strongWarn = "1;33"
        case strongError = "1;31;1"
    }

    func callAsFunction(_ text: String, _ tone: Tone) -> String {
        enabled ? "\u{1B}[\(tone.rawValue)m\(text)\u{1B}[0m" : text
    }
}
