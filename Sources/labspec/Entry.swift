import ArgumentParser
import LabCLI

@main
enum Entry {
    static func main() async {
        await LabspecCommand.main()
    }
}
