import Foundation
import LabCLI

@main
enum Entry {
    static func main() async {
        exit(await LabspecCommand.execute())
    }
}
